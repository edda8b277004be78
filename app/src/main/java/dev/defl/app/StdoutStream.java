package dev.defl.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * stdout for content a command streams ({@code defl cat}), failing as soon as a write fails, which
 * {@link System#out} (a {@link PrintStream}) never does: it swallows the error, so a {@code defl cat CID | head -c 100}
 * would read and verify the whole DAG after {@code head} had gone. A write to a pipe whose reader has
 * closed throws {@link BrokenPipeException}, which the CLI turns into exit code {@value #EXIT_BROKEN_PIPE}
 * (128 + SIGPIPE, what a shell reports for coreutils {@code cat}) with nothing on stderr.
 *
 * <p>Never closes what it writes to.
 */
final class StdoutStream extends OutputStream {
    /** Exit code after a broken pipe: 128 + SIGPIPE (13). */
    static final int EXIT_BROKEN_PIPE = 141;

    /** An {@link IOException} meaning that the reader of stdout has gone (EPIPE). */
    static final class BrokenPipeException extends IOException {
        BrokenPipeException(IOException cause) {
            super("stdout: broken pipe", cause);
        }
    }

    private final OutputStream out;
    /** The print stream to ask for swallowed errors, when writing through one. */
    private final PrintStream printStream;

    private StdoutStream(OutputStream out, PrintStream printStream) {
        this.out = out;
        this.printStream = printStream;
    }

    /** The process's file descriptor 1, unbuffered: write errors (EPIPE, ENOSPC) surface as they happen. */
    static StdoutStream fileDescriptor() {
        return new StdoutStream(new FileOutputStream(FileDescriptor.out), null);
    }

    /** Through {@code printStream} (such as a captured {@link System#out}), checking its error flag after every write. */
    static StdoutStream checking(PrintStream printStream) {
        return new StdoutStream(Objects.requireNonNull(printStream, "printStream"), printStream);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw translated(e);
        }
        check();
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw translated(e);
        }
        check();
    }

    private void check() throws IOException {
        if (printStream != null && printStream.checkError()) {
            throw new IOException("writing to stdout failed");
        }
    }

    /**
     * {@code e} as a {@link BrokenPipeException} if it reports EPIPE. Java gives no errno: the JDK's
     * message for EPIPE is the C library's {@code strerror(EPIPE)}, "Broken pipe" on Linux and macOS.
     */
    private static IOException translated(IOException e) {
        String message = e.getMessage();
        return message != null && message.contains("Broken pipe") ? new BrokenPipeException(e) : e;
    }

    /** Whether {@code e} or one of its causes is a {@link BrokenPipeException}. */
    static boolean isBrokenPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BrokenPipeException) return true;
        }
        return false;
    }

    /** Does not close stdout. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
