package dev.defl.engine.content;

import java.io.Serial;

/** A CID string or binary CID that cannot be decoded; the message quotes the input and says what is wrong. */
public class MalformedCidException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String input;

    /**
     * @param input   the CID text as given (binary input as hex)
     * @param problem what is wrong with it
     */
    public MalformedCidException(String input, String problem) {
        super("malformed CID \"" + input + "\": " + problem);
        this.input = input;
    }

    /** The input as given (binary input as hex). */
    public String input() {
        return input;
    }
}
