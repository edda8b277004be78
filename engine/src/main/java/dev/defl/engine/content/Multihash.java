package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash: a multicodec hash function code and the digest it produced.
 *
 * <p>Binary form: {@code varint(code) varint(digest length) digest}. Source:
 * <a href="https://github.com/multiformats/multihash">multiformats/multihash</a>; codes from the
 * <a href="https://github.com/multiformats/multicodec/blob/master/table.csv">multicodec table</a>.
 * The array is copied in and out, so instances are immutable; equality is by content.
 *
 * @param code   multicodec code of the hash function, e.g. {@link #SHA2_256} (0x12)
 * @param digest the digest bytes (32 bytes for sha2-256)
 */
public record Multihash(int code, byte[] digest) {
    /** Multicodec code of the identity "hash" (the digest is the data itself). */
    public static final int IDENTITY = 0x00;
    /**
     * Longest digest parsed from binary input, in bytes: 1024, eight times kubo's 128-byte limit on identity digests
     * (so an over-long identity CID still parses and can be named in the error that refuses its content), while a
     * peer's CID cannot make a reader allocate or decode without bound.
     */
    public static final int MAX_DIGEST_BYTES = 1024;
    /** Multicodec code of SHA-256 (FIPS 180-4). */
    public static final int SHA2_256 = 0x12;
    /** Digest length of SHA-256, in bytes. */
    public static final int SHA2_256_LENGTH = 32;
    /**
     * Longest identity digest (the inlined block) this store reads or writes, in bytes: kubo's limit
     * ({@code verifcid.DefaultMaxIdentityDigestSize} in boxo, which kubo enforces both when creating
     * identity CIDs and when loading blocks). Parsing a longer one still works, so it can be named in errors.
     */
    public static final int MAX_IDENTITY_LENGTH = 128;

    /**
     * @throws IllegalArgumentException for a negative code, or a sha2-256 digest that is not 32 bytes
     */
    public Multihash {
        if (code < 0) {
            throw new IllegalArgumentException("multihash code must not be negative: " + code);
        }
        digest = digest.clone();
        if (code == SHA2_256 && digest.length != SHA2_256_LENGTH) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, not " + digest.length);
        }
    }

    /** SHA-256 of {@code data}, as a multihash. */
    public static Multihash sha256(byte[] data) {
        return new Multihash(SHA2_256, newSha256().digest(data));
    }

    /** A fresh SHA-256 {@link MessageDigest}; every JDK provides one. */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256, which every Java platform must provide", e);
        }
    }

    /** A copy of the digest bytes. */
    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Digest length in bytes. */
    public int length() {
        return digest.length;
    }

    /**
     * Whether {@code data} hashes to this multihash.
     *
     * @throws UnsupportedOperationException for a hash function other than sha2-256 or identity
     */
    public boolean matches(byte[] data) {
        return switch (code) {
            case SHA2_256 -> MessageDigest.isEqual(digest, newSha256().digest(data));
            case IDENTITY -> Arrays.equals(digest, data);
            default -> throw new UnsupportedOperationException(
                    "multihash function 0x" + Integer.toHexString(code) + " is not supported (only sha2-256 and identity)");
        };
    }

    /** The binary multihash: {@code varint(code) varint(length) digest}. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(digest.length + 4);
        writeTo(out);
        return out.toByteArray();
    }

    void writeTo(ByteArrayOutputStream out) {
        UnsignedVarint.write(code, out);
        UnsignedVarint.write(digest.length, out);
        out.writeBytes(digest);
    }

    /**
     * Parses a binary multihash that makes up the whole of {@code bytes}.
     *
     * @throws IllegalArgumentException if it is truncated, has trailing bytes, a bad varint, a digest
     *                                  length that does not fit its function or exceeds {@link #MAX_DIGEST_BYTES}
     */
    public static Multihash fromBytes(byte[] bytes) {
        ByteCursor cursor = new ByteCursor(bytes);
        Multihash multihash = read(cursor);
        if (cursor.hasRemaining()) {
            throw new IllegalArgumentException("multihash has " + cursor.remaining() + " trailing bytes after its "
                    + multihash.length() + "-byte digest");
        }
        return multihash;
    }

    /** Reads a multihash at the cursor, leaving it after the digest. */
    static Multihash read(ByteCursor cursor) {
        long code = cursor.readMultiformatsVarint("multihash function code");
        if (code > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("multihash function code 0x" + Long.toHexString(code) + " is too large");
        }
        long length = cursor.readMultiformatsVarint("multihash digest length");
        if (length > MAX_DIGEST_BYTES) {
            throw new IllegalArgumentException("multihash digest length " + length + " exceeds the limit " + MAX_DIGEST_BYTES + " bytes");
        }
        if (length > cursor.remaining()) {
            throw new IllegalArgumentException("multihash is truncated: digest length " + length + " but only "
                    + cursor.remaining() + " bytes follow");
        }
        return new Multihash((int) code, cursor.readBytes((int) length, "multihash digest"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash other && code == other.code && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        String name = switch (code) {
            case SHA2_256 -> "sha2-256";
            case IDENTITY -> "identity";
            default -> "0x" + Integer.toHexString(code);
        };
        return "Multihash[" + name + ", " + HexFormat.of().formatHex(digest) + "]";
    }
}
