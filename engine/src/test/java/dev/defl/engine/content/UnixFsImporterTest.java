package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CIDs pinned from independent tools. Where the vectors come from:
 * <ul>
 *   <li>STACK.md (verified with js-ipfs {@code add?only-hash=true}, Helia and Debian {@code ipfs_cid}):
 *       empty, "hello world\n", 256 KiB of zeros, 1 MiB of {@code i % 256}, both profiles.</li>
 *   <li>js {@code ipfs-unixfs-importer} 17.1.1 ({@code npm install ipfs-unixfs-importer} in a scratch
 *       directory outside the repository), script {@code cid.mjs}:
 *       {@code importByteStream(gen(), {put: async c => c}, {cidVersion, rawLeaves, reduceSingleLeafToSelf: true,
 *       leafType: 'file', chunker: fixedSize({chunkSize: CHUNK ?? 262144}),
 *       layout: balanced({maxChildrenPerNode: LINKS ?? 174})})}, run as
 *       {@code node cid.mjs v1|v0 LENGTH mod256|mod251} (v1: cidVersion 1, rawLeaves true;
 *       v0: cidVersion 0, rawLeaves false), with {@code CHUNK=256 LINKS=3} for the deep-DAG vectors.</li>
 *   <li>Debian {@code ipfs_cid FILE} (v0 profile only) agrees for 262145 and 45613057 bytes of {@code i % 256}.</li>
 * </ul>
 */
class UnixFsImporterTest {
    private static final int CHUNK = 262_144;
    private final UnixFsImporter v1 = UnixFsImporter.onlyHash(ImportProfile.CIDV1_RAW_LEAVES);
    private final UnixFsImporter v0 = UnixFsImporter.onlyHash(ImportProfile.CIDV0);

    private static Cid add(UnixFsImporter importer, PatternContent content) throws IOException {
        return importer.add(content.stream());
    }

