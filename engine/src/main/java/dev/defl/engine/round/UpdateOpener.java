package dev.defl.engine.round;

import dev.defl.engine.content.Cid;

/**
 * Turns the bytes of a submitted update into its safetensors file before it is decoded and shape-checked: unchanged
 * for a task whose updates are public ({@link #PLAINTEXT}), the envelope opened with the aggregator's key for a private
 * task ({@link UpdateEnvelopes#opener}).
 */
@FunctionalInterface
public interface UpdateOpener {
    /** A public task's updates: the bytes are the safetensors file. */
    UpdateOpener PLAINTEXT = (cid, client, bytes) -> bytes;

    /**
     * @param cid    the update's CID, for messages
     * @param client the submitting client, 0x-hex, for messages
     * @param bytes  the update's content
     * @return the safetensors file
     * @throws UnreadableUpdateException when the update cannot be opened (named: CID, client, cause)
     */
    byte[] open(Cid cid, String client, byte[] bytes) throws UnreadableUpdateException;

    /** Whether this opener is {@link #PLAINTEXT}, which never fails. */
    default boolean plaintext() {
        return this == PLAINTEXT;
    }
}
