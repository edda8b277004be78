package dev.defl.engine.content;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A peer shapes the DAGs and CIDs it publishes: fan-out and depth that would make a walk exponential, sizes that lie,
 * files larger than their reader accepts, CIDs longer than any real one. Each is refused with what was wrong, on real
 * blocks in a real {@link FileBlockStore} or {@link EmbeddedContentStore}.
 */
class PeerDagLimitsTest {
    @TempDir
    Path dir;

    private FileBlockStore store;

    @BeforeEach
    void open() throws Exception {
        store = new FileBlockStore(dir.resolve("blocks"));
    }

    private Cid put(long codec, byte[] block) throws Exception {
        Cid cid = Cid.of(1, codec, block);
        store.put(cid, block);
        return cid;
    }

    /** A File node linking {@code fanOut} times to {@code child}, declaring {@code childBytes} per link. */
    private Cid fanOut(Cid child, int fanOut, long childBytes) throws Exception {
        List<DagPbLink> links = Collections.nCopies(fanOut, new DagPbLink(child, "", 0));
        List<Long> sizes = Collections.nCopies(fanOut, childBytes);
        return put(Cid.DAG_PB, new DagPbNode(links, new UnixFsData(UnixFsData.Type.FILE, new byte[0], childBytes * fanOut, sizes).encode()).encode());
    }

    @Test
    void aFanOutOfEmptyChildrenIsRefusedAtTheFirstLinkInsteadOfWalked() throws Exception {
        // 40 levels of 100 links to one child each: 100^40 paths, 0 bytes; a walk of every path never ends
        Cid node = put(Cid.RAW, new byte[0]);
        for (int level = 0; level < 40; level++) node = fanOut(node, 100, 0);
        Cid root = node;
        assertThatThrownBy(() -> new UnixFsExporter(store).cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class).hasMessageContaining("link 0 declares 0 bytes");
    }

    @Test
    void aLinkToAnEmptyLeafIsRefusedWhenTheNodeDeclaresNoBlocksizes() throws Exception {
        Cid empty = put(Cid.RAW, new byte[0]);
        Cid root = put(Cid.DAG_PB, new DagPbNode(Collections.nCopies(1000, new DagPbLink(empty, "", 0)),
                new UnixFsData(UnixFsData.Type.FILE, new byte[0], 0, List.of()).encode()).encode());
        assertThatThrownBy(() -> new UnixFsExporter(store).cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class).hasMessageContaining("link 0 (" + empty + ") holds no bytes");
    }

    @Test
    void aChildWritingMoreThanItsParentDeclaresIsStoppedBeforeItsContent() throws Exception {
        Cid leaf = put(Cid.RAW, new byte[1000]);
        Cid inner = fanOut(leaf, 100, 1000); // declares 100 000 bytes
        Cid root = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(inner, "", 0)),
                new UnixFsData(UnixFsData.Type.FILE, new byte[0], 10, List.of(10L)).encode()).encode());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new UnixFsExporter(store).cat(root, out))
                .isInstanceOf(MalformedDagException.class).hasMessageContaining("declares filesize 100000 but its parent allows at most 10");
        assertThat(out.size()).isZero();
    }

    @Test
    void blocksizesThatDoNotAddUpToTheFilesizeAreRefusedBeforeAnyChildIsRead() throws Exception {
        Cid missing = Cid.of(1, Cid.RAW, "never stored".getBytes(StandardCharsets.UTF_8));
        Cid root = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(missing, "", 0)),
                new UnixFsData(UnixFsData.Type.FILE, new byte[0], 5, List.of(4L)).encode()).encode());
        assertThatThrownBy(() -> new UnixFsExporter(store).cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class).hasMessageContaining("declares filesize 5 but its data and blocksizes add up to 4");
    }

    @Test
    void blocksizesAddingUpBeyondALongAreMalformedNotAnArithmeticException() {
        byte[] data = new ProtobufWriter(32).varint(1, 2).varint(4, Long.MAX_VALUE).varint(4, 1).toByteArray(); // no filesize
        assertThatThrownBy(() -> UnixFsData.decode(data)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to more than 2^63-1 bytes");
    }

    @Test
    void catBytesRefusesAFileBeyondItsLimitWithoutHoldingIt() throws Exception {
        EmbeddedContentStore content = new EmbeddedContentStore(dir.resolve("ipfs"));
        byte[] data = new byte[3 << 20];
        Cid cid = content.add(data);
        assertThat(content.catBytes(cid, data.length)).hasSize(data.length);
        assertThatThrownBy(() -> content.catBytes(cid, 1 << 20)).isInstanceOf(ContentTooLargeException.class)
                .hasMessageContaining(cid.toString()).hasMessageContaining("exceeds the limit of 1048576 bytes");
    }

    @Test
    void cidsLongerThanAnyRealOneAreRefusedBeforeDecoding() {
        String longText = "z" + "2".repeat(200_000); // base58 decoding is quadratic: refused by length first
        assertThatThrownBy(() -> Cid.parse(longText)).isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("200001 characters, more than the limit " + Cid.MAX_TEXT_LENGTH)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
        byte[] longBytes = new byte[Cid.MAX_BYTES + 1];
        longBytes[0] = 1;
        assertThatThrownBy(() -> Cid.fromBytes(longBytes)).isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("more than the limit " + Cid.MAX_BYTES);
        byte[] identity = new byte[3 + 2000]; // code 0, length varint 2000 = 0xd0 0x0f
        identity[1] = (byte) 0xd0;
        identity[2] = 0x0f;
        assertThatThrownBy(() -> Multihash.fromBytes(identity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multihash digest length 2000 exceeds the limit " + Multihash.MAX_DIGEST_BYTES + " bytes");
        List<Cid> real = new ArrayList<>(List.of(Cid.of(1, Cid.RAW, new byte[0]), Cid.of(0, Cid.DAG_PB, new byte[0]),
                new Cid(1, Cid.RAW, new Multihash(Multihash.IDENTITY, new byte[Multihash.MAX_DIGEST_BYTES]))));
        for (Cid c : real) assertThat(Cid.parse(c.toString())).isEqualTo(c);
    }
}
