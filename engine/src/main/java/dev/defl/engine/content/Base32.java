package dev.defl.engine.content;

/**
 * RFC 4648 base32 without padding, in one letter case.
 *
 * <p>Source: <a href="https://www.rfc-editor.org/rfc/rfc4648#section-6">RFC 4648 section 6</a>;
 * the multibase codes {@code b} (lower case) and {@code B} (upper case) use it without padding.
 */
final class Base32 {
    static final Base32 LOWER = new Base32("abcdefghijklmnopqrstuvwxyz234567");
    static final Base32 UPPER = new Base32("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");

    private final char[] alphabet;
    private final int[] values = new int[128];

    private Base32(String alphabet) {
        this.alphabet = alphabet.toCharArray();
        java.util.Arrays.fill(values, -1);
        for (int i = 0; i < this.alphabet.length; i++) {
            values[this.alphabet[i]] = i;
        }
    }

    String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet[(buffer >>> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet[(buffer << (5 - bits)) & 0x1F]);
        }
        return out.toString();
    }

    /**
     * Decodes {@code text} from character {@code from} on.
     *
     * @throws IllegalArgumentException naming the first character outside the alphabet and its index,
     *                                  or a length that no byte string encodes to
     */
    byte[] decode(String text, int from) {
        int chars = text.length() - from;
        int remainder = chars % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException("base32 text of " + chars + " characters is truncated");
        }
        byte[] out = new byte[chars * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? values[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + c + "' at index " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }
}
