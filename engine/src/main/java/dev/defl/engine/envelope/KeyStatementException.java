package dev.defl.engine.envelope;

/** A {@link KeyStatement} that does not verify, or bytes that are not one; the message names the claimed address. */
public final class KeyStatementException extends Exception {
    private final String address;

    KeyStatementException(String address, String problem) {
        super("key statement of " + address + " does not verify: " + problem);
        this.address = address;
    }

    /** The address the statement claims ({@code 0x} and 40 hex digits as given). */
    public String address() {
        return address;
    }
}
