package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity CIDs (multihash 0x00) carry their block: every read path answers them without a stored block,
 * as roots and as links inside dag-pb nodes, and pinning or exporting one works (issue 12, F6).
 */
class IdentityCidTest {
    /** The empty raw block, inlined: the CID kubo answers offline. */
    private static final Cid EMPTY = Cid.parse("bafkqaaa");
    /** "hello", inlined as a raw block. */
    private static final Cid HELLO = Cid.parse("bafkqablimvwgy3y");

    @TempDir
    Path dir;

    @Test
    void theTestCidsAreIdentityCidsOfTheirContent() {
        assertThat(EMPTY.isIdentity()).isTrue();
        assertThat(EMPTY.codec()).isEqualTo(Cid.RAW);
        assertThat(EMPTY.multihash().digest()).isEmpty();
        assertThat(HELLO.multihash().digest()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void anEmptyStoreCatsIdentityCidsAndStoresNothing() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        assertThat(store.catBytes(EMPTY)).isEmpty();
        assertThat(new String(store.catBytes(HELLO), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(store.has(HELLO)).isTrue();
        assertThat(store.blockStore().get(HELLO)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void pinningAnIdentityCidSucceedsAndStoresNoBlock() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        store.pin(EMPTY, PinMode.RECURSIVE);
        store.pin(HELLO, PinMode.DIRECT);
        assertThat(store.pins()).extracting(Pin::cid).containsExactlyInAnyOrder(EMPTY, HELLO);
        assertThat(store.blockCount()).isZero();
        assertThat(store.gc().blocksRemoved()).isZero();
        store.unpin(EMPTY);
    }

    @Test
    void putOfAnIdentityBlockWritesNothing() throws IOException {
        FileBlockStore blocks = new FileBlockStore(dir.resolve("blocks"));
        blocks.put(HELLO, "hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(blocks.blockCount()).isZero();
        assertThat(blocks.multihashes()).isEmpty();
        assertThatThrownBy(() -> blocks.put(HELLO, "hullo".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(BlockVerificationException.class);
    }

    @Test
    void identityLeavesInsideADagPbFileResolve() throws IOException {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        Cid world = new Cid(1, Cid.RAW, new Multihash(Multihash.IDENTITY, " world".getBytes(StandardCharsets.US_ASCII)));
        byte[] data = UnixFsData.fileNode(List.of(5L, 6L)).encode();
        DagPbNode node = new DagPbNode(List.of(new DagPbLink(HELLO, "", 5), new DagPbLink(world, "", 6)), data);
        byte[] block = node.encode();
        Cid root = Cid.of(1, Cid.DAG_PB, block);
        store.blockStore().put(root, block);

        assertThat(new String(store.catBytes(root), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        store.pin(root, PinMode.RECURSIVE);
        assertThat(store.blockCount()).isEqualTo(1);

        ByteArrayOutputStream car = new ByteArrayOutputStream();
        CarSummary summary = new CarWriter(store.blockStore()).export(root, car);
        assertThat(summary.blockCount()).isEqualTo(3);
        EmbeddedContentStore other = new EmbeddedContentStore(dir.resolve("other"));
        CarSummary imported = new CarReader(other.blockStore()).importFrom(new ByteArrayInputStream(car.toByteArray()), "x.car");
        assertThat(imported.blockCount()).isEqualTo(3);
        assertThat(other.blockCount()).isEqualTo(1);
        assertThat(new String(other.catBytes(root), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    }

    @Test
    void exportOfAnIdentityRootIsAValidCarWithItsOneBlock() throws IOException {
        FileBlockStore blocks = new FileBlockStore(dir.resolve("blocks"));
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        CarSummary summary = new CarWriter(blocks).export(HELLO, car);
        assertThat(summary.blockCount()).isEqualTo(1);
        CarSummary verified = CarReader.verify(new ByteArrayInputStream(car.toByteArray()), "hello.car");
        assertThat(verified.roots()).containsExactly(HELLO);
        assertThat(verified.blockCount()).isEqualTo(1);
    }

    @Test
    void aReadThroughStoreNeverAsksTheRemoteForAnIdentityCid() throws IOException {
        BlockStore failing = new ForwardingBlockStore(new FileBlockStore(dir.resolve("remote"))) {
            @Override
            public byte[] get(Cid cid) throws IOException {
                throw new IOException("the remote was asked for " + cid);
            }
        };
        ReadThroughBlockStore through = new ReadThroughBlockStore(new FileBlockStore(dir.resolve("local")), failing, true);
        assertThat(through.get(HELLO)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(through.fetchedBlocks()).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new UnixFsExporter(failing).cat(EMPTY, out);
        assertThat(out.size()).isZero();
    }

    @Test
    void anIdentityPayloadOverKubosLimitIsRefusedNamingTheSizes() throws IOException {
        Cid atLimit = new Cid(1, Cid.RAW, new Multihash(Multihash.IDENTITY, new byte[Multihash.MAX_IDENTITY_LENGTH]));
        Cid over = new Cid(1, Cid.RAW, new Multihash(Multihash.IDENTITY, new byte[Multihash.MAX_IDENTITY_LENGTH + 1]));
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        assertThat(store.catBytes(atLimit)).hasSize(128);
        assertThat(Cid.parse(over.toString())).isEqualTo(over); // parsing still works, so errors can name it
        assertThatThrownBy(() -> store.catBytes(over)).isInstanceOf(ContentException.class)
                .hasMessageContaining("inlines 129 bytes, more than the 128 bytes allowed for an identity hash");
        assertThatThrownBy(() -> store.pin(over, PinMode.RECURSIVE)).isInstanceOf(ContentException.class)
                .hasMessageContaining("129 bytes");
        assertThatThrownBy(() -> store.blockStore().put(over, new byte[129])).isInstanceOf(ContentException.class);
    }
}
