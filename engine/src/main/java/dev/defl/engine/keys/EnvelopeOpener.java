package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;

/** Opens an envelope read from a content store, with keys this user holds. */
@FunctionalInterface
public interface EnvelopeOpener {
    /**
     * The plaintext of {@code envelope}, the content of {@code cid}.
     *
     * @throws NotEncryptedForYouException when no key this opener holds is a recipient (naming the CID and recipients)
     * @throws TamperedContentException    when the envelope is malformed or fails its integrity checks (naming the CID)
     */
    byte[] open(Cid cid, byte[] envelope) throws EncryptedContentException;
}
