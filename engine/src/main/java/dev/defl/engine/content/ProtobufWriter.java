package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;

/**
 * Writes protobuf fields in the order the caller gives them.
 *
 * <p>Source: <a href="https://protobuf.dev/programming-guides/encoding/">protobuf encoding</a>
 * (tag = field number &lt;&lt; 3 | wire type; wire type 0 varint, 2 length-delimited).
 */
final class ProtobufWriter {
    private final ByteArrayOutputStream out;

    ProtobufWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    ProtobufWriter varint(int field, long value) {
        UnsignedVarint.write((long) field << 3, out);
        UnsignedVarint.write(value, out);
        return this;
    }

    ProtobufWriter bytes(int field, byte[] value) {
        UnsignedVarint.write(((long) field << 3) | 2, out);
        UnsignedVarint.write(value.length, out);
        out.writeBytes(value);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
