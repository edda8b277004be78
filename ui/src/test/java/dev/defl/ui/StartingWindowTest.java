package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.workspace.Workspace.OpeningStep;
import dev.defl.ui.status.StartupViewModel;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window is on screen, with its tabs, menus and status bar, while the workspace is still opening: the opener
 * here reports its first steps and then blocks until the test releases it, as a slow anvil start would.
 */
@ExtendWith(ApplicationExtension.class)
class StartingWindowTest {

    @TempDir
    Path dir;
    private ExecutorService background;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<WorkbenchWindow> window = new AtomicReference<>();
    private StartupViewModel startup;

    @BeforeEach
    void showWindowBeforeTheWorkspace() throws Exception {
        background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "starting-window-test");
            t.setDaemon(true);
            return t;
        });
        Stage stage = FxToolkit.registerPrimaryStage();
        startup = new StartupViewModel(TaskExecutor.onFxThread(background));
        FxToolkit.setupFixture(() -> window.set(WorkbenchWindow.showStarting(stage, startup)));
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        FxToolkit.cleanupStages();
        background.shutdownNow();
    }

    /** Reports the steps up to starting the chain, then waits for {@link #release}; then {@code then} on the FX thread. */
    private void openInBackground(Runnable then) {
        background.execute(() -> {
            Platform.runLater(() -> startup.opening(OpeningStep.LOCKING));
            Platform.runLater(() -> startup.opening(OpeningStep.OPENING_STORE));
            Platform.runLater(() -> startup.opening(OpeningStep.STARTING_CHAIN));
            try {
                release.await();
            } catch (InterruptedException e) {
                return;
            }
            Platform.runLater(then);
        });
    }

    @Test
    void windowIsShownWithWaitingPanesBeforeTheWorkspaceOpensAndFillsThemWhenItDoes(FxRobot robot) throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        WorkbenchServices services = new WorkbenchServices(RealEngine.datasets(), RealEngine.runners(),
                RealEngine.workspace()::status, store, background);
        openInBackground(() -> {
            startup.workspaceOpened(5);
            window.get().attach(services, null);
        });

        Label chain = robot.lookup("#healthChain").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> chain.getText().equals("starting chain…"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.get().stage().isShowing()).isTrue();
        assertThat(robot.lookup("#paneTabs").queryAs(TabPane.class).getTabs()).extracting(Tab::getText)
                .containsExactly("Trainer", "Round timeline", "IPFS", "Chain explorer", "Peers", "Network", "Runs");
        Node placeholder = robot.lookup("#waiting-trainerTab").query();
        assertThat(robot.from(placeholder).lookup(".label").queryAs(Label.class).getText())
                .isEqualTo("Waiting for the chain to start…");
        assertThat(robot.lookup("#healthStore").queryAs(Label.class).getText()).isEqualTo("store ready");
        assertThat(robot.lookup("#runButton").tryQuery()).as("the Trainer is not built yet").isEmpty();
        MenuBar menus = robot.lookup("#menuBar").queryAs(MenuBar.class);
        assertThat(menus.getMenus().get(0).getItems().getFirst().isDisable()).as("Open dataset… while waiting").isTrue();
        assertThat(menus.getMenus().get(1).getItems().getFirst().isDisable()).as("Run while waiting").isTrue();

        release.countDown();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#runButton").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chain.getText()).isEqualTo("chain ready (block 5)");
        assertThat(robot.lookup("#waiting-trainerTab").tryQuery()).isEmpty();
        assertThat(menus.getMenus().get(0).getItems().getFirst().isDisable()).as("Open dataset… once attached").isFalse();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#statusStore").queryAs(Label.class).getText()
                        .contains(RealEngine.workspace().status().storePath().toString()));
    }

    @Test
    void aWorkspaceThatCannotOpenIsShownInTheWindow(FxRobot robot) throws Exception {
        openInBackground(() -> startup.workspaceFailed(OpeningStep.STARTING_CHAIN,
                new IOException("anvil binary not found; looked at: /opt/x/anvil")));
        release.countDown();
        Label chain = robot.lookup("#healthChain").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> chain.getText().startsWith("chain failed"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chain.getText()).isEqualTo("chain failed: anvil binary not found; looked at: /opt/x/anvil");
        assertThat(chain.getStyleClass()).contains("error-text");
        Label waiting = robot.from(robot.lookup("#waiting-explorerTab").<Node>query()).lookup(".label").queryAs(Label.class);
        assertThat(waiting.getText()).isEqualTo("The workspace could not be opened: anvil binary not found; looked at: /opt/x/anvil");
        assertThat(waiting.getStyleClass()).contains("error-text");
    }

    @Test
    void theStatusBarShowsTheHealthOfTheIpfsEndpointsOnceProbed(FxRobot robot) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Label ipfs = robot.lookup("#healthIpfs").queryAs(Label.class);
        assertThat(ipfs.isVisible()).as("no probe yet").isFalse();
        System.gc(); // the bar's listener on the endpoint list must survive a collection
        // a real probe of a port nobody listens on, for the chain and one Kubo endpoint
        var probe = new dev.defl.engine.health.ReadinessProbe("http://127.0.0.1:" + closedPort,
                java.util.List.of(dev.defl.engine.content.net.EndpointSpec.parse("kubo:http://127.0.0.1:" + closedPort)),
                java.time.Duration.ofSeconds(2));
        robot.interact(() -> startup.watchHealth(probe::probe));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, ipfs::isVisible);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ipfs.getText()).isEqualTo("IPFS 0/1 up");
        assertThat(ipfs.getStyleClass()).contains("error-text");
        assertThat(ipfs.getTooltip().getText()).contains("kubo:http://127.0.0.1:" + closedPort).contains("did not answer");
    }
}
