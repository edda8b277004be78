package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exports a DAG from a {@link BlockStore} as a CARv1 stream: a header naming the root, then one
 * section per block, {@code varint(len(cid) + len(block)) cid block}.
 *
 * <p>Blocks are written depth-first in link order starting at the root (pre-order: a node before its
 * children), each distinct block once — the order of {@code ipfs dag export}. Streaming: each block is
 * read, verified against its CID by the store, written and dropped; memory is the set of CIDs already
 * written plus one path from the root. Raw (0x55) blocks are leaves; dag-pb (0x70) blocks are followed
 * through their links; other codecs are refused. Identity CIDs (root or links) need no store: their block
 * comes from the CID and is written as a section like any other.
 * Source: <a href="https://ipld.io/specs/transport/car/carv1/">CARv1 specification</a>.
 */
public final class CarWriter {
    /** Deepest DAG followed; a balanced UnixFS DAG of 174-link nodes reaches 2^63 bytes far sooner. */
    private static final int MAX_DEPTH = 64;

    private final BlockStore store;

    /** A writer reading blocks from {@code store}. */
    public CarWriter(BlockStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes the DAG rooted at {@code root} to {@code out} (not closed) as a CARv1 with that one root.
     *
     * @return the root, the number of blocks written and the CAR's size in bytes
     * @throws ContentNotFoundException   if a block of the DAG is missing from the store
     * @throws BlockVerificationException if a stored block does not hash to its CID
     * @throws MalformedDagException      for a dag-pb block that does not decode, a codec other than raw
     *                                    or dag-pb, or a DAG deeper than 64 levels (names the CID)
     * @throws IOException                if reading a block or writing {@code out} fails
     */
    public CarSummary export(Cid root, OutputStream out) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(out, "out");
        byte[] header = CarHeader.encode(List.of(root));
        byte[] prefix = UnsignedVarint.encode(header.length);
        out.write(prefix);
        out.write(header);
        Walk walk = new Walk(out);
        walk.visit(root, 0);
        return new CarSummary(List.of(root), walk.seen.size(), prefix.length + header.length + walk.sectionBytes);
    }

    private final class Walk {
        private final OutputStream out;
        private final Set<Cid> seen = new HashSet<>();
        private long sectionBytes;

        Walk(OutputStream out) {
            this.out = out;
        }

        void visit(Cid cid, int depth) throws IOException {
            if (!seen.add(cid)) {
                return;
            }
            if (depth > MAX_DEPTH) {
                throw new MalformedDagException(cid, "DAG deeper than " + MAX_DEPTH + " levels");
            }
            if (cid.codec() != Cid.RAW && cid.codec() != Cid.DAG_PB) {
                throw new MalformedDagException(cid, "cannot export codec 0x" + Long.toHexString(cid.codec())
                        + " (only raw 0x55 and dag-pb 0x70)");
            }
            // Our choice: an identity CID's block is written as a section too (CARv1 allows it), so the CAR
            // is complete even for a reader that does not synthesize identity blocks; kubo's `ipfs dag
            // import` and our CarReader accept the section, and neither stores it (the CID holds it).
            byte[] block = UnixFsExporter.read(store, cid);
            writeSection(cid, block);
            if (cid.codec() == Cid.DAG_PB) {
                List<DagPbLink> links;
                try {
                    links = DagPbNode.decode(block).links();
                } catch (IllegalArgumentException e) {
                    throw new MalformedDagException(cid, "malformed dag-pb: " + e.getMessage());
                }
                for (DagPbLink link : links) {
                    visit(link.cid(), depth + 1);
                }
            }
        }

        private void writeSection(Cid cid, byte[] block) throws IOException {
            byte[] cidBytes = cid.toBytes();
            long length = (long) cidBytes.length + block.length;
            ByteArrayOutputStream prefix = new ByteArrayOutputStream(UnsignedVarint.size(length) + cidBytes.length);
            UnsignedVarint.write(length, prefix);
            prefix.writeBytes(cidBytes);
            prefix.writeTo(out);
            out.write(block);
            sectionBytes += prefix.size() + block.length;
        }
    }
}
