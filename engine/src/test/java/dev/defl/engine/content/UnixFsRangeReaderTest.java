package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranged reads of UnixFS files in a real {@link FileBlockStore}: files imported with small chunks and few links per
 * node, so that a file of tens of KiB has several levels of nodes and ranges cross leaves and subtrees.
 */
class UnixFsRangeReaderTest {
    /** 1 KiB chunks, 4 links per node: 50,000 bytes are 49 leaves under three levels of nodes. */
    private static final ImportProfile SMALL = new ImportProfile(1, true, 1024, 4);

    @TempDir
    Path dir;
    private FileBlockStore store;
    private byte[] content;
    private Cid root;

    @BeforeEach
    void add() throws IOException {
        store = new FileBlockStore(dir);
        content = new byte[50_000];
        new SplittableRandom(7).nextBytes(content);
        root = new UnixFsImporter(store, SMALL).add(content);
    }

    @Test
    void everyRangeEqualsTheSameBytesOfTheFile() throws IOException {
        UnixFsRangeReader.OpenFile file = new UnixFsRangeReader(store).open(root);
        assertThat(file.size()).isEqualTo(content.length);
        int[][] ranges = {
                {0, 1}, {0, 1024}, {0, 1025}, {1023, 2}, {1024, 1024}, {4095, 3}, // first byte, leaf edges
                {content.length - 1, 1}, {content.length - 1500, 1500}, // last byte, the short last leaf
                {3000, 40_000}, {0, content.length}, {16_383, 2}, {17, 0}, {content.length, 0}};
        for (int[] r : ranges) {
            byte[] got = new byte[r[1] + 2];
            file.read(r[0], got, 1, r[1]);
            assertThat(Arrays.copyOfRange(got, 1, 1 + r[1])).as("range %s", Arrays.toString(r))
                    .isEqualTo(Arrays.copyOfRange(content, r[0], r[0] + r[1]));
        }
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            int from = rnd.nextInt(content.length);
            int length = rnd.nextInt(content.length - from + 1);
            assertThat(new UnixFsRangeReader(store).read(root, from, length))
                    .isEqualTo(Arrays.copyOfRange(content, from, from + length));
        }
    }

    @Test
    void aRangeReadsOnlyTheLeavesThatHoldIt() throws IOException {
        AtomicInteger rawReads = new AtomicInteger();
        BlockStore counting = new ForwardingBlockStore(store) {
            @Override
            public byte[] get(Cid cid) throws IOException {
                if (cid.codec() == Cid.RAW) rawReads.incrementAndGet();
                return super.get(cid);
            }
        };
        UnixFsRangeReader.OpenFile file = new UnixFsRangeReader(counting).open(root);
        file.read(1000, new byte[100], 0, 100); // bytes 1000..1099: leaves 0 and 1
        assertThat(rawReads).hasValue(2);
        file.read(30_000, new byte[1], 0, 1);
        assertThat(rawReads).hasValue(3);
    }

    @Test
    void aRangePastTheEndIsRefusedNamingTheFileAndItsSize() throws IOException {
        UnixFsRangeReader.OpenFile file = new UnixFsRangeReader(store).open(root);
        assertThatThrownBy(() -> file.read(content.length - 10, new byte[11], 0, 11))
                .isInstanceOf(RangeOutOfBoundsException.class)
                .hasMessage("file " + root + ": bytes [49990, 50001) are past the end of its 50000 bytes");
        assertThatThrownBy(() -> file.read(content.length + 1, new byte[0], 0, 0))
                .isInstanceOf(RangeOutOfBoundsException.class);
        assertThatThrownBy(() -> file.read(-1, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTamperedLeafFailsVerificationOnlyForRangesThatReachIt() throws IOException {
        Cid leaf = Cid.of(1, Cid.RAW, Arrays.copyOfRange(content, 2048, 3072)); // the third leaf
        Path file = store.blockPath(leaf);
        byte[] bytes = Files.readAllBytes(file);
        bytes[5] ^= 1;
        file.toFile().setWritable(true);
        Files.write(file, bytes);
        UnixFsRangeReader.OpenFile open = new UnixFsRangeReader(store).open(root);
        byte[] dst = new byte[10];
        open.read(0, dst, 0, 10);
        open.read(3072, dst, 0, 10);
        assertThatThrownBy(() -> open.read(2040, dst, 0, 10))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessageContaining(leaf.toString());
    }

    @Test
    void aBlocksizeThatDisagreesWithTheLeafIsRejected() throws IOException {
        Cid leaf = put(Cid.RAW, new byte[] {4, 5});
        Cid lying = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(leaf, "", 2)),
                UnixFsData.fileNode(List.of(3L)).encode()).encode());
        assertThatThrownBy(() -> new UnixFsRangeReader(store).read(lying, 0, 1))
                .isInstanceOf(MalformedDagException.class)
                .hasMessageContaining("link 0 (" + leaf + ") holds 2 bytes but the node declares 3");
    }

    @Test
    void aNodeWithoutBlocksizesIsReadByLearningItsChildrensSizes() throws IOException {
        Cid a = put(Cid.RAW, new byte[] {4, 5});
        Cid b = put(Cid.RAW, new byte[] {6, 7, 8});
        UnixFsData data = new UnixFsData(UnixFsData.Type.FILE, new byte[] {1, 2, 3}, 8, List.of());
        Cid node = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(a, "", 2), new DagPbLink(b, "", 3)), data.encode()).encode());
        assertThat(new UnixFsRangeReader(store).read(node, 2, 5)).containsExactly(3, 4, 5, 6, 7);
        assertThat(new UnixFsRangeReader(store).read(node, 7, 1)).containsExactly(8);
    }

    @Test
    void rawRootsAndIdentityCidsAreTheirOwnContent() throws IOException {
        Cid raw = put(Cid.RAW, new byte[] {1, 2, 3});
        assertThat(new UnixFsRangeReader(store).read(raw, 1, 2)).containsExactly(2, 3);
        Cid empty = Cid.parse("bafkqaaa");
        assertThat(new UnixFsRangeReader(store).open(empty).size()).isZero();
        assertThatThrownBy(() -> new UnixFsRangeReader(store).read(empty, 0, 1)).isInstanceOf(RangeOutOfBoundsException.class);
    }

    @Test
    void aMissingBlockIsNamed() throws IOException {
        Cid leaf = Cid.of(1, Cid.RAW, Arrays.copyOfRange(content, 0, 1024));
        store.delete(leaf);
        assertThatThrownBy(() -> new UnixFsRangeReader(store).read(root, 10, 1))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(leaf.toString());
    }

    @Test
    void theEmbeddedStoreReadsRanges(@TempDir Path storeDir) throws IOException {
        EmbeddedContentStore embedded = new EmbeddedContentStore(storeDir);
        byte[] big = new byte[600_000]; // three 256 KiB leaves
        new SplittableRandom(5).nextBytes(big);
        Cid cid = embedded.add(big);
        UnixFsRangeReader reader = embedded.rangeReader().orElseThrow();
        assertThat(reader.read(cid, 262_100, 200)).isEqualTo(Arrays.copyOfRange(big, 262_100, 262_300));
        assertThat(reader.open(cid).size()).isEqualTo(600_000);
    }

    @Test
    void blocksTheEmbeddedStoreLacksAreReadFromTheRemoteAndKeptUnpinned(@TempDir Path storeDir) throws IOException {
        EmbeddedContentStore local = new EmbeddedContentStore(storeDir.resolve("local"), SMALL);
        UnixFsRangeReader reader = local.rangeReader(store); // the remote: the store the file was imported into
        assertThat(reader.read(root, 20_000, 3000)).isEqualTo(Arrays.copyOfRange(content, 20_000, 23_000));
        assertThat(local.has(root)).as("the root was fetched and kept").isTrue();
        assertThat(local.blockStore().has(Cid.of(1, Cid.RAW, Arrays.copyOfRange(content, 20_480, 21_504)))).isTrue();
        assertThat(local.blockStore().has(Cid.of(1, Cid.RAW, Arrays.copyOfRange(content, 0, 1024))))
                .as("a leaf outside the range is not fetched").isFalse();
        assertThat(local.isPinned(root)).isFalse();
    }

    private Cid put(long codec, byte[] block) throws IOException {
        Cid cid = Cid.of(1, codec, block);
        store.put(cid, block);
        return cid;
    }
}
