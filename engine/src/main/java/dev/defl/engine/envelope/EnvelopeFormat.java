package dev.defl.engine.envelope;

import org.bouncycastle.math.ec.ECPoint;
import org.web3j.utils.Numeric;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte layout of envelope version 1 ({@code docs/envelope.md}), and its strict parser. Every length is checked
 * against the bytes present before anything is allocated, so a hostile envelope cannot make the parser allocate more
 * than a small multiple of its own size.
 */
final class EnvelopeFormat {
    /** The 8 magic bytes, ASCII {@code DEFL-ENV}. */
    static final byte[] MAGIC = "DEFL-ENV".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MAX_RECIPIENTS = 1024;
    static final int ADDRESS_BYTES = 20;
    /** SEC 1 uncompressed point: {@code 0x04 || X || Y}. */
    static final int EPHEMERAL_KEY_BYTES = 65;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int DATA_KEY_BYTES = 32;
    static final int WRAPPED_KEY_BYTES = DATA_KEY_BYTES + TAG_BYTES;
    static final int ENTRY_BYTES = ADDRESS_BYTES + EPHEMERAL_KEY_BYTES + NONCE_BYTES + WRAPPED_KEY_BYTES;
    /** magic, version, recipient count. */
    static final int PREAMBLE_BYTES = MAGIC.length + 1 + 2;
    /** HKDF info of the key wrap (RFC 5869 §3.2): names the format and its version. */
    static final byte[] WRAP_INFO = "DEFL-ENV v1 data key wrap".getBytes(StandardCharsets.US_ASCII);

    private EnvelopeFormat() {
    }

    /** One recipient's entry. */
    record Entry(byte[] address, byte[] ephemeralKey, byte[] wrapNonce, byte[] wrappedKey, int offset) {
        String addressHex() {
            return Numeric.toHexString(address);
        }
    }

    /**
     * A parsed envelope.
     *
     * @param headerLength     bytes {@code [0, headerLength)} are the header, the content's AAD
     * @param ciphertextOffset where the ciphertext (with its tag) starts; it runs to the end
     */
    record Parsed(int version, List<Entry> entries, byte[] contentNonce, int headerLength, int ciphertextOffset,
                  long ciphertextLength) {
        List<String> addresses() {
            return entries.stream().map(Entry::addressHex).toList();
        }

        EnvelopeHeader header() {
            return new EnvelopeHeader(version, addresses(), ciphertextLength);
        }
    }

    static int headerLength(int recipients) {
        return PREAMBLE_BYTES + recipients * ENTRY_BYTES + NONCE_BYTES + 8;
    }

    /** The AAD of one recipient's key wrap: magic, version and the recipient's 20-byte address. */
    static byte[] wrapAad(byte[] address) {
        byte[] aad = new byte[MAGIC.length + 1 + ADDRESS_BYTES];
        System.arraycopy(MAGIC, 0, aad, 0, MAGIC.length);
        aad[MAGIC.length] = VERSION;
        System.arraycopy(address, 0, aad, MAGIC.length + 1, ADDRESS_BYTES);
        return aad;
    }

