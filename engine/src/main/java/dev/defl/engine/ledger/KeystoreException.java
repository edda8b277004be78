package dev.defl.engine.ledger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An account keystore operation failed for a reason the user can fix. The message names the
 * account (address) or the file, never a password or a key. Unchecked, like the other ledger errors.
 */
public final class KeystoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** The password does not decrypt the key (the keystore MAC does not match). */
        WRONG_PASSWORD,
        /** A file is not a readable Ethereum keystore v3 file, or input is not a private key. */
        MALFORMED,
        /** No keystore file holds the address. */
        UNKNOWN_ACCOUNT,
        /** The keystore already holds the address. */
        DUPLICATE,
        /** A file to be written already exists. */
        TARGET_EXISTS
    }

    private final Reason reason;
    private final transient Path file;

    KeystoreException(Reason reason, Path file, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.file = file;
    }

    KeystoreException(Reason reason, Path file, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.file = file;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }

    /** The keystore file concerned, or null when there is none (e.g. an unknown address). */
    public Path file() {
        return file;
    }
}
