package dev.defl.ui.run;

/**
 * Whether runs were started in this workspace before: the Trainer's first-start welcome shows only while none was.
 * Today a flag file answers ({@link FirstStart#in}); the run database can answer instead by implementing this.
 * Both methods may block (a file, a database) and are called on a background thread, never the FX thread.
 */
public interface PastRuns {

    /** Whether a run was ever started here (by the window; a run database may count every run). */
    boolean anyRunStarted();

    /**
     * Records that a run is starting. Never throws: a record that cannot be written only shows the welcome again.
     */
    void runStarted();
}
