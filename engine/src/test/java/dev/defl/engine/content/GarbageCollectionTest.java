package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectionTest {
    /** 256-byte chunks, 3 links per node: 10 000 bytes of i % 251 make 40 raw leaves under 22 dag-pb nodes. */
    private static final ImportProfile SMALL_DAG = ImportProfile.CIDV1_RAW_LEAVES.withLayout(256, 3);
    private static final PatternContent PINNED = new PatternContent(10_000, 251);
    private static final PatternContent OTHER = new PatternContent(10_000, 241);

    @TempDir
    Path dir;

    @Test
    void gcKeepsAWholeRecursivelyPinnedDagAndRemovesAnUnpinnedFile() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid pinned = store.add(PINNED.stream());
        long pinnedBlocks = store.blockCount();
        long pinnedBytes = store.sizeBytes();
        assertThat(pinnedBlocks).isEqualTo(62);
        Cid unpinned = store.add(OTHER.stream(), false);
        long otherBlocks = store.blockCount() - pinnedBlocks;
        long otherBytes = store.sizeBytes() - pinnedBytes;

        GcResult result = store.gc();

        assertThat(result).isEqualTo(new GcResult(otherBlocks, otherBytes));
        assertThat(store.blockCount()).isEqualTo(pinnedBlocks);
        assertThat(store.sizeBytes()).isEqualTo(pinnedBytes);
        assertThat(store.catBytes(pinned)).isEqualTo(PINNED.bytes());
        assertThat(store.has(unpinned)).isFalse();
        assertThatThrownBy(() -> store.catBytes(unpinned))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(unpinned.toString());
    }

    @Test
    void countsAfterGcMatchWhatIsOnDisk() throws IOException {
        {
            EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
            store.add(PINNED.stream());
            store.add(OTHER.stream(), false);
            store.gc();
        }
        FileBlockStore reopened = new FileBlockStore(dir.resolve("blocks"));
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        assertThat(store.blockCount()).isEqualTo(reopened.blockCount()).isEqualTo(reopened.multihashes().size()).isEqualTo(62);
        assertThat(store.sizeBytes()).isEqualTo(reopened.sizeBytes());
    }

    @Test
    void aSecondGcRemovesNothing() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        store.add(PINNED.stream());
        store.add(OTHER.stream(), false);
        assertThat(store.gc().blocksRemoved()).isPositive();
        assertThat(store.gc()).isEqualTo(new GcResult(0, 0));
    }

    @Test
    void aDirectlyPinnedDagPbRootKeepsOnlyTheRoot() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(PINNED.stream(), false);
        byte[] rootBlock = store.blockStore().get(root);
        store.pin(root, PinMode.DIRECT);

        GcResult result = store.gc();

        assertThat(result.blocksRemoved()).isEqualTo(61);
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(rootBlock.length);
        assertThat(store.blockStore().get(root)).isEqualTo(rootBlock);
        Cid firstChild = DagPbNode.decode(rootBlock).links().getFirst().cid();
        assertThatThrownBy(() -> store.catBytes(root))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(firstChild.toString());
    }

    @Test
    void aBlockSharedWithAnUnpinnedFileSurvivesThroughThePinnedOne() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        byte[] data = PINNED.bytes();
        Cid pinned = store.add(data);
        // the first 256-byte chunk of data alone: the same raw leaf as the pinned file's first leaf
        Cid sharedLeaf = store.add(java.util.Arrays.copyOf(data, 256), false);
        assertThat(sharedLeaf.codec()).isEqualTo(Cid.RAW);

        assertThat(store.gc()).isEqualTo(new GcResult(0, 0));
        assertThat(store.has(sharedLeaf)).isTrue();
        assertThat(store.catBytes(pinned)).isEqualTo(data);
    }

    @Test
    void aCidV0PinProtectsTheBlocksOfADagPbLeafDag() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, ImportProfile.CIDV0.withLayout(256, 3));
        Cid pinned = store.add(PINNED.stream());
        assertThat(pinned.version()).isZero();
        store.add(OTHER.stream(), false);

        store.gc();

        assertThat(store.blockCount()).isEqualTo(62);
        assertThat(store.catBytes(pinned)).isEqualTo(PINNED.bytes());
    }

    @Test
    void unpinningThenGcRemovesEverything() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid cid = store.add(PINNED.stream());
        long bytes = store.sizeBytes();
        store.unpin(cid);
        assertThat(store.gc()).isEqualTo(new GcResult(62, bytes));
        assertThat(store.stat()).isEqualTo(new RepoStat(0, 0, 0, store.root()));
    }

    @Test
    void pinsReadBackAfterReopenStillProtectTheirBlocks() throws IOException {
        Cid pinned;
        {
            EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
            pinned = store.add(PINNED.stream());
            store.add(OTHER.stream(), false);
        }
        EmbeddedContentStore reopened = new EmbeddedContentStore(dir, SMALL_DAG);
        reopened.gc();
        assertThat(reopened.blockCount()).isEqualTo(62);
        assertThat(reopened.catBytes(pinned)).isEqualTo(PINNED.bytes());
    }

    @Test
    void gcDropsRemovedBlocksFromTheCache() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid unpinned = store.add(OTHER.stream(), false);
        store.catBytes(unpinned);
        assertThat(store.cacheStats().entries()).isEqualTo(62);

        store.gc();

        assertThat(store.cacheStats().entries()).isZero();
        assertThat(store.cacheStats().sizeBytes()).isZero();
        assertThatThrownBy(() -> store.catBytes(unpinned)).isInstanceOf(ContentNotFoundException.class);
    }

    @Test
    void gcOfAStoreWhosePinnedDagIsIncompleteFailsNamingTheBlockAndDeletesNothing() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(PINNED.stream());
        store.add(OTHER.stream(), false);
        Cid missing = EmbeddedContentStorePinTest.lastLeaf(store, root);
        Files.delete(store.blockStore().blockPath(missing));
        EmbeddedContentStore reopened = new EmbeddedContentStore(dir, SMALL_DAG);
        long blocks = reopened.blockCount();

        assertThatThrownBy(reopened::gc)
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining("no block for CID " + missing);
        assertThat(reopened.blockCount()).isEqualTo(blocks);
    }

    @Test
    void addsRunningDuringGcKeepAllTheirBlocks() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        int writers = 3;
        int addsPerWriter = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<List<Cid>>> added = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int modulus = 200 + w;
                added.add(pool.submit(() -> {
                    List<Cid> cids = new ArrayList<>();
                    for (int i = 0; i < addsPerWriter; i++) {
                        cids.add(store.add(new PatternContent(2_000 + i, modulus).stream()));
                        store.add(new PatternContent(1_000 + i, modulus - 100).stream(), false);
                    }
                    return cids;
                }));
            }
            int collections = 0;
            while (collections < 10 || !added.stream().allMatch(Future::isDone)) {
                store.gc();
                collections++;
            }
            for (int w = 0; w < writers; w++) {
                List<Cid> cids = added.get(w).get();
                for (int i = 0; i < addsPerWriter; i++) {
                    assertThat(store.catBytes(cids.get(i))).isEqualTo(new PatternContent(2_000 + i, 200 + w).bytes());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES); // writers must stop before the temporary directory goes
        }
        store.gc();
        assertThat(store.pins()).hasSize(writers * addsPerWriter);
        FileBlockStore onDisk = new FileBlockStore(dir.resolve("blocks"));
        assertThat(store.blockCount()).isEqualTo(onDisk.blockCount());
        assertThat(store.sizeBytes()).isEqualTo(onDisk.sizeBytes());
    }
}
