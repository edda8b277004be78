package dev.defl.ui;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.kubo.AddOptions;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.ui.ipfs.DagNode;
import dev.defl.ui.ipfs.PinRow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;

import static dev.defl.ui.IpfsPaneTest.dag;
import static dev.defl.ui.IpfsPaneTest.fx;
import static dev.defl.ui.IpfsPaneTest.table;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IPFS pane's DAG inspector reading a CID its embedded store lacks from a real js-ipfs node (the engine's
 * {@link JsIpfsDaemon} fixture), after a dead node first in the endpoint list.
 */
class IpfsPaneNetworkTest extends WorkbenchHarness {

    private static JsIpfsDaemon daemon;
    private static byte[] content;
    private static Cid root;

    @BeforeAll
    static void startTheNode(@TempDir Path home) throws Exception {
        daemon = JsIpfsDaemon.start(home.resolve("node"));
        byte[] line = "aggregator: FedAvg over 3 client updates\n".getBytes(StandardCharsets.US_ASCII);
        content = new byte[600 * 1024];
        for (int i = 0; i < content.length; i++) content[i] = line[i % line.length];
        try (KuboRpcClient client = daemon.client(Duration.ofSeconds(30))) {
            root = client.add(new ByteArrayInputStream(content), "fedavg.log", AddOptions.CIDV1_RAW_LEAVES);
        }
    }

    @AfterAll
    static void stopTheNode() {
        if (daemon != null) daemon.close();
    }

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.services(background, scratchContentStore());
    }

    private static void addEndpoint(FxRobot robot, String text) {
        robot.interact(() -> {
            robot.lookup("#ipfsEndpointField").queryAs(TextField.class).setText(text);
            robot.lookup("#ipfsEndpointAddButton").queryAs(Button.class).fire();
        });
    }

    @Test
    void aCidOnlyTheNodeHasIsInspectedThroughTheNetworkListedAsFetchedAndCanBePinned(FxRobot robot) throws Exception {
        assertThat(scratchContentStore().has(root)).isFalse();
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));
        robot.interact(() -> robot.lookup("#ipfsNetwork").queryAs(TitledPane.class).setExpanded(true));
        addEndpoint(robot, "kubo:http://127.0.0.1:1");
        addEndpoint(robot, "kubo:" + daemon.apiUrl());

        robot.interact(() -> {
            robot.lookup("#ipfsCidField").queryAs(TextField.class).setText(root.toString());
            robot.lookup("#ipfsInspectButton").queryAs(Button.class).fire();
        });

        TreeView<DagNode> dag = dag(robot);
        waitUntil(60, () -> fx(() -> dag.getRoot() != null));
        DagNode node = fx(() -> dag.getRoot().getValue());
        assertThat(node.cid()).isEqualTo(root);
        assertThat(node.sizeBytes()).isEqualTo(content.length);
        assertThat(node.origin()).isEqualTo(daemon.apiUrl().toString());
        TextArea preview = robot.lookup("#ipfsPreviewText").queryAs(TextArea.class);
        waitUntil(60, () -> fx(() -> preview.isVisible() && preview.getText().startsWith("aggregator: FedAvg")));
        Label message = robot.lookup("#ipfsMessage").queryAs(Label.class);
        assertThat(fx(message::getText)).contains(root.toString()).contains("from 127.0.0.1:").contains("unpinned");

        TableView<PinRow> table = table(robot);
        waitUntil(30, () -> fx(() -> table.getItems().stream()
                .anyMatch(r -> r.cid().equals(root.toString()) && r.pinMode().equals(PinRow.FETCHED))));
        assertThat(scratchContentStore().has(root)).isTrue();
        assertThat(scratchContentStore().isPinned(root)).isFalse();

        robot.interact(() -> {
            table.getSelectionModel().select(table.getItems().stream()
                    .filter(r -> r.cid().equals(root.toString())).findFirst().orElseThrow());
            robot.lookup("#ipfsPinButton").queryAs(Button.class).fire();
        });
        waitUntil(60, () -> scratchContentStore().isPinned(root));
        waitUntil(30, () -> fx(() -> table.getItems().stream()
                .anyMatch(r -> r.cid().equals(root.toString()) && r.pinMode().equals("recursive"))));
        assertThat(fx(() -> robot.lookup("#ipfsError").queryAs(Label.class).getText())).isEmpty();
    }
}
