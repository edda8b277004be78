package dev.defl.engine.runs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * How a recorder writes to the run database while a run or node goes on: a failed write is logged once (naming the
 * run) and swallowed, because the run matters more than its record.
 */
final class RecordWriter {
    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);

    /** One write of a recorder. */
    interface Write {
        void run() throws IOException;
    }

    private final String what;
    private boolean warned;

    /** @param what the run, for the warning, e.g. {@code "run 12"} or {@code "client run 12"} */
    RecordWriter(String what) {
        this.what = what;
    }

    synchronized void write(Write w) {
        try {
            w.run();
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("{}: the run database could not be written ({}); it goes on without its record", what, e.getMessage());
            }
        }
    }
}
