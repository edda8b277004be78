package dev.defl.engine.runs;

import java.util.Locale;

/** Where a run stands ({@code runs.status}). */
public enum RunStatus {
    /** Its process is (or was last seen) running it. */
    RUNNING,
    /** Every planned round finalized, or the node's task completed. */
    FINISHED,
    /** The user stopped it; a run's task was abandoned on chain. */
    STOPPED,
    /** It ended on an error ({@code runs.error} says which). */
    FAILED,
    /** Its process died without ending it (killed, crashed, power lost); found when the database was next opened. */
    INTERRUPTED;

    /** The value in the {@code runs.status} column, e.g. {@code "finished"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a value not in the {@code runs.status} column's set */
    public static RunStatus parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
