package dev.defl.engine.round;

/**
 * A Merkle-mode round's committed update manifest ({@link dev.defl.engine.ledger.UpdateManifest}) that no honest
 * aggregator could have committed: a signature that does not recover to its client, a client that is not registered,
 * a client twice, values that disagree with the chain's root, count or sample total. The message names the entry and
 * the client when one is at fault.
 */
public final class InvalidManifestException extends IllegalArgumentException {
    private final String client;

    /**
     * @param client the client whose entry is at fault, or null when the manifest as a whole is
     */
    public InvalidManifestException(String message, String client) {
        super(message);
        this.client = client;
    }

    /** The client whose entry is at fault, or null when the manifest as a whole is. */
    public String client() {
        return client;
    }
}