    /** Whether {@code bytes} start with the envelope magic (any version). */
    static boolean hasMagic(byte[] bytes) {
        return bytes != null && bytes.length >= MAGIC.length
                && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Parses and checks the whole layout: magic, version, count within 1 .. {@value #MAX_RECIPIENTS}, addresses
     * strictly ascending, ephemeral keys valid points of secp256k1, the ciphertext length at least the tag and equal
     * to the bytes that remain.
     */
    static Parsed parse(byte[] bytes) throws MalformedEnvelopeException, UnsupportedEnvelopeVersionException {
        return parse(bytes, true);
    }

    /**
     * Parses the header alone from {@code bytes}, which hold at least the header (more is ignored): as
     * {@link #parse(byte[])} but the ciphertext length is not compared with the bytes that follow.
     */
    static Parsed parseHeader(byte[] bytes) throws MalformedEnvelopeException, UnsupportedEnvelopeVersionException {
        return parse(bytes, false);
    }

    private static Parsed parse(byte[] bytes, boolean whole) throws MalformedEnvelopeException, UnsupportedEnvelopeVersionException {
        if (bytes == null) throw new MalformedEnvelopeException(0, "magic", "no bytes");
        require(bytes, 0, MAGIC.length, "magic");
        if (!hasMagic(bytes)) {
            throw new MalformedEnvelopeException(0, "magic", "not an envelope (expected ASCII DEFL-ENV)");
        }
        require(bytes, MAGIC.length, 1, "version");
        int version = bytes[MAGIC.length] & 0xff;
        if (version != VERSION) throw new UnsupportedEnvelopeVersionException(version);
        int at = MAGIC.length + 1;
        require(bytes, at, 2, "recipient count");
        int count = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
        if (count < 1 || count > MAX_RECIPIENTS) {
            throw new MalformedEnvelopeException(at, "recipient count", "must be 1 .. " + MAX_RECIPIENTS + ", got " + count);
        }
        at += 2;
        require(bytes, at, (long) count * ENTRY_BYTES, "recipients (" + count + " of " + ENTRY_BYTES + " bytes)");
        List<Entry> entries = new ArrayList<>(count);
        byte[] previous = null;
        for (int i = 0; i < count; i++) {
            int start = at;
            byte[] address = Arrays.copyOfRange(bytes, at, at + ADDRESS_BYTES);
            if (previous != null && Arrays.compareUnsigned(previous, address) >= 0) {
                throw new MalformedEnvelopeException(at, "recipient[" + i + "].address",
                        "addresses must be strictly ascending, " + Numeric.toHexString(address) + " follows "
                                + Numeric.toHexString(previous));
            }
            previous = address;
            at += ADDRESS_BYTES;
            byte[] ephemeral = Arrays.copyOfRange(bytes, at, at + EPHEMERAL_KEY_BYTES);
            if (ephemeral[0] != 0x04 || !onCurve(ephemeral)) {
                throw new MalformedEnvelopeException(at, "recipient[" + i + "].ephemeral key",
                        "not an uncompressed secp256k1 point (SEC 1 0x04 || X || Y)");
            }
            at += EPHEMERAL_KEY_BYTES;
            byte[] wrapNonce = Arrays.copyOfRange(bytes, at, at + NONCE_BYTES);
            at += NONCE_BYTES;
            byte[] wrapped = Arrays.copyOfRange(bytes, at, at + WRAPPED_KEY_BYTES);
            at += WRAPPED_KEY_BYTES;
            entries.add(new Entry(address, ephemeral, wrapNonce, wrapped, start));
        }
        require(bytes, at, NONCE_BYTES, "content nonce");
        byte[] contentNonce = Arrays.copyOfRange(bytes, at, at + NONCE_BYTES);
        at += NONCE_BYTES;
        require(bytes, at, 8, "ciphertext length");
        long length = ByteBuffer.wrap(bytes, at, 8).getLong();
        long remaining = bytes.length - (long) at - 8;
        if (length < TAG_BYTES) {
            throw new MalformedEnvelopeException(at, "ciphertext length",
                    "must be at least the " + TAG_BYTES + "-byte tag, got " + Long.toUnsignedString(length));
        }
        if (whole && length != remaining) {
            throw new MalformedEnvelopeException(at, "ciphertext length", "says " + Long.toUnsignedString(length)
                    + " bytes but " + remaining + " follow" + (length > remaining ? " (truncated)" : " (trailing bytes)"));
        }
        at += 8;
        return new Parsed(version, List.copyOf(entries), contentNonce, at, at, length);
    }

    private static boolean onCurve(byte[] encoded) {
        try {
            ECPoint p = Ecies.CURVE.getCurve().decodePoint(encoded);
            return !p.isInfinity() && p.isValid();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(byte[] bytes, int offset, long length, String field) throws MalformedEnvelopeException {
        if (bytes.length - (long) offset < length) {
            throw new MalformedEnvelopeException(offset, field, "truncated: needs " + length + " bytes, "
                    + Math.max(0, bytes.length - (long) offset) + " present (envelope is " + bytes.length + " bytes)");
        }
    }
}