    @Test
    void emptyFileIsOneEmptyRawBlock() throws IOException {
        assertThat(v1.add(new byte[0])).hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(v0.add(new byte[0])).hasToString("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    }

    @Test
    void smallFileIsItsRawLeaf() throws IOException {
        byte[] hello = "hello world\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(v1.add(hello)).hasToString("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(v0.add(hello)).hasToString("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    }

    @Test
    void exactlyOneChunkIsStillASingleLeaf() throws IOException {
        assertThat(v1.add(new byte[CHUNK])).hasToString("bafkreiekhhjkxu4ztk3tyng3er3ijhg56mb44oe3gwbgquhzu4afrg2ksa");
        assertThat(v0.add(new byte[CHUNK])).hasToString("QmRk1rduJvo5DfEYAaLobS2za9tDszk35hzaNSDCJ74DA7");
    }

    @Test
    void oneByteOverAChunkMakesADagPbRootOverTwoLeaves() throws IOException {
        PatternContent content = new PatternContent(CHUNK + 1, 256);
        assertThat(add(v1, content)).hasToString("bafybeibp4affrl5svfd2wwp3l2srpu76awzmvyc37zmrtap5iqydfxffuy");
        assertThat(add(v0, content)).hasToString("QmRZxDLdjSMPrpDsSJ4vucbwMSa6RogubGfDrt5g6w996b");
    }

    @Test
    void oneMebibyteMatchesKubo() throws IOException {
        PatternContent content = new PatternContent(1 << 20, 256);
        assertThat(add(v1, content)).hasToString("bafybeiclphklsx6bfzfb5aezogjldbkeicyyvma6wrfnielfg7haplwahy");
        assertThat(add(v0, content)).hasToString("QmNVwWg6N5yixbSukgRFyXez5HdRY52RhEbg823ejW3cHn");
    }

    @Test
    void exactly174ChunksFitUnderOneNode() throws IOException {
        assertThat(add(v1, new PatternContent(174L * CHUNK, 256)))
                .hasToString("bafybeic6aphmw3ff6rusfv3xkhvt5hr5qukkef4uybaq2kr4gfurjdadwi");
    }

    @Test
    void oneByteOver174ChunksMakesATwoLevelDag() throws IOException {
        PatternContent content = new PatternContent(174L * CHUNK + 1, 256);
        assertThat(add(v1, content)).hasToString("bafybeifesat4tfkoyjquv3u4ptxx43lfa3xewmq4wlbn6gmosvp7ov6nfy");
        assertThat(add(v0, content)).hasToString("QmZXcrPgxjJduiNd6Rx4oUXLiqBmpgKxLGSZpyPXuegcib");
    }

    @Test
    void smallChunksAndThreeLinksGiveTheSameDeepDagAsTheReferenceImporter() throws IOException {
        // 10000 bytes in 256-byte chunks = 40 leaves; 3 links per node: 4 levels above the leaves
        PatternContent content = new PatternContent(10_000, 251);
        UnixFsImporter deepV1 = UnixFsImporter.onlyHash(ImportProfile.CIDV1_RAW_LEAVES.withLayout(256, 3));
        UnixFsImporter deepV0 = UnixFsImporter.onlyHash(ImportProfile.CIDV0.withLayout(256, 3));
        assertThat(add(deepV1, content)).hasToString("bafybeicqhwqfwrwh73vtyr7m5wr7oyp5pi457pirk43get777we7ceakte");
        assertThat(add(deepV0, content)).hasToString("QmSQx3pVABor4fzRUKSQPzbiZsuWsriEsp8fubz1mDM6Lw");
        // 768 bytes = 3 leaves: exactly one full node
        assertThat(add(deepV1, new PatternContent(768, 251)))
                .hasToString("bafybeifmjztthotxeb7iey5dw47eeqswt5p5ltbrlrqk476mthh62coa44");
    }

    @Test
    void onlyHashStoresNothingAndGivesTheStoredCid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        PatternContent content = new PatternContent(3L * CHUNK + 5, 251);
        Cid stored = new UnixFsImporter(store).add(content.stream());
        assertThat(store.blockCount()).isEqualTo(5);
        assertThat(add(v1, content)).isEqualTo(stored);
    }

    @Test
    void rootNodeCarriesFilesizeBlocksizesAndCumulativeTsize(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        Cid root = new UnixFsImporter(store).add(new PatternContent(CHUNK + 1, 256).stream());
        assertThat(root.codec()).isEqualTo(Cid.DAG_PB);
        byte[] block = store.get(root);
        DagPbNode node = DagPbNode.decode(block);
        assertThat(node.encode()).isEqualTo(block);
        assertThat(node.links()).extracting(DagPbLink::name).containsExactly("", "");
        assertThat(node.links()).extracting(DagPbLink::tsize).containsExactly((long) CHUNK, 1L);
        assertThat(node.links()).extracting(link -> link.cid().codec()).containsOnly(Cid.RAW);
        UnixFsData data = UnixFsData.decode(node.data());
        assertThat(data.type()).isEqualTo(UnixFsData.Type.FILE);
        assertThat(data.fileSize()).isEqualTo(CHUNK + 1);
        assertThat(data.blockSizes()).containsExactly((long) CHUNK, 1L);
        assertThat(data.dataLength()).isZero();
        // Links (field 2, tag 0x12) come before Data (field 1, tag 0x0a)
        assertThat(block[0]).isEqualTo((byte) 0x12);
    }

    @Test
    void emptyFileV0NodeHasTheWellKnownBytes() {
        byte[] block = new DagPbNode(List.of(), UnixFsData.fileLeaf(new byte[0]).encode()).encode();
        assertThat(HexFormat.of().formatHex(block)).isEqualTo("0a0408021800");
    }

    @Test
    void leafFramingAroundTheChunkGivesTheBytesOfTheEncodedLeaf() {
        for (int length : new int[]{0, 1, 2, 127, 128, 16_383, 16_384, 100_000, CHUNK, ImportProfile.MAX_CHUNK_SIZE_BYTES}) {
            byte[] chunk = new PatternContent(length, 251).bytes();
            UnixFsImporter.LeafFraming framing = UnixFsImporter.LeafFraming.of(length);
            byte[] framed = new byte[framing.prefix().length + length + framing.suffix().length];
            System.arraycopy(framing.prefix(), 0, framed, 0, framing.prefix().length);
            System.arraycopy(chunk, 0, framed, framing.prefix().length, length);
            System.arraycopy(framing.suffix(), 0, framed, framing.prefix().length + length, framing.suffix().length);
            assertThat(framed).as("leaf of %d bytes", length)
                    .isEqualTo(new DagPbNode(List.of(), UnixFsData.fileLeaf(chunk).encode()).encode());
        }
    }

    /** Keeps the very arrays it is given, as a memory store would: catches an importer that reuses a stored array. */
    private static final class RetainingBlockStore implements BlockStore {
        final java.util.Map<Cid, byte[]> blocks = new java.util.LinkedHashMap<>();

        @Override
        public void put(Cid cid, byte[] block) {
            blocks.putIfAbsent(cid, block);
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            byte[] block = blocks.get(cid);
            if (block == null) throw new ContentNotFoundException(cid, "memory");
            if (!cid.matches(block)) throw new BlockVerificationException(cid, "memory");
            return block;
        }

        @Override
        public boolean has(Cid cid) {
            return blocks.containsKey(cid);
        }

        @Override
        public long sizeBytes() {
            return blocks.values().stream().mapToLong(b -> b.length).sum();
        }

        @Override
        public long blockCount() {
            return blocks.size();
        }
    }

    @Test
    void storedLeavesKeepTheirBytesAfterLaterChunksAreRead() throws IOException {
        PatternContent content = new PatternContent(5L * CHUNK + 77, 251);
        for (ImportProfile profile : List.of(ImportProfile.CIDV1_RAW_LEAVES, ImportProfile.CIDV0)) {
            RetainingBlockStore store = new RetainingBlockStore();
            Cid root = new UnixFsImporter(store, profile).add(content.stream());
            assertThat(root).isEqualTo(add(UnixFsImporter.onlyHash(profile), content));
            assertThat(store.blocks).as(profile.toString()).hasSize(7)
                    .allSatisfy((cid, block) -> assertThat(cid.matches(block)).as("block %s", cid).isTrue());
            var out = new java.io.ByteArrayOutputStream();
            new UnixFsExporter(store).cat(root, out);
            assertThat(out.toByteArray()).isEqualTo(content.bytes());
        }
    }
}
