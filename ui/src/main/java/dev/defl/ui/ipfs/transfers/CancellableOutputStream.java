package dev.defl.ui.ipfs.transfers;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Counts the bytes written through it ({@code progress} gets each write's length) and throws
 * {@link InterruptedIOException} at the next write once {@code cancelled} is true: how a save, export or
 * fetch is cancelled without interrupting the worker thread (the output side of {@link ProgressInputStream}).
 */
final class CancellableOutputStream extends FilterOutputStream {
    private final LongConsumer progress;
    private final BooleanSupplier cancelled;

    CancellableOutputStream(OutputStream out, LongConsumer progress, BooleanSupplier cancelled) {
        super(Objects.requireNonNull(out, "out"));
        this.progress = Objects.requireNonNull(progress, "progress");
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    }

    @Override
    public void write(int b) throws IOException {
        check();
        out.write(b);
        progress.accept(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        out.write(b, off, len);
        progress.accept(len);
    }

    private void check() throws InterruptedIOException {
        if (cancelled.getAsBoolean()) throw new InterruptedIOException("cancelled");
    }
}
