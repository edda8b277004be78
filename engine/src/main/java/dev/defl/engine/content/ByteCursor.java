package dev.defl.engine.content;

import java.util.Arrays;

/**
 * A read position over a byte array, for decoding varints and protobuf fields. Every failure is an
 * {@link IllegalArgumentException} whose message says what was wrong and at which byte offset;
 * callers wrap it with the name of what they were decoding (a CID, a block).
 */
final class ByteCursor {
    private final byte[] bytes;
    private int position;
    private final int limit;

    ByteCursor(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ByteCursor(byte[] bytes, int from, int limit) {
        this.bytes = bytes;
        this.position = from;
        this.limit = limit;
    }

    boolean hasRemaining() {
        return position < limit;
    }

    int remaining() {
        return limit - position;
    }

    int position() {
        return position;
    }

    /**
     * Reads a multiformats unsigned varint: at most 9 bytes and minimally encoded.
     */
    long readMultiformatsVarint(String what) {
        int start = position;
        long value = readVarint(what, UnsignedVarint.MAX_MULTIFORMATS_BYTES);
        if (position - start > 1 && bytes[position - 1] == 0) {
            throw new IllegalArgumentException(what + " at byte " + start + " is not minimally encoded");
        }
        return value;
    }

    /** Reads a protobuf varint (at most 10 bytes, uint64). */
    long readProtobufVarint(String what) {
        return readVarint(what, UnsignedVarint.MAX_PROTOBUF_BYTES);
    }

    private long readVarint(String what, int maxBytes) {
        int start = position;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (position >= limit) {
                throw new IllegalArgumentException(what + " at byte " + start + " is truncated");
            }
            int b = bytes[position++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException(what + " at byte " + start + " is longer than " + maxBytes + " bytes");
    }

    /** Reads the next {@code length} bytes. */
    byte[] readBytes(int length, String what) {
        if (length < 0 || length > remaining()) {
            throw new IllegalArgumentException(what + " at byte " + position + " needs " + length
                    + " bytes but only " + remaining() + " remain");
        }
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    /** Reads a protobuf length-delimited field's length prefix and payload. */
    byte[] readLengthDelimited(String what) {
        long length = readProtobufVarint(what + " length");
        if (length > remaining()) {
            throw new IllegalArgumentException(what + " at byte " + position + " declares " + length
                    + " bytes but only " + remaining() + " remain");
        }
        return readBytes((int) length, what);
    }

    /** Skips a protobuf field of the given wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
    void skipField(int wireType, int fieldNumber) {
        switch (wireType) {
            case 0 -> readProtobufVarint("field " + fieldNumber);
            case 1 -> readBytes(8, "field " + fieldNumber);
            case 2 -> readLengthDelimited("field " + fieldNumber);
            case 5 -> readBytes(4, "field " + fieldNumber);
            default -> throw new IllegalArgumentException("field " + fieldNumber + " before byte " + position
                    + " has unsupported protobuf wire type " + wireType);
        }
    }
}
