package dev.defl.app;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Machine-readable start-up milestones of the window, one line each on stdout, in milliseconds since the JVM started
 * ({@link java.lang.management.RuntimeMXBean#getUptime()}): {@code startup first-frame <ms>} once the render thread
 * rendered the window's first frame, {@code startup ready <ms>} once the chain is ready. Printed only when enabled
 * ({@code --startup-report} or {@code -Ddefl.startup.report=true}); {@code defl bench startup} reads them.
 */
final class StartupReport {

    /** System property that turns the report on. */
    static final String PROPERTY = "defl.startup.report";

    private final boolean enabled;
    private final PrintStream out;
    private boolean readySaid;

    StartupReport(boolean enabled, PrintStream out) {
        this.enabled = enabled;
        this.out = out;
    }

    /** Milliseconds since the JVM started. */
    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /**
     * Call on the FX thread right after {@code stage.show()}. The first frame is said when the render thread has
     * rendered it: JavaFX's scene performance tracker ({@code com.sun.javafx.perf.PerformanceTracker}, reached by
     * reflection since it is not public API) runs a task after each rendered frame. Where that is not accessible (a
     * modular runtime without {@code --add-exports javafx.graphics/com.sun.javafx.perf=ALL-UNNAMED}) it falls back to
     * the second pulse after showing, which may come before the render thread presented the first frame.
     */
    void watchFirstFrame(Scene scene) {
        if (!enabled) return;
        if (!watchRenderedFrame(scene)) watchSecondPulse();
    }

    private boolean watchRenderedFrame(Scene scene) {
        try {
            Class<?> trackers = Class.forName("com.sun.javafx.perf.PerformanceTracker");
            Object tracker = trackers.getMethod("getSceneTracker", Scene.class).invoke(null, scene);
            AtomicBoolean said = new AtomicBoolean();
            Runnable onFrame = () -> {
                if (said.compareAndSet(false, true)) {
                    say("first-frame");
                    Platform.runLater(() -> release(trackers, scene));
                }
            };
            trackers.getMethod("setOnRenderedFrameTask", Runnable.class).invoke(tracker, onFrame);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void release(Class<?> trackers, Scene scene) {
        try {
            trackers.getMethod("releaseSceneTracker", Scene.class).invoke(null, scene);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the tracker stays attached: it only counts frames
        }
    }

    private void watchSecondPulse() {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses < 2) return;
                stop();
                say("first-frame");
            }
        }.start();
    }

    /** The chain is ready (said once). */
    void ready() {
        if (!enabled || readySaid) return;
        readySaid = true;
        say("ready");
    }

    private synchronized void say(String milestone) {
        out.println("startup " + milestone + " " + uptimeMillis());
        out.flush();
    }
}
