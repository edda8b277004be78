package dev.defl.engine.content;

/**
 * The multibase encodings CIDs are written in here: a one-character prefix naming the base, then the
 * encoded bytes.
 *
 * <p>Source: <a href="https://github.com/multiformats/multibase">multiformats/multibase</a>
 * ({@code multibase.csv}: {@code b} base32 lower case, {@code B} base32 upper case, {@code z} base58btc,
 * all without padding).
 */
public enum Multibase {
    /** RFC 4648 base32, lower case, no padding; the default text form of CIDv1. */
    BASE32('b'),
    /** RFC 4648 base32, upper case, no padding. */
    BASE32_UPPER('B'),
    /** Bitcoin base58; the form CIDv0 uses (without prefix) and js-ipfs's default for CIDv1. */
    BASE58_BTC('z');

    private final char prefix;

    Multibase(char prefix) {
        this.prefix = prefix;
    }

    /** The multibase prefix character. */
    public char prefix() {
        return prefix;
    }

    /** Encodes {@code data} with the prefix character in front. */
    public String encode(byte[] data) {
        return prefix + encodeBare(data);
    }

    /**
     * Decodes a prefixed multibase string.
     *
     * @throws IllegalArgumentException if the prefix is not this encoding's or a character is outside its
     *                                  alphabet (the message names the character and its index)
     */
    public byte[] decode(String text) {
        if (text.isEmpty() || text.charAt(0) != prefix) {
            throw new IllegalArgumentException("expected multibase prefix '" + prefix + "' for " + this);
        }
        return decodeBare(text, 1);
    }

    /** Encodes without the prefix character. */
    String encodeBare(byte[] data) {
        return switch (this) {
            case BASE32 -> Base32.LOWER.encode(data);
            case BASE32_UPPER -> Base32.UPPER.encode(data);
            case BASE58_BTC -> Base58.encode(data);
        };
    }

    /** Decodes {@code text} from index {@code from} on, which holds no prefix. */
    byte[] decodeBare(String text, int from) {
        return switch (this) {
            case BASE32 -> Base32.LOWER.decode(text, from);
            case BASE32_UPPER -> Base32.UPPER.decode(text, from);
            case BASE58_BTC -> Base58.decode(text, from);
        };
    }

    /**
     * The encoding with this prefix character.
     *
     * @throws IllegalArgumentException for a prefix not supported here
     */
    public static Multibase forPrefix(char prefix) {
        for (Multibase base : values()) {
            if (base.prefix == prefix) {
                return base;
            }
        }
        throw new IllegalArgumentException("unsupported multibase prefix '" + prefix
                + "' (supported: 'b' base32, 'B' base32 upper, 'z' base58btc)");
    }
}
