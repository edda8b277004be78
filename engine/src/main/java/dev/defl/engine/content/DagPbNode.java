package dev.defl.engine.content;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dag-pb node ({@code PBNode}): links and opaque data (for UnixFS, an encoded {@link UnixFsData}).
 *
 * <pre>
 * message PBLink { optional bytes Hash = 1; optional string Name = 2; optional uint64 Tsize = 3; }
 * message PBNode { repeated PBLink Links = 2; optional bytes Data = 1; }
 * </pre>
 * Canonical encoding writes all Links (field 2) before Data (field 1), and within a link Hash, Name,
 * Tsize in that order. {@link #encode()} always writes Data, and Name and Tsize of every link, as
 * kubo does for UnixFS. {@link #decode} is strict: it rejects Links after Data, unknown fields, and
 * links without Hash; an absent Name reads as {@code ""}, an absent Tsize as 0, absent Data as empty.
 * Source: <a href="https://ipld.io/specs/codecs/dag-pb/spec/">IPLD dag-pb specification</a>.
 *
 * @param links links in order
 * @param data  the Data field (copied in and out)
 */
public record DagPbNode(List<DagPbLink> links, byte[] data) {
    public DagPbNode {
        links = List.copyOf(links);
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The canonical dag-pb bytes of this node. */
    public byte[] encode() {
        ProtobufWriter node = new ProtobufWriter(data.length + links.size() * 48 + 8);
        for (DagPbLink link : links) {
            byte[] encodedLink = new ProtobufWriter(48)
                    .bytes(1, link.cid().toBytes())
                    .bytes(2, link.name().getBytes(StandardCharsets.UTF_8))
                    .varint(3, link.tsize())
                    .toByteArray();
            node.bytes(2, encodedLink);
        }
        node.bytes(1, data);
        return node.toByteArray();
    }

    /**
     * Decodes a dag-pb block.
     *
     * @throws IllegalArgumentException saying what is malformed and at which byte
     */
    public static DagPbNode decode(byte[] block) {
        ByteCursor cursor = new ByteCursor(block);
        List<DagPbLink> links = new ArrayList<>();
        byte[] data = null;
        while (cursor.hasRemaining()) {
            int at = cursor.position();
            long tag = cursor.readProtobufVarint("PBNode field tag");
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (wireType != 2 || (field != 1 && field != 2)) {
                throw new IllegalArgumentException("unexpected PBNode field " + field + " (wire type " + wireType
                        + ") at byte " + at + "; only Data (1) and Links (2) are allowed");
            }
            byte[] payload = cursor.readLengthDelimited(field == 1 ? "PBNode Data" : "PBNode Link");
            if (field == 1) {
                if (data != null) {
                    throw new IllegalArgumentException("second PBNode Data field at byte " + at);
                }
                data = payload;
            } else {
                if (data != null) {
                    throw new IllegalArgumentException("PBNode Link at byte " + at + " comes after Data");
                }
                links.add(decodeLink(payload, links.size()));
            }
        }
        return new DagPbNode(links, data == null ? new byte[0] : data);
    }

    private static DagPbLink decodeLink(byte[] bytes, int index) {
        String what = "PBLink " + index;
        ByteCursor cursor = new ByteCursor(bytes);
        Cid cid = null;
        String name = null;
        long tsize = -1;
        int lastField = 0;
        while (cursor.hasRemaining()) {
            long tag = cursor.readProtobufVarint(what + " field tag");
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (field <= lastField || field > 3) {
                throw new IllegalArgumentException(what + " has field " + field + " out of order or unknown"
                        + " (expected Hash 1, Name 2, Tsize 3 in that order)");
            }
            lastField = field;
            switch (field) {
                case 1 -> {
                    requireWireType(what + " Hash", wireType, 2);
                    cid = Cid.fromBytes(cursor.readLengthDelimited(what + " Hash"));
                }
                case 2 -> {
                    requireWireType(what + " Name", wireType, 2);
                    name = utf8(cursor.readLengthDelimited(what + " Name"), what);
                }
                default -> {
                    requireWireType(what + " Tsize", wireType, 0);
                    tsize = cursor.readProtobufVarint(what + " Tsize");
                    if (tsize < 0) {
                        throw new IllegalArgumentException(what + " Tsize exceeds 2^63-1");
                    }
                }
            }
        }
        if (cid == null) {
            throw new IllegalArgumentException(what + " has no Hash");
        }
        return new DagPbLink(cid, name == null ? "" : name, Math.max(tsize, 0));
    }

    private static void requireWireType(String what, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " has wire type " + actual + ", expected " + expected);
        }
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " Name is not valid UTF-8");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DagPbNode other && links.equals(other.links) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * links.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DagPbNode[" + links.size() + " links, " + data.length + " bytes of data]";
    }
}
