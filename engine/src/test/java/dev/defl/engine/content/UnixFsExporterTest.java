package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixFsExporterTest {
    @TempDir
    Path dir;
    private FileBlockStore store;
    private UnixFsExporter exporter;

    @BeforeEach
    void open() throws IOException {
        store = new FileBlockStore(dir);
        exporter = new UnixFsExporter(store);
    }

    private Cid put(long codec, byte[] block) throws IOException {
        Cid cid = Cid.of(1, codec, block);
        store.put(cid, block);
        return cid;
    }

    @Test
    void rawBlockIsItsOwnContent() throws IOException {
        Cid cid = put(Cid.RAW, new byte[] {1, 2, 3});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(exporter.cat(cid, out)).isEqualTo(3);
        assertThat(out.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void nodeDataComesBeforeItsLinks() throws IOException {
        Cid leaf = put(Cid.RAW, new byte[] {4, 5});
        UnixFsData data = new UnixFsData(UnixFsData.Type.FILE, new byte[] {1, 2, 3}, 5, List.of(2L));
        Cid root = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(leaf, "", 2)), data.encode()).encode());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exporter.cat(root, out);
        assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void unsupportedCodecIsRejectedNamingTheCid() throws IOException {
        Cid cbor = put(0x71, new byte[] {(byte) 0xa0});
        assertThatThrownBy(() -> exporter.cat(cbor, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class)
                .hasMessage("block " + cbor + ": unsupported codec 0x71 in a UnixFS file (expected raw 0x55 or dag-pb 0x70)");
    }

    @Test
    void malformedDagPbIsRejectedNamingTheCid() throws IOException {
        Cid garbage = put(Cid.DAG_PB, new byte[] {0x12, 0x7f, 0x01});
        assertThatThrownBy(() -> exporter.cat(garbage, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class)
                .hasMessageStartingWith("block " + garbage + ": malformed dag-pb/UnixFS: ")
                .hasMessageContaining("PBNode Link");
    }

    @Test
    void dataBeforeLinksIsRejectedAsNonCanonical() throws IOException {
        Cid leaf = put(Cid.RAW, new byte[] {4});
        byte[] canonical = new DagPbNode(List.of(new DagPbLink(leaf, "", 1)),
                UnixFsData.fileNode(List.of(1L)).encode()).encode();
        // swap: Data field first, then the Links field
        int linkLength = 2 + (canonical[1] & 0xff);
        byte[] swapped = new byte[canonical.length];
        System.arraycopy(canonical, linkLength, swapped, 0, canonical.length - linkLength);
        System.arraycopy(canonical, 0, swapped, canonical.length - linkLength, linkLength);
        Cid root = put(Cid.DAG_PB, swapped);
        assertThatThrownBy(() -> exporter.cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class)
                .hasMessageContaining("comes after Data");
    }

    @Test
    void directoryIsNotAFile() throws IOException {
        UnixFsData dirData = new UnixFsData(UnixFsData.Type.DIRECTORY, new byte[0], 0, List.of());
        Cid root = put(Cid.DAG_PB, new DagPbNode(List.of(), dirData.encode()).encode());
        assertThatThrownBy(() -> exporter.cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class)
                .hasMessage("block " + root + ": UnixFS type DIRECTORY is not a file");
    }

    @Test
    void blocksizeThatDisagreesWithTheChildIsRejected() throws IOException {
        Cid leaf = put(Cid.RAW, new byte[] {4, 5});
        Cid root = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(leaf, "", 2)),
                UnixFsData.fileNode(List.of(3L)).encode()).encode());
        assertThatThrownBy(() -> exporter.cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(MalformedDagException.class)
                .hasMessageContaining("link 0 (" + leaf + ") holds 2 bytes but the node declares 3");
    }

    @Test
    void readingAheadWritesTheSameBytesInOrder() throws IOException {
        ImportProfile small = new ImportProfile(1, true, 1024, 4);
        byte[] content = new byte[50_000];
        new java.util.SplittableRandom(3).nextBytes(content);
        Cid root = new UnixFsImporter(store, small).add(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = new UnixFsExporter(store, 3).cat(root, out);
        assertThat(written).isEqualTo(content.length);
        assertThat(out.toByteArray()).isEqualTo(content);
    }

    @Test
    void readingAheadStillNamesAMissingBlock() throws IOException {
        Cid present = put(Cid.RAW, new byte[] {1});
        Cid missing = Cid.of(1, Cid.RAW, new byte[] {2});
        Cid root = put(Cid.DAG_PB, new DagPbNode(List.of(new DagPbLink(present, "", 1), new DagPbLink(missing, "", 1)),
                UnixFsData.fileNode(List.of(1L, 1L)).encode()).encode());
        assertThatThrownBy(() -> new UnixFsExporter(store, 4).cat(root, new ByteArrayOutputStream()))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void negativeReadAheadIsRefused() {
        assertThatThrownBy(() -> new UnixFsExporter(store, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
