package dev.defl.engine.ledger;

/**
 * No Ethereum JSON-RPC endpoint answered at a URL, or it answered with something that is not
 * JSON-RPC. Unchecked: the caller decides whether to start a chain, retry or report.
 */
public final class ChainUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String rpcUrl;

    public ChainUnavailableException(String rpcUrl, Throwable cause) {
        super("no Ethereum JSON-RPC at " + rpcUrl + ": " + describe(cause), cause);
        this.rpcUrl = rpcUrl;
    }

    public ChainUnavailableException(String rpcUrl, String reason) {
        super("no Ethereum JSON-RPC at " + rpcUrl + ": " + reason);
        this.rpcUrl = rpcUrl;
    }

    public ChainUnavailableException(String rpcUrl, String reason, Throwable cause) {
        super("no Ethereum JSON-RPC at " + rpcUrl + ": " + reason, cause);
        this.rpcUrl = rpcUrl;
    }

    /** The URL that did not answer. */
    public String rpcUrl() {
        return rpcUrl;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + message;
    }
}
