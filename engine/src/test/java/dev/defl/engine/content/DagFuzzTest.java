package dev.defl.engine.content;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the dag-pb and UnixFS decoders ({@link DagPbNode#decode}, {@link UnixFsData#decode})
 * and of the {@link UnixFsExporter}'s walk over a DAG a peer shaped (fan-out, depth, sizes).
 *
 * <p>The input is a list of blocks, each a 2-byte big-endian length and that many bytes; block 0 is the root (dag-pb).
 * The decoders may fail only with their documented {@link IllegalArgumentException}, the exporter only with a
 * {@link ContentException}. So that the fuzzer can link blocks without finding SHA-256 preimages, the block store here
 * answers a CID with block {@code (last digest byte) mod n}, whatever the hash: the exporter trusts a store to verify
 * blocks, and this one lets the fuzzer build any DAG, cycles included, which a hashing store makes impossible only in
 * practice. Seed corpus: {@code src/test/resources/dev/defl/engine/content/DagFuzzTestInputs/dag/} (README "Fuzzing").
 */
class DagFuzzTest {
    /** Most bytes the walk may write per input: the exporter must stop a larger file without walking it. */
    private static final int MAX_OUTPUT_BYTES = 1 << 16;

    @FuzzTest(maxDuration = "10m")
    void dag(byte[] input) throws IOException {
        List<byte[]> blocks = new ArrayList<>();
        for (int at = 0; at + 2 <= input.length && blocks.size() < 64; ) {
            int length = Math.min(((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF), input.length - at - 2);
            blocks.add(java.util.Arrays.copyOfRange(input, at + 2, at + 2 + length));
            at += 2 + length;
        }
        if (blocks.isEmpty()) return;
        for (byte[] block : blocks) decode(block);
        BlockStore store = new IndexedBlockStore(blocks);
        Cid root = Cid.of(1, Cid.DAG_PB, blocks.getFirst());
        OutputStream bounded = new OutputStream() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > MAX_OUTPUT_BYTES) throw new ContentTooLargeException(root, "fuzzed file", MAX_OUTPUT_BYTES);
            }
        };
        try {
            new UnixFsExporter(store).cat(root, blocks.getFirst(), bounded);
        } catch (ContentException expected) {
            // documented: malformed DAG, missing block, too large
        }
    }

    private static void decode(byte[] block) {
        DagPbNode node;
        try {
            node = DagPbNode.decode(block);
        } catch (IllegalArgumentException e) {
            requireDocumented(e);
            return;
        }
        if (!DagPbNode.decode(node.encode()).equals(node)) throw new AssertionError("dag-pb node does not round-trip: " + node);
        UnixFsData data;
        try {
            data = UnixFsData.decode(node.data());
        } catch (IllegalArgumentException e) {
            requireDocumented(e);
            return;
        }
        if (!UnixFsData.decode(data.encode()).equals(data)) throw new AssertionError("UnixFS data does not round-trip: " + data);
    }

    /** The decoders document a plain {@link IllegalArgumentException} (a link's CID: {@link MalformedCidException}). */
    private static void requireDocumented(IllegalArgumentException e) {
        if (e.getClass() != IllegalArgumentException.class && !(e instanceof MalformedCidException)) throw e;
    }

    /** Answers any CID with block {@code (last digest byte) mod n}; see the class comment. */
    private record IndexedBlockStore(List<byte[]> blocks) implements BlockStore {
        @Override
        public void put(Cid cid, byte[] block) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            byte[] digest = cid.multihash().digest();
            if (digest.length == 0) throw new ContentNotFoundException(cid);
            return blocks.get((digest[digest.length - 1] & 0xFF) % blocks.size()).clone();
        }

        @Override
        public boolean has(Cid cid) {
            return true;
        }

        @Override
        public long sizeBytes() {
            return blocks.stream().mapToLong(b -> b.length).sum();
        }

        @Override
        public long blockCount() {
            return blocks.size();
        }
    }
}
