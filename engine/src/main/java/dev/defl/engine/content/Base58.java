package dev.defl.engine.content;

import java.util.Arrays;

/**
 * Bitcoin's base58 alphabet, as used by CIDv0 and the multibase code {@code z}.
 *
 * <p>Source: <a href="https://datatracker.ietf.org/doc/html/draft-msporny-base58-03">draft-msporny-base58</a>.
 */
final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        byte[] input = Arrays.copyOf(data, data.length);
        char[] out = new char[data.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < input.length) {
            int remainder = 0;
            for (int i = start; i < input.length; i++) {
                int acc = (remainder << 8) | (input[i] & 0xFF);
                input[i] = (byte) (acc / 58);
                remainder = acc % 58;
            }
            out[--outStart] = ALPHABET[remainder];
            while (start < input.length && input[start] == 0) {
                start++;
            }
        }
        StringBuilder text = new StringBuilder(zeros + out.length - outStart);
        text.repeat('1', zeros);
        text.append(out, outStart, out.length - outStart);
        return text.toString();
    }

    /**
     * Decodes {@code text} from character {@code from} on.
     *
     * @throws IllegalArgumentException naming the first character outside the alphabet and its index
     */
    static byte[] decode(String text, int from) {
        int zeros = 0;
        while (from + zeros < text.length() && text.charAt(from + zeros) == '1') {
            zeros++;
        }
        byte[] value = new byte[text.length() - from];
        int valueStart = value.length;
        for (int i = from + zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? VALUES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("invalid base58btc character '" + c + "' at index " + i);
            }
            int carry = digit;
            for (int j = value.length - 1; j >= valueStart || carry != 0; j--) {
                int acc = (j >= valueStart ? (value[j] & 0xFF) * 58 : 0) + carry;
                value[j] = (byte) acc;
                carry = acc >>> 8;
                if (j < valueStart) {
                    valueStart = j;
                }
            }
        }
        byte[] out = new byte[zeros + value.length - valueStart];
        System.arraycopy(value, valueStart, out, zeros, value.length - valueStart);
        return out;
    }
}
