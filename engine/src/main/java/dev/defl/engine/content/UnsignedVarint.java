package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned LEB128 varints as used by multiformats (CIDs, multihash) and protobuf.
 *
 * <p>Source: <a href="https://github.com/multiformats/unsigned-varint">multiformats/unsigned-varint</a>
 * (at most 9 bytes, minimal encoding) and the
 * <a href="https://protobuf.dev/programming-guides/encoding/#varints">protobuf encoding guide</a>
 * (at most 10 bytes for a uint64).
 */
final class UnsignedVarint {
    /** Most bytes a multiformats varint may use (63 bits of value). */
    static final int MAX_MULTIFORMATS_BYTES = 9;
    /** Most bytes a protobuf varint may use (64 bits of value). */
    static final int MAX_PROTOBUF_BYTES = 10;

    private UnsignedVarint() {
    }

    /**
     * Appends {@code value}, read as an unsigned 64-bit integer, to {@code out}.
     */
    static void write(long value, ByteArrayOutputStream out) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Number of bytes {@link #write} uses for {@code value}. */
    static int size(long value) {
        int n = 1;
        long v = value >>> 7;
        while (v != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }

    /** Encodes {@code value} alone. */
    static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size(value));
        write(value, out);
        return out.toByteArray();
    }
}
