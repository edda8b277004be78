package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.ui.status.StartupViewModel;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.TabPane;
import javafx.stage.Screen;
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

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The window opens with a saved {@link WindowState} (headless, Monocle's one screen) and reports its state back. */
@ExtendWith(ApplicationExtension.class)
class WindowStateRestoreTest {

    @TempDir
    Path dir;
    private ExecutorService background;
    private Stage stage;
    private final AtomicReference<WorkbenchWindow> window = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "window-state-test");
            t.setDaemon(true);
            return t;
        });
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> stage.setMaximized(false)); // the primary stage is shared by the tests
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        background.shutdownNow();
    }

    private void show(WindowState restore) throws Exception {
        StartupViewModel startup = new StartupViewModel(TaskExecutor.onFxThread(background));
        FxToolkit.setupFixture(() -> window.set(WorkbenchWindow.showStarting(stage, startup, restore)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private WindowState state() throws Exception {
        AtomicReference<WindowState> state = new AtomicReference<>();
        FxToolkit.setupFixture(() -> state.set(window.get().state()));
        return state.get();
    }

    @Test
    void restoresBoundsAndTabWhichStaysSelectedOnceThePanesAttach(FxRobot robot) throws Exception {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        WindowState saved = new WindowState(screen.getMinX() + 20, screen.getMinY() + 10, 1000, 700, false, "ipfs");
        show(saved);

        assertThat(stage.getX()).isEqualTo(saved.x());
        assertThat(stage.getY()).isEqualTo(saved.y());
        assertThat(stage.getWidth()).isEqualTo(1000);
        assertThat(stage.getHeight()).isEqualTo(700);
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("ipfsTab");
        assertThat(state()).isEqualTo(saved);

        WorkbenchServices services = new WorkbenchServices(RealEngine.datasets(), RealEngine.runners(),
                RealEngine.workspace()::status, new EmbeddedContentStore(dir.resolve("ipfs")), background);
        robot.interact(() -> window.get().attach(services, null));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#waiting-ipfsTab").tryQuery().isEmpty());
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("ipfsTab");
    }

    @Test
    void aWindowLastShownOffScreenOpensOnTheScreen() throws Exception {
        show(new WindowState(-5000, -3000, 1000, 700, false, "no-such-tab"));

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Rectangle2D shown = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        assertThat(screen.contains(shown)).as("%s on %s", shown, screen).isTrue();
        assertThat(state().tab()).as("an unknown tab leaves the first one selected").isEqualTo("trainer");
    }

    @Test
    void theStateFollowsTheUsersMovesResizesAndTabs(FxRobot robot) throws Exception {
        show(null);
        robot.interact(() -> {
            stage.setX(15);
            stage.setY(25);
            stage.setWidth(1100);
            stage.setHeight(720);
            robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(4);
        });
        assertThat(state()).isEqualTo(new WindowState(15, 25, 1100, 720, false, "peers"));
    }

    @Test
    void aMaximizedWindowKeepsItsNormalBoundsForLater() throws Exception {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        WindowState saved = new WindowState(screen.getMinX() + 5, screen.getMinY() + 5, 980, 660, true, "network");
        show(saved);

        assertThat(stage.isMaximized()).isTrue();
        assertThat(state()).isEqualTo(saved);
    }
}
