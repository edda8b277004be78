package dev.defl.ui.ipfs.transfers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read through it and reports the count after every read; throws
 * {@link InterruptedIOException} on the next read once {@code cancelled} holds or the reading thread is
 * interrupted, which ends the add between two chunks.
 */
final class ProgressInputStream extends FilterInputStream {
    private final LongConsumer onRead;
    private final BooleanSupplier cancelled;

    /**
     * @param in        the stream to read
     * @param onRead    receives the number of bytes just read (> 0), on the reading thread
     * @param cancelled polled before every read
     */
    ProgressInputStream(InputStream in, LongConsumer onRead, BooleanSupplier cancelled) {
        super(in);
        this.onRead = onRead;
        this.cancelled = cancelled;
    }

    private void checkCancelled() throws InterruptedIOException {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("upload cancelled");
        }
    }

    @Override
    public int read() throws IOException {
        checkCancelled();
        int b = super.read();
        if (b >= 0) onRead.accept(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkCancelled();
        int n = super.read(buffer, offset, length);
        if (n > 0) onRead.accept(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        checkCancelled();
        long skipped = super.skip(n);
        if (skipped > 0) onRead.accept(skipped);
        return skipped;
    }
}
