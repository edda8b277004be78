package dev.defl.engine.keys;

import dev.defl.engine.envelope.KeyStatement;
import org.web3j.utils.Numeric;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link KeyStatement} as one line of text, to send to a peer (mail, chat, a file):
 * {@code defl-key-v1:0x<address, 40 hex digits>:<the statement's 129 bytes, 258 hex digits>} (key {@code X || Y},
 * then the EIP-191 signature {@code r || s || v}; {@code docs/envelope.md}, "Key statement"). The text is not trusted:
 * {@link KeyStatement#verify} checks it.
 */
public final class KeyStatementText {
    /** What every statement line starts with. */
    public static final String PREFIX = "defl-key-v1:";
    private static final Pattern LINE = Pattern.compile(Pattern.quote(PREFIX) + "(0x[0-9a-fA-F]{40}):([0-9a-fA-F]+)");

    private KeyStatementText() {
    }

    /** The statement's line (no line break). */
    public static String format(KeyStatement statement) {
        return PREFIX + statement.address() + ":" + HexFormat.of().formatHex(statement.toBytes());
    }

    /** Whether {@code text} (stripped) looks like a statement line rather than, say, a file name. */
    public static boolean looksLikeStatement(String text) {
        return text.strip().startsWith(PREFIX);
    }

    /**
     * The statement {@code line} holds, not yet verified.
     *
     * @param line  a line made by {@link #format} (surrounding white space ignored)
     * @param where where the line came from, for the message ("argument", "keys.txt line 3")
     * @throws IllegalArgumentException naming {@code where} and what is wrong: the prefix, the address, or the
     *                                  number of hex digits
     */
    public static KeyStatement parse(String line, String where) {
        String text = line.strip();
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException(where + ": not a key statement (expected a line starting with " + PREFIX
                    + ", as `defl keys export` prints)");
        }
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": malformed key statement: expected " + PREFIX
                    + "0x<40 hex digits>:<" + 2 * KeyStatement.BYTES + " hex digits>");
        }
        String hex = m.group(2);
        if (hex.length() != 2 * KeyStatement.BYTES) {
            throw new IllegalArgumentException(where + ": key statement of " + m.group(1).toLowerCase(Locale.ROOT) + " has "
                    + hex.length() + " hex digits, expected " + 2 * KeyStatement.BYTES + " (a 64-byte key and a 65-byte signature)");
        }
        byte[] bytes = Numeric.hexStringToByteArray(hex);
        return new KeyStatement(m.group(1), java.util.Arrays.copyOfRange(bytes, 0, 64),
                java.util.Arrays.copyOfRange(bytes, 64, KeyStatement.BYTES));
    }
}
