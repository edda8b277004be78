package dev.defl.app;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One status line on a terminal's stderr, redrawn in place ({@code \r}, then the text, then
 * erase-to-end-of-line {@code ESC[K}) at most every {@link #INTERVAL_NANOS} ns (about 10 times a second),
 * and erased by {@link #close()} so the command's own output starts on a clean line. Not thread-safe:
 * one command's thread updates it.
 */
final class ProgressLine implements AutoCloseable {
    /** The least time between two redraws, in nanoseconds (100 ms). */
    static final long INTERVAL_NANOS = 100_000_000L;

    private final PrintStream err;
    private final LongSupplier nanoClock;
    private long drawnAt;
    private boolean drawn;

    /**
     * @param err       where the line is drawn (stderr, on a terminal)
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    ProgressLine(PrintStream err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether stderr is a terminal, so a progress line may be drawn there. On Linux this reads where
     * {@code /proc/self/fd/2} points (a {@code /dev/pts/N} or {@code /dev/ttyN} device); elsewhere it falls
     * back to {@link java.io.Console#isTerminal()} (stdin and stdout interactive), the best Java offers.
     */
    static boolean stderrIsTerminal() {
        return fdIsTerminal(2).orElseGet(ProgressLine::consoleIsTerminal);
    }

    /**
     * Whether stderr is a terminal and stdout is not, so progress for content that goes to stdout
     * ({@code cat}) never lands in it or interleaves with it on the screen: {@code defl cat CID > file}
     * shows progress, {@code defl cat CID} and {@code defl cat CID 2> log} do not. Decided from
     * {@code /proc/self/fd}; where that does not exist (not Linux), false: no progress.
     */
    static boolean stderrOnlyIsTerminal() {
        return fdIsTerminal(2).orElse(false) && !fdIsTerminal(1).orElse(true);
    }

    private static boolean consoleIsTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /** Whether file descriptor {@code fd} of this process is a terminal device; empty if /proc cannot tell. */
    private static Optional<Boolean> fdIsTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (!Files.isSymbolicLink(link)) return Optional.empty();
        try {
            String target = Files.readSymbolicLink(link).toString();
            return Optional.of(target.startsWith("/dev/pts/") || target.startsWith("/dev/tty"));
        } catch (IOException e) {
            return Optional.empty(); // the probe failed: no answer, so the caller's fallback applies
        }
    }

    /** Redraws the line with {@code status} if this is the first update or {@link #INTERVAL_NANOS} have passed. */
    void update(Supplier<String> status) {
        long now = nanoClock.getAsLong();
        if (drawn && now - drawnAt < INTERVAL_NANOS) return;
        drawnAt = now;
        drawn = true;
        err.print("\r" + status.get() + "\033[K");
        err.flush();
    }

    /** Erases the line if anything was drawn (nothing otherwise). */
    @Override
    public void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    /** {@code bytes} in binary units with one decimal: "512 B", "1.5 KiB", "10.0 GiB". */
    static String bytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** "{@code done} / {@code total} (P %)" in binary units, P rounded down; 100 % when {@code total} is 0. */
    static String bytesOf(long done, long total) {
        long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
        return bytes(done) + " / " + bytes(total) + " (" + percent + " %)";
    }

    /** An input stream that reports the running count of bytes read from {@code in} to {@code onBytes}. */
    static InputStream counting(InputStream in, LongConsumer onBytes) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) onBytes.accept(++count);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) onBytes.accept(count += n);
                return n;
            }
        };
    }

    /** An output stream that reports the running count of bytes written to {@code out} to {@code onBytes}. */
    static OutputStream counting(OutputStream out, LongConsumer onBytes) {
        return new FilterOutputStream(out) {
            private long count;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                onBytes.accept(++count);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                onBytes.accept(count += len);
            }
        };
    }
}
