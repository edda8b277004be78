package dev.defl.engine.runs;

import java.util.Locale;

/** What a run in the run database is: an experiment run in one process, or one node of a task. */
public enum RunKind {
    /** {@code defl run} or the Trainer pane: every role in this process. */
    EXPERIMENT,
    /** {@code defl node --role client} or a client joined from the Network pane. */
    CLIENT,
    /** {@code defl node --role aggregator} or an aggregator joined from the Network pane. */
    AGGREGATOR;

    /** The value in the {@code runs.kind} column, e.g. {@code "experiment"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a value not in the {@code runs.kind} column's set */
    public static RunKind parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
