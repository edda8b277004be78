package dev.defl.app;

import javafx.animation.AnimationTimer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * Machine-readable start-up milestones of the window, one line each on stdout, in milliseconds since the JVM started
 * ({@link java.lang.management.RuntimeMXBean#getUptime()}): {@code startup first-frame <ms>} once the first frame
 * of the window was painted, {@code startup ready <ms>} once the chain is ready. Printed only when enabled
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
     * Call on the FX thread right after {@code stage.show()}: the window's first frame is rendered at the end of the
     * next pulse, so the pulse after it reports it painted.
     */
    void watchFirstFrame() {
        if (!enabled) return;
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

    private void say(String milestone) {
        out.println("startup " + milestone + " " + uptimeMillis());
        out.flush();
    }
}
