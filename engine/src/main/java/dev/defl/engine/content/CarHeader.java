package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CARv1 header: the DAG-CBOR map {@code {"roots": [CID…], "version": 1}}.
 *
 * <p>Hand-written rather than via a CBOR library: the header is one fixed shape, and the only
 * CBOR-capable library in our build (Jackson's CBOR module is not a dependency) has no support for
 * DAG-CBOR's tag 42 CIDs or its canonical key order. Encoding follows DAG-CBOR strictly: keys in
 * length-first order ("roots" then "version"), minimal-length heads, each CID as tag 42 over a byte
 * string holding 0x00 (the multibase identity prefix) and the binary CID. Decoding accepts exactly
 * that shape (either key order) and rejects everything else, naming the offset.
 * Sources: <a href="https://ipld.io/specs/transport/car/carv1/">CARv1 specification</a>,
 * <a href="https://ipld.io/specs/codecs/dag-cbor/spec/">DAG-CBOR specification</a>, RFC 8949.
 */
final class CarHeader {
    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int TAG_CID = 42;

    private CarHeader() {
    }

    /** The DAG-CBOR header bytes (without the varint length prefix) for {@code roots}. */
    static byte[] encode(List<Cid> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 40 * roots.size());
        head(out, MAJOR_MAP, 2);
        text(out, "roots");
        head(out, MAJOR_ARRAY, roots.size());
        for (Cid root : roots) {
            byte[] cid = root.toBytes();
            head(out, MAJOR_TAG, TAG_CID);
            head(out, MAJOR_BYTES, cid.length + 1L);
            out.write(0x00);
            out.writeBytes(cid);
        }
        text(out, "version");
        head(out, MAJOR_UNSIGNED, 1);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, MAJOR_TEXT, utf8.length);
        out.writeBytes(utf8);
    }

    /** A CBOR head (major type and argument) in its shortest form. */
    private static void head(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else {
            out.write(m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }
    }

    /**
     * Decodes a header and returns its roots.
     *
     * @param header  the header bytes (after the varint length prefix)
     * @param carName the CAR file's name, for messages
     * @param base    byte offset of {@code header} within the file, for messages
     * @throws MalformedCarException if it is not a CARv1 header (names the offset; says so for CARv2)
     */
    static List<Cid> decode(byte[] header, String carName, long base) throws MalformedCarException {
        Decoder d = new Decoder(header, carName, base);
        int at = d.position;
        long entries = d.expect(MAJOR_MAP, "the header map");
        List<Cid> roots = null;
        Long version = null;
        for (long i = 0; i < entries; i++) {
            int keyAt = d.position;
            String key = d.text("a header key");
            switch (key) {
                case "roots" -> {
                    if (roots != null) {
                        throw d.error(keyAt, "duplicate header key \"roots\"");
                    }
                    roots = d.roots();
                }
                case "version" -> {
                    if (version != null) {
                        throw d.error(keyAt, "duplicate header key \"version\"");
                    }
                    version = d.expect(MAJOR_UNSIGNED, "the header version");
                }
                default -> throw d.error(keyAt, "unknown header key \"" + key + "\" (a CARv1 header has only roots and version)");
            }
        }
        if (d.position != header.length) {
            throw d.error(d.position, (header.length - d.position) + " bytes after the header map");
        }
        if (version == null) {
            throw d.error(at, "header has no version");
        }
        if (version == 2) {
            throw d.error(at, "this is a CARv2 file; only CARv1 is supported");
        }
        if (version != 1) {
            throw d.error(at, "unsupported CAR version " + version + " (only 1)");
        }
        if (roots == null) {
            throw d.error(at, "header has no roots");
        }
        return roots;
    }

    /** A strict reader of the few DAG-CBOR items a header holds. */
    private static final class Decoder {
        private final byte[] bytes;
        private final String carName;
        private final long base;
        private int position;

        Decoder(byte[] bytes, String carName, long base) {
            this.bytes = bytes;
            this.carName = carName;
            this.base = base;
        }

        MalformedCarException error(int at, String problem) {
            return new MalformedCarException(carName, base + at, problem);
        }

        private int next(String what) throws MalformedCarException {
            if (position >= bytes.length) {
                throw error(position, "header ends inside " + what);
            }
            return bytes[position++] & 0xFF;
        }

        /** Reads a head of major type {@code major} and returns its argument. */
        long expect(int major, String what) throws MalformedCarException {
            int at = position;
            int initial = next(what);
            if (initial >>> 5 != major) {
                throw error(at, "expected " + what + " (CBOR major type " + major + ") but found major type "
                        + (initial >>> 5) + " (initial byte 0x" + Integer.toHexString(initial) + ")");
            }
            int info = initial & 0x1F;
            if (info < 24) {
                return info;
            }
            if (info > 27) {
                throw error(at, what + " has an indefinite or reserved length (additional info " + info
                        + "), which DAG-CBOR forbids");
            }
            int size = 1 << (info - 24);
            long value = 0;
            for (int i = 0; i < size; i++) {
                value = (value << 8) | next(what);
            }
            long minimum = switch (size) {
                case 1 -> 24;
                case 2 -> 0x100;
                case 4 -> 0x10000;
                default -> 0x1_0000_0000L;
            };
            if (value < minimum && value >= 0) {
                throw error(at, what + " length is not minimally encoded, which DAG-CBOR requires");
            }
            if (value < 0) {
                throw error(at, what + " has a length beyond 2^63");
            }
            return value;
        }

        private byte[] take(long length, String what) throws MalformedCarException {
            if (length > bytes.length - position) {
                throw error(position, what + " needs " + length + " bytes but the header has only "
                        + (bytes.length - position) + " left");
            }
            byte[] out = Arrays.copyOfRange(bytes, position, position + (int) length);
            position += (int) length;
            return out;
        }

        String text(String what) throws MalformedCarException {
            long length = expect(MAJOR_TEXT, what);
            return new String(take(length, what), StandardCharsets.UTF_8);
        }

        List<Cid> roots() throws MalformedCarException {
            long count = expect(MAJOR_ARRAY, "the roots array");
            if (count > bytes.length) {
                throw error(position, "roots array declares " + count + " entries, more than the header's size allows");
            }
            List<Cid> roots = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) {
                int at = position;
                long tag = expect(MAJOR_TAG, "root " + i + " (a tag-42 CID)");
                if (tag != TAG_CID) {
                    throw error(at, "root " + i + " has CBOR tag " + tag + ", expected 42 (CID)");
                }
                int bytesAt = position;
                byte[] value = take(expect(MAJOR_BYTES, "root " + i + " CID bytes"), "root " + i + " CID bytes");
                if (value.length == 0 || value[0] != 0x00) {
                    throw error(bytesAt, "root " + i + " CID bytes do not start with the multibase identity prefix 0x00");
                }
                try {
                    roots.add(Cid.fromBytes(Arrays.copyOfRange(value, 1, value.length)));
                } catch (MalformedCidException e) {
                    throw error(bytesAt, "root " + i + ": " + e.getMessage());
                }
            }
            return roots;
        }
    }
}
