package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;

import java.io.IOException;
import java.util.List;

/** Encrypted content (an envelope, {@code docs/envelope.md}) that this user cannot open; the message names the CID. */
public abstract sealed class EncryptedContentException extends IOException
        permits NotEncryptedForYouException, TamperedContentException {
    private final transient Cid cid;
    private final List<String> recipients;

    EncryptedContentException(Cid cid, List<String> recipients, String message, Throwable cause) {
        super(message, cause);
        this.cid = cid;
        this.recipients = List.copyOf(recipients);
    }

    /** The content's CID (the envelope's). */
    public Cid cid() {
        return cid;
    }

    /** The envelope's recipients ({@code 0x} and 40 lower-case hex digits, ascending); empty when unreadable. */
    public List<String> recipients() {
        return recipients;
    }
}
