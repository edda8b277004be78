package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreTest {
    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void putThenGetReturnsTheBlockAndCountsIt() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("hello world\n");
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        assertThat(store.has(cid)).isTrue();
        assertThat(store.get(cid)).isEqualTo(block);
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(12);
    }

    @Test
    void puttingTheSameBlockTwiceStoresItOnce() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("twice");
        store.put(Cid.of(1, Cid.RAW, block), block);
        store.put(Cid.of(1, Cid.RAW, block), block);
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(5);
    }

    @Test
    void blocksAreKeyedByMultihashInKuboFlatfsLayout() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("hello world\n");
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        // kubo's flatfs key for this block: base32 upper of the multihash, shard = next-to-last 2 chars;
        // from Python: base64.b32encode(b'\x12\x20' + hashlib.sha256(b'hello world\n').digest()).rstrip('=')
        String key = "CIQKSSEQJ4XQ6R43R6AZO2KLGAMEWDJO2HA42KQ6YD5YLUUZUGJKIRY";
        assertThat(store.blockPath(cid)).isEqualTo(dir.resolve("IR").resolve(key + ".data"));
        assertThat(Files.readAllBytes(store.blockPath(cid))).isEqualTo(block);
        assertThat(Files.readString(dir.resolve("SHARDING"))).isEqualTo("/repo/flatfs/shard/v1/next-to-last/2\n");
    }

    @Test
    void unknownCidIsNotFoundNamingCidAndStore() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        Cid cid = Cid.of(1, Cid.RAW, ascii("never stored"));
        assertThat(store.has(cid)).isFalse();
        assertThatThrownBy(() -> store.get(cid))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessage("no block for CID " + cid + " in " + dir.toAbsolutePath())
                .extracting(e -> ((ContentNotFoundException) e).cid()).isEqualTo(cid);
    }

    @Test
    void blockTamperedOnDiskFailsVerificationNamingCidAndFile() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("original content");
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        Path file = store.blockPath(cid);
        Files.write(file, ascii("tampered content"));
        assertThatThrownBy(() -> store.get(cid))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessage("block from " + file + " does not hash to CID " + cid);
    }

    @Test
    void blockThatDoesNotMatchItsCidIsRefusedAndNotStored() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        Cid cid = Cid.of(1, Cid.RAW, ascii("what the CID says"));
        assertThatThrownBy(() -> store.put(cid, ascii("something else")))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessageContaining("does not hash to CID " + cid);
        assertThat(store.has(cid)).isFalse();
        assertThat(store.blockCount()).isZero();
        assertThat(store.sizeBytes()).isZero();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly("SHARDING");
        }
    }

    @Test
    void reopenedStoreSeesBlocksSizeAndCount() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        List<Cid> cids = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < 20; i++) {
            byte[] block = ascii("block number " + i);
            Cid cid = Cid.of(1, Cid.RAW, block);
            store.put(cid, block);
            cids.add(cid);
            size += block.length;
        }
        FileBlockStore reopened = new FileBlockStore(dir);
        assertThat(reopened.blockCount()).isEqualTo(20);
        assertThat(reopened.sizeBytes()).isEqualTo(size);
        for (int i = 0; i < 20; i++) {
            assertThat(reopened.get(cids.get(i))).isEqualTo(ascii("block number " + i));
        }
    }

    @Test
    void temporaryFileLeftByAnInterruptedWriteIsIgnoredAndRemovedOnOpen() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = ascii("complete");
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        Path stray = store.blockPath(cid).resolveSibling(".put-12345.tmp");
        Files.write(stray, ascii("comp"));
        FileBlockStore reopened = new FileBlockStore(dir);
        assertThat(reopened.blockCount()).isEqualTo(1);
        assertThat(reopened.sizeBytes()).isEqualTo(block.length);
        assertThat(stray).doesNotExist();
    }

    @Test
    void directoryWithAnotherShardingLayoutIsRefused() throws IOException {
        Files.writeString(dir.resolve("SHARDING"), "/repo/flatfs/shard/v1/prefix/2\n");
        assertThatThrownBy(() -> new FileBlockStore(dir))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("SHARDING")
                .hasMessageContaining("/repo/flatfs/shard/v1/prefix/2");
    }

    @Test
    void concurrentPutsOfOverlappingBlocksCountEachBlockOnce() throws Exception {
        FileBlockStore store = new FileBlockStore(dir);
        int blocks = 50;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < blocks; i++) {
                        byte[] block = ascii("shared block " + i);
                        Cid cid = Cid.of(1, Cid.RAW, block);
                        store.put(cid, block);
                        assertThat(store.get(cid)).isEqualTo(block);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.blockCount()).isEqualTo(blocks);
        assertThat(new FileBlockStore(dir).blockCount()).isEqualTo(blocks);
    }
}
