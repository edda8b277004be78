package dev.defl.engine.ledger;

/**
 * The anvil dev chain could not be found or started: no binary where {@link AnvilProcess#locateBinary()}
 * looked, the process exited early, or its JSON-RPC endpoint did not answer in time.
 * Unchecked: a missing tool chain is a setup error the caller reports, not a condition it retries.
 */
public final class AnvilUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AnvilUnavailableException(String message) {
        super(message);
    }

    public AnvilUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
