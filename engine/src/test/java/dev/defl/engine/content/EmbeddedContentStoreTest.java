package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedContentStoreTest {
    private static final int CHUNK = 262_144;

    @TempDir
    Path dir;

    /**
     * Issue 12 F2, in one process (the window's IPFS pane during a run): while live work holds a lease, a GC refuses,
     * naming the holder, and deletes nothing; once the lease is closed it removes the unpinned block.
     */
    @Test
    void gcRefusesWhileALeaseIsHeldAndDeletesNothing() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid unpinned = store.add("fetched from a peer, not pinned yet".getBytes(StandardCharsets.US_ASCII), false);
        EmbeddedContentStore.Lease lease = store.lease("a run in this process");
        assertThatThrownBy(store::gc).isInstanceOf(GcRefusedException.class)
                .hasMessageContaining("garbage collection refused: live work may still need unpinned blocks of "
                        + store.root())
                .hasMessageContaining("a run in this process (since ");
        assertThat(store.has(unpinned)).isTrue();
        lease.close();
        lease.close(); // harmless
        assertThat(store.gc().blocksRemoved()).isEqualTo(1);
        assertThat(store.has(unpinned)).isFalse();
    }

    /**
     * Issue 12 F2: a reader in another process ({@code cat}, {@code pin ls} during a run) used to delete the run's
     * pin file in progress as a stray temporary file, failing the run; only the lock holder removes them now.
     */
    @Test
    void aSharedOpenLeavesTemporaryFilesOfAWriteInProgressAlone() throws IOException {
        new EmbeddedContentStore(dir.resolve("ipfs")).add("pinned".getBytes(StandardCharsets.US_ASCII));
        Path pinInProgress = Files.writeString(dir.resolve("ipfs/pins/.pin-4410949764561080730.tmp"), "{");
        EmbeddedContentStore reader = EmbeddedContentStore.openShared(dir.resolve("ipfs"), ImportProfile.CIDV1_RAW_LEAVES, 0);
        assertThat(reader.pins()).hasSize(1);
        assertThat(pinInProgress).exists();
        new EmbeddedContentStore(dir.resolve("ipfs")); // the lock holder: a leftover of a crash
        assertThat(pinInProgress).doesNotExist();
    }

    @Test
    void addThenCatReturnsTheSameBytes() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        for (byte[] data : List.of(new byte[0], "hello world\n".getBytes(StandardCharsets.US_ASCII),
                new PatternContent(CHUNK, 251).bytes(), new PatternContent(CHUNK + 1, 251).bytes(),
                new PatternContent(1 << 20, 256).bytes())) {
            Cid cid = store.add(data);
            assertThat(store.has(cid)).isTrue();
            assertThat(store.catBytes(cid)).isEqualTo(data);
        }
        assertThat(store.root()).isEqualTo(dir.resolve("ipfs").toAbsolutePath());
    }

    @Test
    void identicalChunksAreStoredOnce() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid cid = store.add(new PatternContent(1 << 20, 256).stream());
        assertThat(cid).hasToString("bafybeiclphklsx6bfzfb5aezogjldbkeicyyvma6wrfnielfg7haplwahy");
        // the 4 chunks of i % 256 are equal: one raw leaf, stored once, plus the root. The DAG size that
        // ipfs-unixfs-importer reports (1048784) counts the leaf 4 times, so the root is 1048784 - 4 * 262144 bytes.
        assertThat(store.blockCount()).isEqualTo(2);
        assertThat(store.sizeBytes()).isEqualTo(CHUNK + (1_048_784 - 4L * CHUNK));
    }

    @Test
    void multiLevelDagRoundTripsThroughTheStoreAsAStream() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, ImportProfile.CIDV1_RAW_LEAVES.withLayout(256, 3));
        PatternContent content = new PatternContent(10_000, 251);
        Cid cid = store.add(content.stream());
        assertThat(cid).hasToString("bafybeicqhwqfwrwh73vtyr7m5wr7oyp5pi457pirk43get777we7ceakte");
        PatternContent.Checker checker = content.checker();
        store.cat(cid, checker);
        assertThat(checker.bytesChecked()).isEqualTo(10_000);
    }

    @Test
    void kuboSizedTwoLevelDagRoundTrips() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        // i % 251: every chunk differs. CID from ipfs-unixfs-importer 17.1.1: node cid.mjs v1 45613057 mod251
        PatternContent content = new PatternContent(174L * CHUNK + 1, 251);
        Cid cid = store.add(content.stream());
        assertThat(cid).hasToString("bafybeib4y7ghw2rq7bracc4xwtxrbzo7cfvagdpte2tmrkgwl6dyard3cm");
        // 175 raw leaves, a node over the first 174, a node over the last one, the root
        assertThat(store.blockCount()).isEqualTo(178);
        PatternContent.Checker checker = content.checker();
        store.cat(cid, checker);
        assertThat(checker.bytesChecked()).isEqualTo(content.length());
    }

    @Test
    void twoLevelDagOfEqualChunksStoresEachDistinctBlockOnce() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        PatternContent content = new PatternContent(174L * CHUNK + 1, 256);
        Cid cid = store.add(content.stream());
        assertThat(cid).hasToString("bafybeifesat4tfkoyjquv3u4ptxx43lfa3xewmq4wlbn6gmosvp7ov6nfy");
        // one shared 256 KiB leaf, the 1-byte leaf, a node over 174 leaves, a node over the last, the root
        assertThat(store.blockCount()).isEqualTo(5);
        PatternContent.Checker checker = content.checker();
        store.cat(cid, checker);
        assertThat(checker.bytesChecked()).isEqualTo(content.length());
    }

    @Test
    void cidV0ProfileRoundTrips() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, ImportProfile.CIDV0);
        PatternContent content = new PatternContent(1 << 20, 256);
        Cid cid = store.add(content.stream());
        assertThat(cid).hasToString("QmNVwWg6N5yixbSukgRFyXez5HdRY52RhEbg823ejW3cHn");
        assertThat(store.catBytes(cid)).isEqualTo(content.bytes());
    }

    @Test
    void unknownCidIsNotFound() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid cid = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(store.has(cid)).isFalse();
        assertThatThrownBy(() -> store.catBytes(cid))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining("no block for CID " + cid + " in " + dir.toAbsolutePath().resolve("blocks"));
    }

    @Test
    void tamperedLeafInsideADagFailsTheCatNamingLeafCidAndFile() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid root = store.add(new PatternContent(CHUNK + 1, 256).stream());
        Cid leaf = DagPbNode.decode(store.blockStore().get(root)).links().get(1).cid();
        Path file = store.blockStore().blockPath(leaf);
        Files.write(file, new byte[] {42});
        assertThatThrownBy(() -> store.cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessage("block from " + file + " does not hash to CID " + leaf);
    }

    @Test
    void missingLeafInsideADagIsNotFound() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid root = store.add(new PatternContent(CHUNK + 1, 256).stream());
        Cid leaf = DagPbNode.decode(store.blockStore().get(root)).links().getFirst().cid();
        Files.delete(store.blockStore().blockPath(leaf));
        assertThatThrownBy(() -> store.catBytes(root))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(leaf.toString());
    }

    @Test
    void reopenedStoreCatsWhatWasAddedAndKeepsCounts() throws IOException {
        Cid cid;
        long blocks;
        long bytes;
        {
            EmbeddedContentStore store = new EmbeddedContentStore(dir);
            cid = store.add(new PatternContent(3L * CHUNK + 7, 251).stream());
            blocks = store.blockCount();
            bytes = store.sizeBytes();
        }
        EmbeddedContentStore reopened = new EmbeddedContentStore(dir);
        assertThat(reopened.blockCount()).isEqualTo(blocks).isEqualTo(5);
        assertThat(reopened.sizeBytes()).isEqualTo(bytes);
        assertThat(reopened.catBytes(cid)).isEqualTo(new PatternContent(3L * CHUNK + 7, 251).bytes());
    }

    @Test
    void addingTheSameFileTwiceAddsNoBlocks() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid first = store.add(new PatternContent(CHUNK * 2L, 251).stream());
        long blocks = store.blockCount();
        Cid second = store.add(new PatternContent(CHUNK * 2L, 251).stream());
        assertThat(second).isEqualTo(first);
        assertThat(store.blockCount()).isEqualTo(blocks);
    }

    @Test
    void aFileLargerThanTheCacheIsReadAsAScanThatDoesNotFillTheCache() throws IOException {
        ImportProfile small = ImportProfile.CIDV1_RAW_LEAVES.withLayout(1024, 8);
        EmbeddedContentStore store = new EmbeddedContentStore(dir, small, 8 * 1024);
        byte[] content = new byte[40_000];
        new java.util.SplittableRandom(5).nextBytes(content);
        Cid cid = store.add(content);

        assertThat(store.catBytes(cid)).isEqualTo(content);
        assertThat(store.cacheStats().entries()).as("only the root, read to learn the file's size").isEqualTo(1);
        assertThat(store.catBytes(cid)).isEqualTo(content);
    }
}
