package dev.defl.ui.network;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.ui.RealEngine;
import dev.defl.ui.WorkbenchHarness;
import dev.defl.ui.WorkbenchServices;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The Network pane and Settings → Network… in the window (headless Monocle), over a data directory on disk. */
class NetworkPaneTest extends WorkbenchHarness {
    @TempDir
    Path dataDir;

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.services(background, scratchContentStore());
    }

    @Override
    protected NetworkServices networkServices() {
        try {
            new NetworkSettings("http://127.0.0.1:8545", 0, EndpointSpec.parseList("http://127.0.0.1:5001"),
                    dataDir.resolve("key.json"), Duration.ofSeconds(30)).save(NetworkSettings.fileIn(dataDir));
            return new NetworkServices(dataDir, new EmbeddedContentStore(dataDir.resolve("ipfs")),
                    (spec, seed, content) -> Datasets.load(spec, seed, DatasetOptions.defaults(), content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private static void showNetworkTab(FxRobot robot) {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "networkTab".equals(t.getId())).findFirst().orElseThrow()));
    }

    @Test
    void theNetworkTabShowsTheSavedSettingsAndBothForms(FxRobot robot) throws Exception {
        showNetworkTab(robot);
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(
                tabs.getTabs().stream().filter(t -> "networkTab".equals(t.getId())).findFirst().orElseThrow()));
        Label header = robot.lookup("#networkHeader").queryAs(Label.class);
        waitUntil(10, () -> header.getText().contains("key.json"));
        assertThat(header.getText()).contains("http://127.0.0.1:8545").contains("kubo:http://127.0.0.1:5001");
        Button join = robot.lookup("#networkJoin").queryAs(Button.class);
        assertThat(join.isDisabled()).isFalse();
        assertThat(join.isDefaultButton()).isTrue();
        assertThat(robot.lookup("#networkLeave").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#networkCreate").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#networkCreated").queryAs(javafx.scene.Node.class).isVisible()).isFalse();
    }

    @Test
    void aBadClientAddressIsShownWithItsLineBeforeAnyPasswordIsAskedFor(FxRobot robot) throws Exception {
        showNetworkTab(robot);
        TextArea clients = robot.lookup("#networkCreateClients").queryAs(TextArea.class);
        robot.interact(() -> clients.setText("0x" + "1".repeat(40) + "\nnot-an-address"));
        robot.interact(() -> robot.lookup("#networkCreate").queryAs(Button.class).fire());
        Label error = robot.lookup("#networkCreateError").queryAs(Label.class);
        assertThat(error.getText()).isEqualTo("clients, line 2: 'not-an-address' is not an address (0x + 40 hex digits)");
        assertThat(robot.lookup("#networkPasswordDialog").tryQuery()).isEmpty();
    }

    @Test
    void settingsNetworkOpensTheDialogWhichReportsABadFieldInlineAndSaves(FxRobot robot) throws Exception {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        MenuItem item = bar.getMenus().stream().filter(m -> m.getText().equals("_Settings")).findFirst().orElseThrow()
                .getItems().getFirst();
        assertThat(item.getAccelerator().getName()).isEqualTo("Shortcut+Comma");
        assertThat(item.isDisable()).isFalse();
        robot.interact(item::fire);
        waitUntil(10, () -> robot.lookup("#networkSettingsDialog").tryQuery().isPresent());
        TextField chainId = robot.lookup("#networkChainId").queryAs(TextField.class);
        TextField keystore = robot.lookup("#networkKeystore").queryAs(TextField.class);
        waitUntil(10, () -> keystore.getText().endsWith("key.json"));
        DialogPane pane = robot.lookup("#networkSettingsDialog").queryAs(DialogPane.class);
        Button save = (Button) pane.getButtonTypes().stream().map(pane::lookupButton)
                .filter(b -> ((Button) b).isDefaultButton()).findFirst().orElseThrow();

        robot.interact(() -> chainId.setText("abc"));
        robot.interact(save::fire);
        Label chainIdError = robot.lookup("#networkChainIdError").queryAs(Label.class);
        assertThat(chainIdError.getText()).contains("'abc'");
        assertThat(chainId.getStyleClass()).contains("invalid");

        robot.interact(() -> chainId.setText("31337"));
        robot.interact(save::fire);
        waitUntil(10, () -> robot.lookup("#networkSettingsDialog").tryQuery().isEmpty());
        assertThat(NetworkSettings.load(NetworkSettings.fileIn(dataDir)).orElseThrow().expectedChainId()).isEqualTo(31337);
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(
                tabs.getTabs().stream().filter(t -> "networkTab".equals(t.getId())).findFirst().orElseThrow()));
        Label header = robot.lookup("#networkHeader").queryAs(Label.class);
        assertThat(header.getText()).contains("chain id 31337");
        assertThat(Window.getWindows()).hasSize(1);
    }

    @Test
    void cancellingTheDialogDropsWhatWasTyped(FxRobot robot) throws Exception {
        showNetworkTab(robot);
        robot.interact(() -> robot.lookup("#networkSettingsButton").queryAs(Button.class).fire());
        waitUntil(10, () -> robot.lookup("#networkSettingsDialog").tryQuery().isPresent());
        TextField chainUrl = robot.lookup("#networkChainUrl").queryAs(TextField.class);
        waitUntil(10, () -> robot.lookup("#networkKeystore").queryAs(TextField.class).getText().endsWith("key.json"));
        robot.interact(() -> chainUrl.setText("http://elsewhere:8545"));
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(
                tabs.getTabs().stream().filter(t -> "networkTab".equals(t.getId())).findFirst().orElseThrow()));
        Label header = robot.lookup("#networkHeader").queryAs(Label.class);
        DialogPane pane = robot.lookup("#networkSettingsDialog").queryAs(DialogPane.class);
        robot.interact(() -> ((Button) pane.lookupButton(javafx.scene.control.ButtonType.CANCEL)).fire());
        waitUntil(10, () -> header.getText().contains("http://127.0.0.1:8545"));
        assertThat(NetworkSettings.load(NetworkSettings.fileIn(dataDir)).orElseThrow().chainUrl())
                .isEqualTo("http://127.0.0.1:8545");
    }
}
