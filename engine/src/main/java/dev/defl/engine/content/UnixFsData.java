package dev.defl.engine.content;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * The UnixFS {@code Data} message carried in a dag-pb node's Data field.
 *
 * <pre>
 * message Data {
 *   enum DataType { Raw = 0; Directory = 1; File = 2; Metadata = 3; Symlink = 4; HAMTShard = 5; }
 *   required DataType Type = 1; optional bytes Data = 2; optional uint64 filesize = 3;
 *   repeated uint64 blocksizes = 4; optional uint64 hashType = 5; optional uint64 fanout = 6;
 *   optional uint32 mode = 7; optional UnixTime mtime = 8;
 * }
 * </pre>
 * Encoded as kubo and js-ipfs do for files: Type, then Data only when non-empty, then filesize
 * (always), then each blocksize as its own (unpacked) field. Decoding keeps Type, Data, filesize
 * and blocksizes and skips the other fields.
 * Source: <a href="https://specs.ipfs.tech/unixfs/">UnixFS specification</a>.
 *
 * @param type       the node type
 * @param data       file content held in this node itself, in bytes (copied in and out)
 * @param fileSize   total file bytes under this node: {@code data.length} plus the sum of
 *                   {@code blockSizes} (as read; computed that way when absent)
 * @param blockSizes file bytes under each link, in link order
 */
public record UnixFsData(Type type, byte[] data, long fileSize, List<Long> blockSizes) {
    /** UnixFS node types with their protobuf enum numbers. */
    public enum Type {
        RAW, DIRECTORY, FILE, METADATA, SYMLINK, HAMT_SHARD;

        /** The protobuf enum number. */
        public int number() {
            return ordinal();
        }

        static Type ofNumber(long number) {
            if (number < 0 || number >= values().length) {
                throw new IllegalArgumentException("unknown UnixFS type " + number);
            }
            return values()[(int) number];
        }
    }

    public UnixFsData {
        data = data.clone();
        blockSizes = List.copyOf(blockSizes);
        if (fileSize < 0) {
            throw new IllegalArgumentException("fileSize must not be negative: " + fileSize);
        }
    }

    /** A File node holding {@code data} itself and no links: a dag-pb leaf of the CIDv0 profile. */
    public static UnixFsData fileLeaf(byte[] data) {
        return new UnixFsData(Type.FILE, data, data.length, List.of());
    }

    /** A File node whose content is entirely in its links, {@code blockSizes} bytes each. */
    public static UnixFsData fileNode(List<Long> blockSizes) {
        long total = 0;
        for (long size : blockSizes) {
            total = Math.addExact(total, size);
        }
        return new UnixFsData(Type.FILE, new byte[0], total, blockSizes);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Number of bytes in {@link #data()}, without copying. */
    public int dataLength() {
        return data.length;
    }

    /** The protobuf bytes. */
    public byte[] encode() {
        ProtobufWriter out = new ProtobufWriter(data.length + blockSizes.size() * 5 + 16);
        out.varint(1, type.number());
        if (data.length > 0) {
            out.bytes(2, data);
        }
        out.varint(3, fileSize);
        for (long size : blockSizes) {
            out.varint(4, size);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a UnixFS Data message.
     *
     * @throws IllegalArgumentException saying what is malformed and where (also when filesize is absent and the
     *                                  blocksizes add up to more than 2^63-1)
     */
    public static UnixFsData decode(byte[] bytes) {
        ByteCursor cursor = new ByteCursor(bytes);
        Type type = null;
        byte[] data = new byte[0];
        long fileSize = -1;
        List<Long> blockSizes = new ArrayList<>();
        while (cursor.hasRemaining()) {
            int at = cursor.position();
            long tag = cursor.readProtobufVarint("UnixFS field tag");
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (field) {
                case 1 -> {
                    requireWireType(field, wireType, 0, at);
                    type = Type.ofNumber(cursor.readProtobufVarint("UnixFS Type"));
                }
                case 2 -> {
                    requireWireType(field, wireType, 2, at);
                    data = cursor.readLengthDelimited("UnixFS Data");
                }
                case 3 -> {
                    requireWireType(field, wireType, 0, at);
                    fileSize = cursor.readProtobufVarint("UnixFS filesize");
                    if (fileSize < 0) {
                        throw new IllegalArgumentException("UnixFS filesize exceeds 2^63-1");
                    }
                }
                case 4 -> {
                    if (wireType == 2) {
                        ByteCursor packed = new ByteCursor(cursor.readLengthDelimited("UnixFS blocksizes"));
                        while (packed.hasRemaining()) {
                            blockSizes.add(nonNegative(packed.readProtobufVarint("UnixFS blocksize")));
                        }
                    } else {
                        requireWireType(field, wireType, 0, at);
                        blockSizes.add(nonNegative(cursor.readProtobufVarint("UnixFS blocksize")));
                    }
                }
                default -> cursor.skipField(wireType, field);
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("UnixFS Data has no Type");
        }
        if (fileSize < 0) {
            fileSize = data.length;
            for (long size : blockSizes) {
                fileSize += size;
                if (fileSize < 0) {
                    throw new IllegalArgumentException("UnixFS Data has no filesize and its data and blocksizes add up to more than 2^63-1 bytes");
                }
            }
        }
        return new UnixFsData(type, data, fileSize, blockSizes);
    }

    private static long nonNegative(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("UnixFS blocksize exceeds 2^63-1");
        }
        return size;
    }

    private static void requireWireType(int field, int actual, int expected, int at) {
        if (actual != expected) {
            throw new IllegalArgumentException("UnixFS field " + field + " at byte " + at + " has wire type "
                    + actual + ", expected " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixFsData other && type == other.type && fileSize == other.fileSize
                && Arrays.equals(data, other.data) && blockSizes.equals(other.blockSizes);
    }

    @Override
    public int hashCode() {
        return ((type.hashCode() * 31 + Arrays.hashCode(data)) * 31 + Long.hashCode(fileSize)) * 31
                + blockSizes.hashCode();
    }

    @Override
    public String toString() {
        return "UnixFsData[" + type + ", " + data.length + " bytes of data, fileSize " + fileSize + ", "
                + blockSizes.size() + " blocksizes]";
    }
}
