package dev.defl.engine.envelope;

import java.util.List;

/** The key offered to {@link Envelope#open} belongs to an address the envelope was not sealed for. */
public final class NotARecipientException extends EnvelopeException {
    private final String address;
    private final List<String> recipients;

    NotARecipientException(String address, List<String> recipients) {
        super("envelope is not encrypted for " + address + "; its recipients are " + String.join(", ", recipients));
        this.address = address;
        this.recipients = List.copyOf(recipients);
    }

    /** The address of the key that was tried ({@code 0x} and 40 lower-case hex digits). */
    public String address() {
        return address;
    }

    /** The envelope's recipients, in envelope (ascending address) order. */
    public List<String> recipients() {
        return recipients;
    }
}
