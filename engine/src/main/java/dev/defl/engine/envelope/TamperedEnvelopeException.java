package dev.defl.engine.envelope;

/**
 * An AES-GCM authentication tag did not verify (NIST SP 800-38D): either the recipient's wrapped data key (its
 * ephemeral key, wrap nonce or wrapped key were changed, or the key is not the one it was sealed for) or the content
 * (any header byte, the content nonce or the ciphertext was changed). No plaintext is released.
 */
public final class TamperedEnvelopeException extends EnvelopeException {
    TamperedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
