package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentTooLargeException;
import dev.defl.engine.envelope.Envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a content store writes a file ({@code cat}) when it may be an envelope: plain content passes straight
 * through to {@code target}; content that starts with the envelope magic ({@link Envelope#isEnvelope}) is held
 * in memory until {@link #finish()}, which opens it and writes only the plaintext. So nothing of encrypted content
 * reaches {@code target} unless the whole envelope verifies. Not thread-safe; {@link #close()} closes nothing.
 */
public final class EnvelopeSink extends OutputStream {
    private static final int MAGIC_BYTES = 8;
    /** The most envelope bytes held: the largest Java array. */
    private static final long MAX_ENVELOPE_BYTES = Integer.MAX_VALUE - 8;

    private final OutputStream target;
    private final Cid cid;
    private final EnvelopeOpener opener;
    private final byte[] head = new byte[MAGIC_BYTES];
    private int headLength;
    /** Null until the first {@value #MAGIC_BYTES} bytes decided; then null for plain content. */
    private ByteArrayOutputStream envelope;
    private boolean decided;
    private boolean encrypted;

    /**
     * @param target where the content (or the plaintext of an envelope) goes; not closed
     * @param cid    the content's CID, for error messages
     * @param opener opens an envelope
     */
    public EnvelopeSink(OutputStream target, Cid cid, EnvelopeOpener opener) {
        this.target = Objects.requireNonNull(target, "target");
        this.cid = Objects.requireNonNull(cid, "cid");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!decided) {
            int n = Math.min(len, MAGIC_BYTES - headLength);
            System.arraycopy(b, off, head, headLength, n);
            headLength += n;
            off += n;
            len -= n;
            if (headLength < MAGIC_BYTES) return;
            decide();
        }
        if (len == 0) return;
        if (encrypted) {
            if (envelope.size() + (long) len > MAX_ENVELOPE_BYTES) {
                throw new ContentTooLargeException(cid, "encrypted ", MAX_ENVELOPE_BYTES);
            }
            envelope.write(b, off, len);
        } else {
            target.write(b, off, len);
        }
    }

    private void decide() throws IOException {
        decided = true;
        encrypted = Envelope.isEnvelope(Arrays.copyOf(head, headLength));
        if (encrypted) {
            envelope = new ByteArrayOutputStream();
            envelope.write(head, 0, headLength);
        } else {
            target.write(head, 0, headLength);
        }
    }

    /**
     * Ends the content: opens a held envelope and writes its plaintext, or writes what plain content is still held
     * (content shorter than the magic).
     *
     * @return whether the content was an envelope
     * @throws EncryptedContentException when the envelope cannot be opened (nothing of it was written)
     * @throws IOException               when writing fails
     */
    public boolean finish() throws IOException {
        if (!decided) decide();
        if (encrypted) {
            byte[] bytes = envelope.toByteArray();
            envelope = null;
            target.write(opener.open(cid, bytes));
        }
        target.flush();
        return encrypted;
    }

    @Override
    public void flush() throws IOException {
        if (decided && !encrypted) target.flush();
    }
}
