package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.ForwardingContentStore;
import dev.defl.engine.content.ContentTooLargeException;
import dev.defl.engine.envelope.Envelope;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A content store whose reads open envelopes: {@link #cat} and {@link #catBytes} give the plaintext of encrypted
 * content (opened by an {@link EnvelopeOpener}, e.g. the user's keystore accounts) and plain content as it is, so a
 * reader such as {@code DatasetPublisher.fetch} reads an encrypted dataset without knowing. Adds are passed through
 * unchanged.
 */
public final class OpeningContentStore extends ForwardingContentStore {
    private final EnvelopeOpener opener;

    public OpeningContentStore(ContentStore inner, EnvelopeOpener opener) {
        super(inner);
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /**
     * {@inheritDoc} Encrypted content is held in memory and written only once it verifies.
     *
     * @throws EncryptedContentException when it is an envelope that cannot be opened (naming the CID)
     */
    @Override
    public void cat(Cid cid, OutputStream out) throws IOException {
        EnvelopeSink sink = new EnvelopeSink(out, cid, opener);
        inner.cat(cid, sink);
        sink.finish();
    }

    /**
     * {@inheritDoc} {@code maxBytes} bounds the plaintext; an envelope may be up to
     * {@link Envelope#overheadBytes}({@link Envelope#MAX_RECIPIENTS}) bytes larger.
     *
     * @throws EncryptedContentException when it is an envelope that cannot be opened (naming the CID)
     */
    @Override
    public byte[] catBytes(Cid cid, long maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be within 0.." + (Integer.MAX_VALUE - 8) + ", got " + maxBytes);
        }
        long rawLimit = Math.min(Integer.MAX_VALUE - 8, maxBytes + Envelope.overheadBytes(Envelope.MAX_RECIPIENTS));
        byte[] raw = inner.catBytes(cid, rawLimit);
        byte[] content = Envelope.isEnvelope(raw) ? opener.open(cid, raw) : raw;
        if (content.length > maxBytes) throw new ContentTooLargeException(cid, "", maxBytes);
        return content;
    }
}
