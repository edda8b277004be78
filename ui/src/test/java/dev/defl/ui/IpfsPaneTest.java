package dev.defl.ui;

import dev.defl.engine.content.Cid;
import dev.defl.ui.ipfs.DagNode;
import dev.defl.ui.ipfs.PinRow;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The IPFS pane in the window, over a real embedded content store in a temporary directory. */
class IpfsPaneTest extends WorkbenchHarness {

    static final int FILE_BYTES = 600 * 1024; // three 256 KiB chunks

    @TempDir
    Path files;

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.services(background, scratchContentStore());
    }

    /** Reads UI state on the FX thread. */
    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @SuppressWarnings("unchecked")
    static TableView<PinRow> table(FxRobot robot) {
        return robot.lookup("#ipfsTable").queryAs(TableView.class);
    }

    @SuppressWarnings("unchecked")
    static TreeView<DagNode> dag(FxRobot robot) {
        return robot.lookup("#ipfsDag").queryAs(TreeView.class);
    }

    @Test
    void droppedFileAppearsAsARowAndItsDagCanBeInspected(FxRobot robot) throws Exception {
        byte[] line = "client 3 trained 2 local epochs\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[FILE_BYTES];
        for (int i = 0; i < content.length; i++) content[i] = line[i % line.length];
        Path file = Files.write(files.resolve("notes.txt"), content);
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));

        dropFiles(robot, "#ipfsPane", List.of(file.toFile()));

        TableView<PinRow> table = table(robot);
        waitUntil(30, () -> fx(() -> table.getItems().stream().anyMatch(r -> r.name().equals("notes.txt"))));
        PinRow row = fx(() -> table.getItems().stream().filter(r -> r.name().equals("notes.txt")).findFirst().orElseThrow());
        assertThat(row.sizeBytes()).isEqualTo(FILE_BYTES);
        assertThat(row.pinMode()).isEqualTo("recursive");
        assertThat(scratchContentStore().isPinned(Cid.parse(row.cid()))).isTrue();
        waitUntil(30, () -> fx(() -> robot.lookup("#ipfsMessage").queryAs(Label.class).getText()
                .equals("Added 1 file (600 KiB)")));
        waitUntil(30, () -> fx(() -> robot.lookup("#ipfsStats").queryAs(Label.class).getText()
                .contains("1 pinned root")));

        robot.interact(() -> table.getSelectionModel().select(row));

        TreeView<DagNode> dag = dag(robot);
        waitUntil(30, () -> fx(() -> dag.getRoot() != null && dag.getRoot().getValue().cid().toString().equals(row.cid())
                && dag.getRoot().getChildren().size() == 3
                && dag.getRoot().getChildren().stream().allMatch(c -> c.getValue() != null)));
        List<DagNode> leaves = fx(() -> dag.getRoot().getChildren().stream().map(TreeItem::getValue).toList());
        assertThat(leaves).extracting(DagNode::codecName).containsOnly("raw");
        assertThat(leaves).extracting(DagNode::sizeBytes).containsExactly(262_144L, 262_144L, 90_112L);
        assertThat(fx(() -> dag.getRoot().getValue().linkCount())).isEqualTo(3);
        TextArea preview = robot.lookup("#ipfsPreviewText").queryAs(TextArea.class);
        waitUntil(30, () -> fx(() -> preview.isVisible() && preview.getText().startsWith("client 3 trained")));
    }

    @Test
    void networkSectionListsAddedEndpointsAndShowsTheirHealthAfterACheck(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));
        robot.interact(() -> {
            robot.lookup("#ipfsNetwork").queryAs(TitledPane.class).setExpanded(true);
            robot.lookup("#ipfsEndpointField").queryAs(TextField.class).setText("http://127.0.0.1:1");
            robot.lookup("#ipfsEndpointAddButton").queryAs(Button.class).fire();
        });
        @SuppressWarnings("unchecked")
        TableView<dev.defl.ui.ipfs.endpoints.EndpointRow> endpoints = robot.lookup("#ipfsEndpointTable").queryAs(TableView.class);
        waitUntil(10, () -> fx(() -> endpoints.getItems().size() == 1));
        assertThat(fx(() -> endpoints.getItems().getFirst().health())).isEqualTo("healthy"); // not asked yet

        robot.interact(() -> robot.lookup("#ipfsEndpointCheckButton").queryAs(Button.class).fire());

        // the probe runs on the background executor; its health reaches the table on the FX thread
        waitUntil(30, () -> fx(() -> endpoints.getItems().getFirst().health().equals("unhealthy")));
        assertThat(fx(() -> endpoints.getItems().getFirst().lastError())).isNotBlank();
        robot.interact(() -> {
            endpoints.getSelectionModel().select(0);
            robot.lookup("#ipfsEndpointRemoveButton").queryAs(Button.class).fire();
        });
        waitUntil(10, () -> fx(() -> endpoints.getItems().isEmpty()));
    }

    @Test
    void malformedCidIsShownInTheErrorLabelNamingIt(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));
        robot.interact(() -> {
            robot.lookup("#ipfsCidField").queryAs(TextField.class).setText("bafyNOPE");
            robot.lookup("#ipfsInspectButton").queryAs(Button.class).fire();
        });

        Label error = robot.lookup("#ipfsError").queryAs(Label.class);
        waitUntil(10, () -> fx(() -> error.isVisible() && error.getText().contains("\"bafyNOPE\"")));
        assertThat(fx(error::getText)).startsWith("Not a CID: ");
        assertThat(fx(() -> Objects.isNull(dag(robot).getRoot()))).isTrue();
    }

    @Test
    void ctrlFFocusesTheFilterAndDeleteUnpinsAfterConfirmation(FxRobot robot) throws Exception {
        Cid kept = scratchContentStore().add("kept".getBytes(StandardCharsets.UTF_8));
        Cid dropped = scratchContentStore().add("dropped".getBytes(StandardCharsets.UTF_8));
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));
        TableView<PinRow> table = table(robot);
        robot.interact(() -> robot.lookup("#ipfsRefreshButton").queryAs(Button.class).fire());
        waitUntil(30, () -> fx(() -> table.getItems().size() == 2));

        robot.interact(table::requestFocus);
        robot.push(KeyCode.SHORTCUT, KeyCode.F);
        TextField filter = robot.lookup("#ipfsFilter").queryAs(TextField.class);
        waitUntil(10, () -> fx(filter::isFocused));
        robot.interact(() -> filter.setText(dropped.toString().substring(30)));
        waitUntil(10, () -> fx(() -> table.getItems().size() == 1));

        robot.interact(() -> {
            table.getSelectionModel().select(0);
            table.requestFocus();
        });
        robot.push(KeyCode.DELETE);
        waitUntil(10, () -> robot.lookup(".dialog-pane .button").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(fx(dialog::getContentText)).contains(dropped.toString()).contains("next garbage collection");
        robot.interact(() -> ((Button) dialog.lookupButton(ButtonType.OK)).fire());

        waitUntil(30, () -> fx(() -> table.getItems().getFirst().pinMode().equals(PinRow.UNPINNED)));
        assertThat(scratchContentStore().isPinned(dropped)).isFalse();
        assertThat(scratchContentStore().isPinned(kept)).isTrue();
    }

    @Test
    void thePaneIsBoundOnlyWhileItsTabIsShownAndListsTheStoreAfreshOnReturn(FxRobot robot) throws Exception {
        Cid first = scratchContentStore().add("first".getBytes(StandardCharsets.UTF_8));
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(2));
        // only the selected tab's pane is in the scene (SelectedTabContent): its nodes are looked up while it is shown
        Label stats = robot.lookup("#ipfsStats").queryAs(Label.class);
        Label error = robot.lookup("#ipfsError").queryAs(Label.class);
        TableView<PinRow> table = table(robot);
        waitUntil(30, () -> fx(() -> table.getItems().size() == 1 && stats.getText().contains("1 pinned root")));
        assertThat(fx(() -> robot.lookup("#ipfsPreviewNote").queryAs(Label.class).getText()))
                .isEqualTo("Select a small file to preview it.");
        robot.interact(() -> table.getSelectionModel().select(0));
        waitUntil(30, () -> fx(() -> dag(robot).getRoot() != null));

        robot.interact(() -> tabs.getSelectionModel().select(0));
        assertThat(fx(() -> stats.textProperty().isBound())).isFalse();
        assertThat(fx(() -> error.textProperty().isBound())).isFalse();
        assertThat(robot.lookup("#ipfsStats").tryQuery()).as("the hidden pane is out of the scene").isEmpty();
        Cid second = scratchContentStore().add("second, added while the pane is away".getBytes(StandardCharsets.UTF_8));

        robot.interact(() -> tabs.getSelectionModel().select(2));

        waitUntil(30, () -> fx(() -> table.getItems().size() == 2 && stats.getText().contains("2 pinned roots")));
        assertThat(fx(() -> stats.textProperty().isBound())).isTrue();
        assertThat(fx(() -> table.getItems().stream().map(PinRow::cid).toList()))
                .containsExactlyInAnyOrder(first.toString(), second.toString());
        assertThat(fx(() -> dag(robot).getRoot().getValue().cid())).isEqualTo(first);
    }
}
