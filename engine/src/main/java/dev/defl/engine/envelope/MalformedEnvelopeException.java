package dev.defl.engine.envelope;

/** The bytes are not a well-formed envelope: truncated, out of bounds or out of order at {@link #offset()}. */
public final class MalformedEnvelopeException extends EnvelopeException {
    private final long offset;
    private final String field;

    MalformedEnvelopeException(long offset, String field, String problem) {
        super("malformed envelope at byte " + offset + " (" + field + "): " + problem);
        this.offset = offset;
        this.field = field;
    }

    /** The byte offset (from the envelope's start) of the field that is wrong. */
    public long offset() {
        return offset;
    }

    /** The name of the field that is wrong, as in {@code docs/envelope.md}, e.g. {@code recipient[1].address}. */
    public String field() {
        return field;
    }
}
