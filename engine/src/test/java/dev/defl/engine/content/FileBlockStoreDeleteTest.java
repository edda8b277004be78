package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreDeleteTest {
    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void deleteRemovesTheBlockFileAndUpdatesCounts() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] kept = ascii("kept");
        byte[] gone = ascii("to be deleted");
        store.put(Cid.of(1, Cid.RAW, kept), kept);
        Cid cid = Cid.of(1, Cid.RAW, gone);
        store.put(cid, gone);

        assertThat(store.delete(cid)).isEqualTo(OptionalLong.of(13));

        assertThat(store.has(cid)).isFalse();
        assertThat(Files.exists(store.blockPath(cid))).isFalse();
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(4);
        assertThat(new FileBlockStore(dir).blockCount()).isEqualTo(1);
        assertThat(new FileBlockStore(dir).sizeBytes()).isEqualTo(4);
    }

    @Test
    void deletingAnAbsentBlockReturnsEmptyAndChangesNothing() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("present");
        store.put(Cid.of(1, Cid.RAW, block), block);

        assertThat(store.delete(Cid.of(1, Cid.RAW, ascii("absent")))).isEmpty();

        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(7);
    }

    @Test
    void deletingAnEmptyBlockReportsZeroBytes() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        Cid empty = Cid.of(1, Cid.RAW, new byte[0]);
        store.put(empty, new byte[0]);

        assertThat(store.delete(empty)).isEqualTo(OptionalLong.of(0));
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void deleteByCidV0RemovesTheFileSharedWithCidV1() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] node = new DagPbNode(java.util.List.of(), ascii("data")).encode();
        Cid v0 = Cid.of(0, Cid.DAG_PB, node);
        store.put(v0.toV1(), node);

        assertThat(store.delete(v0)).isPresent();
        assertThat(store.has(v0.toV1())).isFalse();
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void aDeletedBlockCanBePutAgain() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("again");
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        store.delete(cid);
        store.put(cid, block);
        assertThat(store.get(cid)).isEqualTo(block);
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(5);
    }
}
