package dev.defl.ui.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the Trainer's first-start welcome needs to know: whether a run was ever started ({@link #history()}) and
 * whether the user dismissed the welcome. {@link #in(Path)} keeps both as empty marker files in a directory
 * ({@value #RUN_STARTED_FILE} and {@value #WELCOME_DISMISSED_FILE}); {@link #withHistory(PastRuns)} lets a run
 * database answer the first. Every method may block on the file system: call it on a background thread.
 */
public final class FirstStart {

    /** Marker file: the window started a run with this data directory. */
    public static final String RUN_STARTED_FILE = "run-started";
    /** Marker file: the user dismissed the welcome. */
    public static final String WELCOME_DISMISSED_FILE = "welcome-dismissed";

    private final PastRuns history;
    private final Flag dismissed;

    private FirstStart(PastRuns history, Flag dismissed) {
        this.history = Objects.requireNonNull(history, "history");
        this.dismissed = Objects.requireNonNull(dismissed, "dismissed");
    }

    /** Flags as marker files in {@code directory} (created on the first write). */
    public static FirstStart in(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Flag ran = new FileFlag(directory.resolve(RUN_STARTED_FILE));
        return new FirstStart(new PastRuns() {
            @Override public boolean anyRunStarted() { return ran.isSet(); }
            @Override public void runStarted() { ran.set(); }
        }, new FileFlag(directory.resolve(WELCOME_DISMISSED_FILE)));
    }

    /** Flags in memory, for this window only; {@code ranBefore} as if a run had been started before. */
    public static FirstStart inMemory(boolean ranBefore) {
        Flag ran = new MemoryFlag(ranBefore);
        return new FirstStart(new PastRuns() {
            @Override public boolean anyRunStarted() { return ran.isSet(); }
            @Override public void runStarted() { ran.set(); }
        }, new MemoryFlag(false));
    }

    /** The same dismissal flag, with {@code history} answering whether a run was ever started. */
    public FirstStart withHistory(PastRuns history) {
        return new FirstStart(history, dismissed);
    }

    public PastRuns history() {
        return history;
    }

    /** Whether the welcome should show: no run was ever started and the user did not dismiss it. Blocking. */
    public boolean welcomeWanted() {
        return !dismissed.isSet() && !history.anyRunStarted();
    }

    /** Remembers that the user dismissed the welcome. Blocking; never throws. */
    public void dismissWelcome() {
        dismissed.set();
    }

    private interface Flag {
        boolean isSet();
        void set();
    }

    private record MemoryFlag(AtomicBoolean value) implements Flag {
        MemoryFlag(boolean initial) {
            this(new AtomicBoolean(initial));
        }
        @Override public boolean isSet() { return value.get(); }
        @Override public void set() { value.set(true); }
    }

    /** Set when the file exists; a write that fails leaves it unset (the welcome shows again next time). */
    private record FileFlag(Path file) implements Flag {
        @Override public boolean isSet() {
            return Files.exists(file);
        }

        @Override public void set() {
            try {
                Files.createDirectories(file.getParent());
                if (!Files.exists(file)) Files.createFile(file);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(FirstStart.class).warn("cannot write {}: {}", file, e.toString());
            }
        }
    }
}
