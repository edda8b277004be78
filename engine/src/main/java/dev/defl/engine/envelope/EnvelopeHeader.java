package dev.defl.engine.envelope;

import java.util.List;

/**
 * What anyone can read from an envelope without a key ({@link Envelope#header}): its version, its recipients and the
 * ciphertext's length. Never the plaintext or its hash.
 *
 * @param version          the format version ({@value EnvelopeFormat#VERSION})
 * @param recipients       the recipients' addresses ({@code 0x} and 40 lower-case hex digits), ascending
 * @param ciphertextLength the ciphertext with its 16-byte tag, in bytes (the plaintext is 16 bytes shorter)
 */
public record EnvelopeHeader(int version, List<String> recipients, long ciphertextLength) {
    public EnvelopeHeader {
        recipients = List.copyOf(recipients);
    }

    /** The plaintext's length, in bytes. */
    public long plaintextLength() {
        return ciphertextLength - EnvelopeFormat.TAG_BYTES;
    }
}
