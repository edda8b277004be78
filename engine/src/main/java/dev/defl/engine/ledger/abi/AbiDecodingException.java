package dev.defl.engine.ledger.abi;

/**
 * Call data, log data or revert data did not decode against the ABI entry its selector or topic
 * named (truncated data, an offset out of range, a value out of its type's range). The message
 * names the entry and what was wrong.
 */
public final class AbiDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AbiDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public AbiDecodingException(String message) {
        super(message);
    }
}
