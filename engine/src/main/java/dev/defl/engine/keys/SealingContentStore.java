package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.ForwardingContentStore;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.Recipient;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A content store whose adds seal: each {@link #add} stores an envelope of the content for {@link #recipients()}
 * ({@link Envelope#seal}, a fresh data key per add) and returns the envelope's CID, so a writer such as
 * {@code DatasetPublisher.publish} publishes every shard and the manifest encrypted. Reads pass through
 * unchanged (they return the envelopes). Content is held in memory to be sealed, at most
 * {@link Envelope#MAX_PLAINTEXT_BYTES} bytes.
 */
public final class SealingContentStore extends ForwardingContentStore {
    private final List<Recipient> recipients;

    /**
     * @param recipients 1 .. {@link Envelope#MAX_RECIPIENTS} recipients with distinct addresses
     * @throws IllegalArgumentException when there are none or too many
     */
    public SealingContentStore(ContentStore inner, List<Recipient> recipients) {
        super(inner);
        this.recipients = List.copyOf(recipients);
        if (this.recipients.isEmpty() || this.recipients.size() > Envelope.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("content is sealed for 1 to " + Envelope.MAX_RECIPIENTS + " recipients, not "
                    + this.recipients.size());
        }
    }

    /** Whom every add is sealed for. */
    public List<Recipient> recipients() {
        return recipients;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the content exceeds {@link Envelope#MAX_PLAINTEXT_BYTES}
     */
    @Override
    public Cid add(InputStream in) throws IOException {
        byte[] content = in.readNBytes(Envelope.MAX_PLAINTEXT_BYTES);
        if (in.read() >= 0) {
            throw new IllegalArgumentException("content to encrypt exceeds " + Envelope.MAX_PLAINTEXT_BYTES + " bytes");
        }
        return add(content);
    }

    @Override
    public Cid add(byte[] data) throws IOException {
        return inner.add(Envelope.seal(data, recipients));
    }
}
