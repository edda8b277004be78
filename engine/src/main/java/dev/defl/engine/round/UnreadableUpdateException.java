package dev.defl.engine.round;

import dev.defl.engine.content.Cid;

import java.io.IOException;
import java.util.Objects;

/**
 * An update of a private task that its aggregator cannot open: plaintext where an envelope was due, an envelope that is
 * malformed or of an unknown version, one not sealed for the aggregator's key, or one whose AES-GCM tag fails
 * (tampered). Such an update is left out of the round's aggregate ({@link RoundAggregation}); the message names the CID,
 * the client and the cause in one line.
 */
public final class UnreadableUpdateException extends IOException {
    private final Cid cid;
    private final String client;

    /**
     * @param cid     the update's CID
     * @param client  the client that submitted it, 0x-hex
     * @param problem what is wrong, e.g. {@code "not sealed for 0x…"}
     * @param cause   the envelope's exception, or null
     */
    public UnreadableUpdateException(Cid cid, String client, String problem, Throwable cause) {
        super("update " + Objects.requireNonNull(cid, "cid") + " from client " + Objects.requireNonNull(client, "client")
                + " cannot be opened: " + problem, cause);
        this.cid = cid;
        this.client = client;
    }

    /** The update's CID. */
    public Cid cid() {
        return cid;
    }

    /** The client that submitted the update, 0x-hex. */
    public String client() {
        return client;
    }
}
