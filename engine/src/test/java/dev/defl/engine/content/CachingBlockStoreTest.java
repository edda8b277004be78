package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingBlockStoreTest {
    @TempDir
    Path dir;

    /** A raw block of {@code size} bytes, all equal to {@code fill}. */
    private static byte[] block(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private static Cid put(BlockStore store, byte[] block) throws IOException {
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        return cid;
    }

    @Test
    void firstGetMissesAndLaterGetsHit() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 1_000);
        byte[] data = block(100, 1);
        Cid cid = put(cache, data);
        assertThat(cache.isCached(cid)).as("put goes around the cache").isFalse();

        assertThat(cache.get(cid)).isEqualTo(data);
        assertThat(cache.get(cid)).isEqualTo(data);
        assertThat(cache.get(cid)).isEqualTo(data);

        assertThat(cache.stats()).isEqualTo(new CacheStats(2, 1, 0, 1, 100, 1_000));
        assertThat(cache.stats().hitRatio()).isEqualTo(2.0 / 3);
    }

    @Test
    void evictsTheLeastRecentlyUsedBlocksToStayWithinItsBytes() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 1_000);
        Cid a = put(cache, block(400, 1));
        Cid b = put(cache, block(400, 2));
        Cid c = put(cache, block(400, 3));
        cache.get(a);
        cache.get(b);
        cache.get(a); // b is now the least recently used
        cache.get(c); // 1200 bytes > 1000: b goes

        assertThat(cache.isCached(a)).isTrue();
        assertThat(cache.isCached(b)).isFalse();
        assertThat(cache.isCached(c)).isTrue();
        CacheStats stats = cache.stats();
        assertThat(stats.evictions()).isEqualTo(1);
        assertThat(stats.entries()).isEqualTo(2);
        assertThat(stats.sizeBytes()).isEqualTo(800);
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(3);
    }

    @Test
    void boundIsInBytesNotEntries() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 1_000);
        List<Cid> small = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            small.add(put(cache, block(10, i)));
        }
        for (Cid cid : small) {
            cache.get(cid);
        }
        assertThat(cache.stats().entries()).isEqualTo(100);
        assertThat(cache.stats().sizeBytes()).isEqualTo(1_000);
        assertThat(cache.stats().evictions()).isZero();

        Cid big = put(cache, block(995, 7));
        cache.get(big); // 1995 bytes held: dropping 99 small blocks leaves 1005, so all 100 go
        assertThat(cache.stats().sizeBytes()).isLessThanOrEqualTo(1_000);
        assertThat(cache.stats().entries()).isEqualTo(1);
        assertThat(cache.stats().evictions()).isEqualTo(100);
    }

    @Test
    void aBlockLargerThanTheCapacityIsServedButNotCached() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 100);
        byte[] data = block(101, 9);
        Cid cid = put(cache, data);
        assertThat(cache.get(cid)).isEqualTo(data);
        assertThat(cache.isCached(cid)).isFalse();
        assertThat(cache.stats().evictions()).isZero();
        assertThat(cache.stats().sizeBytes()).isZero();
    }

    @Test
    void aBlockThatFailsVerificationIsNeverCachedNorServed() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        CachingBlockStore cache = new CachingBlockStore(store, 1_000);
        Cid cid = put(cache, block(100, 5));
        Path file = store.blockPath(cid);
        Files.write(file, block(100, 6));

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> cache.get(cid))
                    .isInstanceOf(BlockVerificationException.class)
                    .hasMessage("block from " + file + " does not hash to CID " + cid);
        }
        assertThat(cache.isCached(cid)).isFalse();
        assertThat(cache.stats().entries()).isZero();
    }

    @Test
    void putOfABlockThatDoesNotMatchItsCidIsRefusedAndNotCached() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 1_000);
        Cid cid = Cid.of(1, Cid.RAW, block(10, 1));
        assertThatThrownBy(() -> cache.put(cid, block(10, 2)))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessageContaining(cid.toString());
        assertThat(cache.has(cid)).isFalse();
        assertThat(cache.stats().entries()).isZero();
    }

    @Test
    void changingAReturnedArrayDoesNotChangeTheCachedBlock() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 1_000);
        byte[] data = block(50, 3);
        Cid cid = put(cache, data);
        cache.get(cid)[0] = 99; // miss: the caller's array
        cache.get(cid)[1] = 99; // hit: a copy
        assertThat(cache.get(cid)).isEqualTo(data);
    }

    @Test
    void deleteDropsTheBlockFromMemoryAndFromTheStoreUnderneath() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        CachingBlockStore cache = new CachingBlockStore(store, 1_000);
        Cid cid = put(cache, block(100, 4));
        cache.get(cid);

        assertThat(cache.delete(cid)).hasValue(100);

        assertThat(cache.isCached(cid)).isFalse();
        assertThat(cache.has(cid)).isFalse();
        assertThat(store.blockCount()).isZero();
        assertThat(cache.stats().sizeBytes()).isZero();
        assertThatThrownBy(() -> cache.get(cid)).isInstanceOf(ContentNotFoundException.class);
    }

    @Test
    void cidV0AndCidV1OfOneBlockShareOneEntry() throws IOException {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 1_000);
        byte[] node = new DagPbNode(List.of(), block(20, 1)).encode();
        Cid v0 = Cid.of(0, Cid.DAG_PB, node);
        cache.put(v0, node);
        cache.get(v0);
        assertThat(cache.get(v0.toV1())).isEqualTo(node);
        assertThat(cache.stats().hits()).isEqualTo(1);
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    @Test
    void negativeCapacityIsRefused() {
        assertThatThrownBy(() -> new CachingBlockStore(new FileBlockStore(dir), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1 bytes");
    }

    @Test
    void concurrentGetsKeepCountsAndBoundConsistent() throws Exception {
        CachingBlockStore cache = new CachingBlockStore(new FileBlockStore(dir), 2_000);
        List<Cid> cids = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] data = block(300, i);
            blocks.add(data);
            cids.add(put(cache, data));
        }
        int threads = 4;
        int getsPerThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < getsPerThread; i++) {
                        int k = (seed * 7 + i * 13) % cids.size();
                        assertThat(cache.get(cids.get(k))).isEqualTo(blocks.get(k));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        CacheStats stats = cache.stats();
        assertThat(stats.hits() + stats.misses()).isEqualTo((long) threads * getsPerThread);
        assertThat(stats.sizeBytes()).isLessThanOrEqualTo(2_000).isEqualTo(stats.entries() * 300);
    }

    /** A real store whose get, after reading, waits until the test lets it return. */
    private static final class PausingBlockStore extends ForwardingBlockStore {
        private final CountDownLatch read = new CountDownLatch(1);
        private final CountDownLatch proceed = new CountDownLatch(1);

        PausingBlockStore(FileBlockStore store) {
            super(store);
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            byte[] block = super.get(cid);
            read.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return block;
        }
    }

    @Test
    void aGetThatReadBeforeADeleteDoesNotPutTheDeletedBlockBackInTheCache() throws Exception {
        PausingBlockStore store = new PausingBlockStore(new FileBlockStore(dir));
        CachingBlockStore cache = new CachingBlockStore(store, 1_000);
        byte[] data = block(100, 8);
        Cid cid = put(cache, data);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> got = reader.submit(() -> cache.get(cid));
            store.read.await();
            assertThat(cache.delete(cid)).hasValue(100);
            store.proceed.countDown();
            assertThat(got.get()).isEqualTo(data);
        } finally {
            reader.shutdown();
        }
        assertThat(cache.isCached(cid)).isFalse();
        assertThat(cache.has(cid)).isFalse();
        assertThat(cache.stats().sizeBytes()).isZero();
    }
}
