package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedContentStorePinTest {
    /** 256-byte chunks, 3 links per node: 10 000 bytes make a 4-level DAG of 40 raw leaves and 22 dag-pb nodes. */
    private static final ImportProfile SMALL_DAG = ImportProfile.CIDV1_RAW_LEAVES.withLayout(256, 3);

    @TempDir
    Path dir;

    /** The last raw leaf of the DAG under {@code root}. */
    static Cid lastLeaf(EmbeddedContentStore store, Cid root) throws IOException {
        Cid cid = root;
        while (cid.codec() != Cid.RAW) {
            cid = DagPbNode.decode(store.blockStore().get(cid)).links().getLast().cid();
        }
        return cid;
    }

    @Test
    void addPinsRecursivelyByDefaultAsIpfsAdd() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid bytes = store.add("a".getBytes(StandardCharsets.US_ASCII));
        Cid stream = store.add(new PatternContent(1_000, 251).stream());
        Path file = Files.write(dir.resolve("input.bin"), new PatternContent(2_000, 251).bytes());
        Cid path = store.add(file);

        assertThat(store.pins()).containsExactlyInAnyOrder(
                new Pin(bytes, PinMode.RECURSIVE), new Pin(stream, PinMode.RECURSIVE), new Pin(path, PinMode.RECURSIVE));
        assertThat(store.pinMode(bytes)).hasValue(PinMode.RECURSIVE);
    }

    @Test
    void addThroughTheContentStoreInterfacePins() throws IOException {
        ContentStore store = new EmbeddedContentStore(dir);
        Cid cid = store.add(new byte[] {1, 2, 3});
        assertThat(((EmbeddedContentStore) store).isPinned(cid)).isTrue();
    }

    @Test
    void addWithPinFalseStoresWithoutPinning() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid cid = store.add(new byte[] {1, 2, 3}, false);
        assertThat(store.has(cid)).isTrue();
        assertThat(store.isPinned(cid)).isFalse();
        assertThat(store.pins()).isEmpty();
    }

    @Test
    void pinsSurviveReopen() throws IOException {
        Cid recursive;
        Cid direct;
        {
            EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
            recursive = store.add(new PatternContent(10_000, 251).stream());
            direct = store.add(new PatternContent(5_000, 13).stream(), false);
            store.pin(direct, PinMode.DIRECT);
        }
        EmbeddedContentStore reopened = new EmbeddedContentStore(dir, SMALL_DAG);
        assertThat(reopened.pins()).containsExactlyInAnyOrder(new Pin(recursive, PinMode.RECURSIVE), new Pin(direct, PinMode.DIRECT));
        assertThat(reopened.isPinned(direct)).isTrue();
    }

    @Test
    void unpinOfACidThatIsNotPinnedIsAnErrorNamingTheCid() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid cid = store.add(new byte[] {1}, false);
        assertThatThrownBy(() -> store.unpin(cid))
                .isInstanceOf(NotPinnedException.class)
                .hasMessage("CID " + cid + " is not pinned in " + dir.toAbsolutePath().resolve("pins"))
                .satisfies(e -> assertThat(((NotPinnedException) e).cid()).isEqualTo(cid));
    }

    @Test
    void unpinRemovesThePinAndKeepsTheBlocksUntilGc() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        byte[] data = new PatternContent(1_000, 251).bytes();
        Cid cid = store.add(data);
        store.unpin(cid);
        assertThat(store.isPinned(cid)).isFalse();
        assertThat(new EmbeddedContentStore(dir).pins()).isEmpty();
        assertThat(store.catBytes(cid)).isEqualTo(data);
    }

    @Test
    void aBlockUnderARecursivePinIsNotAPinOfItsOwn() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(new PatternContent(10_000, 251).stream());
        Cid child = DagPbNode.decode(store.blockStore().get(root)).links().getFirst().cid();
        assertThat(store.isPinned(child)).isFalse();
        assertThatThrownBy(() -> store.unpin(child)).isInstanceOf(NotPinnedException.class);
    }

    @Test
    void recursivePinOfAnIncompleteDagNamesTheMissingBlockAndPinsNothing() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(new PatternContent(10_000, 251).stream(), false);
        Cid missing = lastLeaf(store, root);
        Files.delete(store.blockStore().blockPath(missing));

        assertThatThrownBy(() -> store.pin(root, PinMode.RECURSIVE))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessage("no block for CID " + missing + " in " + store.blockStore().directory())
                .satisfies(e -> assertThat(((ContentNotFoundException) e).cid()).isEqualTo(missing));
        assertThat(store.pins()).isEmpty();
    }

    @Test
    void recursivePinOfADagWithAMissingInnerNodeNamesIt() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(new PatternContent(10_000, 251).stream(), false);
        Cid node = DagPbNode.decode(store.blockStore().get(root)).links().getLast().cid();
        Files.delete(store.blockStore().blockPath(node));

        assertThatThrownBy(() -> store.pin(root, PinMode.RECURSIVE))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining("no block for CID " + node);
    }

    @Test
    void pinOfACidNotInTheStoreIsNotFound() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid absent = Cid.of(1, Cid.RAW, new byte[] {42});
        for (PinMode mode : PinMode.values()) {
            assertThatThrownBy(() -> store.pin(absent, mode))
                    .isInstanceOf(ContentNotFoundException.class)
                    .hasMessageContaining(absent.toString());
        }
        assertThat(store.pins()).isEmpty();
    }

    @Test
    void recursivePinOfATamperedNodeFailsVerification() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(new PatternContent(10_000, 251).stream(), false);
        Path file = store.blockStore().blockPath(root);
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> store.pin(root, PinMode.RECURSIVE))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessage("block from " + file + " does not hash to CID " + root);
    }

    @Test
    void directPinNeedsOnlyTheBlockItself() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(new PatternContent(10_000, 251).stream(), false);
        Cid child = DagPbNode.decode(store.blockStore().get(root)).links().getFirst().cid();
        Files.delete(store.blockStore().blockPath(child));
        store.pin(root, PinMode.DIRECT);
        assertThat(store.pins()).containsExactly(new Pin(root, PinMode.DIRECT));
    }

    @Test
    void recursivePinReplacesADirectPin() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG);
        Cid root = store.add(new PatternContent(10_000, 251).stream(), false);
        store.pin(root, PinMode.DIRECT);
        store.pin(root, PinMode.RECURSIVE);
        store.pin(root, PinMode.RECURSIVE);
        assertThat(store.pins()).containsExactly(new Pin(root, PinMode.RECURSIVE));
    }

    @Test
    void directPinOfARecursivelyPinnedCidIsRefusedAsInKubo() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        Cid cid = store.add(new byte[] {7});
        assertThatThrownBy(() -> store.pin(cid, PinMode.DIRECT))
                .isInstanceOf(ContentException.class)
                .hasMessage("CID " + cid + " is already pinned recursively; unpin it first to pin it directly");
        assertThat(store.pins()).containsExactly(new Pin(cid, PinMode.RECURSIVE));
    }

    @Test
    void aBlockOfACodecWithoutLinkSupportCanBePinnedDirectlyButNotRecursively() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        byte[] cbor = {(byte) 0xa0}; // dag-cbor empty map
        Cid cid = Cid.of(1, 0x71, cbor);
        store.blockStore().put(cid, cbor);
        assertThatThrownBy(() -> store.pin(cid, PinMode.RECURSIVE))
                .isInstanceOf(MalformedDagException.class)
                .hasMessage("block " + cid + ": cannot follow links of codec 0x71 (only raw 0x55 and dag-pb 0x70 DAGs can be pinned recursively)");
        store.pin(cid, PinMode.DIRECT);
        assertThat(store.pins()).containsExactly(new Pin(cid, PinMode.DIRECT));
    }

    @Test
    void pinsAreListedInCidOrder() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        for (int i = 0; i < 5; i++) {
            store.add(new byte[] {(byte) i});
        }
        List<String> listed = store.pins().stream().map(pin -> pin.cid().toString()).toList();
        assertThat(listed).hasSize(5).isSorted();
    }

    @Test
    void statCountsObjectsBytesAndPinnedRootsLikeIpfsRepoStat() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"), SMALL_DAG);
        assertThat(store.stat()).isEqualTo(new RepoStat(0, 0, 0, dir.resolve("ipfs").toAbsolutePath()));

        store.add(new PatternContent(10_000, 251).stream());
        store.add(new byte[] {1, 2, 3});
        Cid unpinned = store.add(new byte[] {4, 5}, false);
        store.pin(unpinned, PinMode.DIRECT);

        RepoStat stat = store.stat();
        assertThat(stat.numObjects()).isEqualTo(store.blockCount()).isEqualTo(62 + 2);
        assertThat(stat.repoSizeBytes()).isEqualTo(store.sizeBytes()).isGreaterThan(10_000 + 5);
        assertThat(stat.pinnedRoots()).isEqualTo(3);
        assertThat(stat.path()).isEqualTo(store.root());
    }

    @Test
    void repeatedCatsAreServedFromTheBlockCache() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir, SMALL_DAG, 1 << 20);
        Cid cid = store.add(new PatternContent(10_000, 251).stream());
        store.catBytes(cid);
        CacheStats afterFirst = store.cacheStats();
        store.catBytes(cid);
        CacheStats afterSecond = store.cacheStats();
        assertThat(afterFirst.misses()).isEqualTo(afterSecond.misses());
        assertThat(afterFirst.misses()).isEqualTo(62);
        assertThat(afterSecond.hits()).isEqualTo(afterFirst.hits() + 62);
        assertThat(afterSecond.capacityBytes()).isEqualTo(1 << 20);
        assertThat(new EmbeddedContentStore(dir.resolve("default")).cacheStats().capacityBytes()).isEqualTo(64L << 20);
    }

    @Test
    void pinListenersHearEachPinAddedOrRemovedUntilRemoved() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir);
        List<EmbeddedContentStore.PinChange> heard = new java.util.ArrayList<>();
        Runnable remove = store.onPinsChanged(heard::add);
        Cid a = store.add("an update".getBytes(StandardCharsets.UTF_8));
        store.add("an update".getBytes(StandardCharsets.UTF_8)); // pinned already: no change
        Cid b = store.add("kept until gc".getBytes(StandardCharsets.UTF_8), false);
        store.pin(b, PinMode.DIRECT);
        store.unpin(a);
        assertThat(heard).containsExactly(new EmbeddedContentStore.PinChange(a, true),
                new EmbeddedContentStore.PinChange(b, true), new EmbeddedContentStore.PinChange(a, false));
        remove.run();
        store.add("after removal".getBytes(StandardCharsets.UTF_8));
        assertThat(heard).hasSize(3);
    }
}
