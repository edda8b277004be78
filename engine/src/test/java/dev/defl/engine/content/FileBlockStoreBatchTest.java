package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileBlockStore#batch()}: many blocks written, then made durable together at commit. */
class FileBlockStoreBatchTest {
    @TempDir
    Path dir;

    private static byte[] random(SplittableRandom random, int length) {
        byte[] block = new byte[length];
        random.nextBytes(block);
        return block;
    }

    @Test
    void afterCommitEveryBlockOfTheBatchIsPresentWholeAndCounted() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> blocks = new ArrayList<>();
        List<Cid> cids = new ArrayList<>();
        long bytes = 0;
        try (BlockStore.Batch batch = store.batch()) {
            // more blocks than writes in flight, so the batch has to wait for its own background writes
            for (int i = 0; i < 3 * FileBlockStore.SYNCS_IN_FLIGHT + 5; i++) {
                byte[] block = random(random, 1000 + 997 * i);
                blocks.add(block);
                cids.add(batch.put(1, Cid.RAW, block));
                bytes += block.length;
            }
            batch.commit();
        }
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(cids.get(i)).isEqualTo(Cid.of(1, Cid.RAW, blocks.get(i)));
            assertThat(Files.readAllBytes(store.blockPath(cids.get(i)))).isEqualTo(blocks.get(i));
            assertThat(store.get(cids.get(i))).isEqualTo(blocks.get(i));
        }
        assertThat(store.blockCount()).isEqualTo(blocks.size());
        assertThat(store.sizeBytes()).isEqualTo(bytes);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        // the counts survive reopening: they are read back from the files
        FileBlockStore reopened = new FileBlockStore(dir);
        assertThat(reopened.blockCount()).isEqualTo(blocks.size());
        assertThat(reopened.sizeBytes()).isEqualTo(bytes);
    }

    @Test
    void aBlockPutTwiceInOneBatchIsStoredOnce() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = random(new SplittableRandom(1), 4096);
        try (BlockStore.Batch batch = store.batch()) {
            batch.put(1, Cid.RAW, block);
            batch.put(Cid.of(1, Cid.RAW, block), block);
            batch.put(0, Cid.DAG_PB, block); // CIDv0 of the same bytes: the same multihash, the same file
            batch.commit();
        }
        assertThat(store.blockCount()).isEqualTo(1);
        assertThat(store.sizeBytes()).isEqualTo(4096);
    }

    @Test
    void aBlockNotMatchingItsCidIsRefusedAndNothingIsStored() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        Cid cid = Cid.of(1, Cid.RAW, new byte[]{1, 2, 3});
        try (BlockStore.Batch batch = store.batch()) {
            assertThatThrownBy(() -> batch.put(cid, new byte[]{1, 2, 4}))
                    .isInstanceOf(BlockVerificationException.class).hasMessageContaining(cid.toString());
            batch.commit();
        }
        assertThat(store.has(cid)).isFalse();
        assertThat(store.blockCount()).isZero();
    }

    @Test
    void aBatchCanCommitSeveralTimesAndRefusesUseAfterClose() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        BlockStore.Batch batch = store.batch();
        Cid first = batch.put(1, Cid.RAW, new byte[]{1});
        batch.commit();
        assertThat(store.has(first)).isTrue();
        Cid second = batch.put(1, Cid.RAW, new byte[]{2});
        batch.commit();
        assertThat(store.has(second)).isTrue();
        batch.close();
        assertThatThrownBy(() -> batch.put(1, Cid.RAW, new byte[]{3}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
