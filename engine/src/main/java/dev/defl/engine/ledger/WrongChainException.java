package dev.defl.engine.ledger;

/**
 * The JSON-RPC endpoint serves a different chain than the configuration expects (its {@code eth_chainId}
 * differs): sending there would sign transactions for the wrong network.
 */
public final class WrongChainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String rpcUrl;
    private final long expected;
    private final long actual;

    public WrongChainException(String rpcUrl, long expected, long actual) {
        super("the node at " + rpcUrl + " serves chain id " + actual + ", but the configuration expects chain id "
                + expected);
        this.rpcUrl = rpcUrl;
        this.expected = expected;
        this.actual = actual;
    }

    /** The endpoint's URL. */
    public String rpcUrl() {
        return rpcUrl;
    }

    /** The configured chain id. */
    public long expected() {
        return expected;
    }

    /** The chain id the node reported. */
    public long actual() {
        return actual;
    }
}
