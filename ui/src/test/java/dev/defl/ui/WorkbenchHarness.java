package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Base of the window tests: opens {@link WorkbenchWindow} (headless Monocle, see ui/pom.xml) with the
 * {@link WorkbenchServices} a subclass supplies, on a fresh background pool per test. Subclasses pass the real
 * engine ({@link RealEngine}: the app's dataset loader and runner over a shared embedded workspace).
 */
@ExtendWith(ApplicationExtension.class)
public abstract class WorkbenchHarness {

    private ExecutorService background;
    @TempDir
    Path scratchDir;
    private EmbeddedContentStore scratchStore;

    /** An empty embedded content store in a fresh temporary directory, the same one for the whole test. */
    protected EmbeddedContentStore scratchContentStore() {
        if (scratchStore == null) {
            try {
                scratchStore = new EmbeddedContentStore(scratchDir.resolve("ipfs"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scratchStore;
    }

    /** The services the window under test uses; {@code background} is the pool to hand over. */
    protected abstract WorkbenchServices services(Executor background);

    /** The Network pane's services; null (the default) leaves the pane unavailable. */
    protected dev.defl.ui.network.NetworkServices networkServices() {
        return null;
    }

    /** What answers the Trainer's first-start welcome; null (the default) shows no welcome. */
    protected dev.defl.ui.run.FirstStart firstStart() {
        return null;
    }

    /**
     * Opens the window on TestFX's primary stage. (A {@code @Start} method would not do: TestFX's
     * ApplicationExtension only looks for it among the concrete test class's own methods.)
     */
    @BeforeEach
    protected void openWindow() throws TimeoutException {
        Stage stage = FxToolkit.registerPrimaryStage();
        background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "workbench-test-background");
            t.setDaemon(true);
            return t;
        });
        WorkbenchServices services = services(background);
        dev.defl.ui.network.NetworkServices network = networkServices();
        dev.defl.ui.run.FirstStart first = firstStart();
        FxToolkit.setupFixture(() -> WorkbenchWindow.show(stage, services, network, first));
    }

    @AfterEach
    protected void closeWindow() throws TimeoutException {
        FxToolkit.cleanupStages();
        background.shutdownNow();
    }

    /** Waits (polling) until {@code condition} holds, failing after {@code seconds}. */
    protected static void waitUntil(long seconds, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    /**
     * Drops {@code files} on the node found by {@code query}: DRAG_OVER then DRAG_DROPPED with a mocked
     * {@link Dragboard}, fired on the FX thread (a real drag gesture needs a native window system).
     */
    protected static void dropFiles(FxRobot robot, String query, List<File> files) {
        Node target = robot.lookup(query).query();
        Dragboard dragboard = mock(Dragboard.class);
        when(dragboard.hasFiles()).thenReturn(true);
        when(dragboard.getFiles()).thenReturn(files);
        when(dragboard.getTransferModes()).thenReturn(Set.of(TransferMode.COPY));
        robot.interact(() -> {
            Event.fireEvent(target, new DragEvent(DragEvent.DRAG_OVER, dragboard, 10, 10, 10, 10,
                    TransferMode.COPY, null, null, null));
            Event.fireEvent(target, new DragEvent(DragEvent.DRAG_DROPPED, dragboard, 10, 10, 10, 10,
                    TransferMode.COPY, null, null, null));
        });
    }
}
