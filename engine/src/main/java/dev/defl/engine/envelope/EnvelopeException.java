package dev.defl.engine.envelope;

/**
 * Why an envelope ({@code docs/envelope.md}) could not be read or opened. One subclass per cause, each with a one-line
 * message naming what was wrong and where: {@link MalformedEnvelopeException} (bytes that are not an envelope, with the
 * byte offset and field), {@link UnsupportedEnvelopeVersionException} (a version this build does not read),
 * {@link NotARecipientException} (the key's address is not among the recipients) and
 * {@link TamperedEnvelopeException} (an AES-GCM tag does not verify: the wrong key or changed bytes).
 */
public abstract sealed class EnvelopeException extends Exception
        permits MalformedEnvelopeException, UnsupportedEnvelopeVersionException, NotARecipientException,
        TamperedEnvelopeException {
    EnvelopeException(String message) {
        super(message);
    }

    EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
