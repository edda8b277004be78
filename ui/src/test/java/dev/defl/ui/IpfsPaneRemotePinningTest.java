package dev.defl.ui;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.remotepin.InMemoryPinningService;
import dev.defl.engine.content.remotepin.PinState;
import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.ipfs.RemotePinRow;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import static dev.defl.ui.IpfsPaneTest.fx;
import static dev.defl.ui.IpfsPaneTest.table;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IPFS pane's "Remote pinning" section against the engine's {@link InMemoryPinningService} (real HTTP, the
 * Pinning Service API; no real service is reachable from the test machines): configure the service, pin a
 * local root remotely, watch it reach "pinned" through the background polling, remove it after confirming.
 */
class IpfsPaneRemotePinningTest extends WorkbenchHarness {

    private static final String TOKEN = "psa-token-for-the-pane-test";

    @TempDir
    Path dataDir;
    private InMemoryPinningService service;

    @Override
    protected WorkbenchServices services(Executor background) {
        try {
            service = new InMemoryPinningService(TOKEN, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WorkbenchServices(RealEngine.datasets(), RealEngine.runners(),
                RealEngine.workspace()::status, scratchContentStore(), background, null,
                PinningServiceSettings.fileIn(dataDir), () -> null, null);
    }

    @AfterEach
    void stopTheService() {
        if (service != null) service.close();
    }

    @Test
    void aLocalRootIsPinnedRemotelyReachesPinnedAndIsRemovedAfterConfirmation(FxRobot robot) throws Exception {
        Cid root = scratchContentStore().add("global model after round 5".getBytes(StandardCharsets.UTF_8));
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(2));
        robot.interact(() -> robot.lookup("#ipfsRemotePinning").queryAs(TitledPane.class).setExpanded(true));
        Button pinRemotely = robot.lookup("#ipfsPinRemotelyButton").queryAs(Button.class);
        assertThat(fx(pinRemotely::isDisabled)).as("not connected yet").isTrue();

        // configure: the URL typed, the token typed into the password field, Enter connects
        robot.interact(() -> robot.lookup("#ipfsPinningUrlField").queryAs(TextField.class).setText(service.endpoint().toString()));
        PasswordField token = robot.lookup("#ipfsPinningTokenField").queryAs(PasswordField.class);
        robot.interact(token::requestFocus);
        robot.write(TOKEN);
        robot.push(KeyCode.ENTER);
        Label status = robot.lookup("#ipfsPinningStatus").queryAs(Label.class);
        waitUntil(30, () -> fx(() -> status.getText().startsWith("No remote pins at " + service.endpoint())));
        assertThat(fx(() -> robot.lookup("#ipfsPinningError").queryAs(Label.class).isVisible())).isFalse();

        TableView<PinRow> local = table(robot);
        waitUntil(30, () -> fx(() -> local.getItems().size() == 1));
        robot.interact(() -> local.getSelectionModel().select(0));
        robot.interact(pinRemotely::fire);

        @SuppressWarnings("unchecked")
        TableView<RemotePinRow> remote = robot.lookup("#ipfsRemotePinTable").queryAs(TableView.class);
        waitUntil(30, () -> fx(() -> remote.getItems().size() == 1));
        assertThat(fx(() -> remote.getItems().getFirst().cid())).isEqualTo(root.toString());
        waitUntil(60, () -> fx(() -> remote.getItems().getFirst().status() == PinState.PINNED));
        ProgressIndicator progress = robot.lookup("#ipfsPinningProgress").queryAs(ProgressIndicator.class);
        waitUntil(30, () -> fx(() -> !progress.isVisible() && status.getText().startsWith("1 remote pin: 1 pinned")));
        assertThat(service.requestLines()).anyMatch(line -> line.startsWith("GET /pins/"));

        robot.interact(() -> {
            remote.getSelectionModel().select(0);
            remote.requestFocus();
        });
        assertThat(fx(() -> robot.lookup("#ipfsRemoteRemoveButton").queryAs(Button.class).isDisabled())).isFalse();
        robot.push(KeyCode.DELETE); // the same confirmation as "Remove remote pin…"
        waitUntil(10, () -> robot.lookup(".dialog-pane .button").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(fx(dialog::getContentText)).contains(root.toString()).contains(service.endpoint().toString());
        robot.interact(() -> ((Button) dialog.lookupButton(ButtonType.OK)).fire());

        waitUntil(30, () -> fx(() -> remote.getItems().isEmpty()));
        assertThat(service.size()).isZero();
        assertThat(Files.readString(PinningServiceSettings.fileIn(dataDir)))
                .contains(service.endpoint().toString()).doesNotContain(TOKEN);
    }
}
