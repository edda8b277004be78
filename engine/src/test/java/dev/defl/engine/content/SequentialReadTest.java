package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequential read path of {@code cat}/{@code get} (a {@link FileBlockStore} read by a {@link UnixFsExporter}, with
 * and without reading ahead on reader threads, and {@link EmbeddedContentStore#cat}): the same bytes as were added,
 * for raw and dag-pb leaves, one block, many blocks, the empty file and nested DAGs; a block damaged on disk stops the
 * walk naming its CID before any of its bytes are written; the reader threads are gone when cat returns.
 */
class SequentialReadTest {
    @TempDir
    Path dir;

    /** Small chunks and fan-out 4, so a few tens of KB give a DAG three or four levels deep. */
    private static final int CHUNK = 1024;
    private static final int FAN_OUT = 4;

    static Stream<Arguments> layouts() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean rawLeaves : new boolean[] {true, false}) {
            for (int size : new int[] {0, 1, CHUNK, CHUNK + 1, 5 * CHUNK, 20_001}) {
                for (int readAhead : new int[] {0, 1, 3, 8}) {
                    cases.add(Arguments.of(rawLeaves, size, readAhead));
                }
            }
        }
        return cases.stream();
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "rawLeaves={0}, {1} bytes, read-ahead {2}")
    @MethodSource("layouts")
    void catWritesExactlyWhatWasAdded(boolean rawLeaves, int size, int readAhead) throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        ImportProfile profile = new ImportProfile(1, rawLeaves, CHUNK, FAN_OUT);
        byte[] content = content(size);
        Cid root = new UnixFsImporter(store, profile).add(content);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = new UnixFsExporter(store, readAhead).cat(root, out);

        assertThat(written).isEqualTo(size);
        assertThat(out.toByteArray()).isEqualTo(content);
    }

    @Test
    void embeddedStoreCatsLargeNestedFilesIdenticallyWithDefaultChunks() throws IOException {
        // 1 MiB + 17 bytes at 256 KiB chunks: 5 leaves under one root (both leaf kinds); and a deep DAG at small chunks
        byte[] content = content((1 << 20) + 17);
        for (ImportProfile profile : List.of(ImportProfile.CIDV1_RAW_LEAVES, ImportProfile.CIDV0,
                ImportProfile.CIDV1_RAW_LEAVES.withLayout(4096, 3))) {
            Path root = dir.resolve("store-" + profile.cidVersion() + profile.rawLeaves() + profile.chunkSizeBytes());
            EmbeddedContentStore store = new EmbeddedContentStore(root, profile, 1 << 20); // cache < file: the scan path
            Cid cid = store.add(content);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.cat(cid, out);
            assertThat(out.toByteArray()).as(profile.toString()).isEqualTo(content);
        }
    }

    @ParameterizedTest(name = "rawLeaves={0}, read-ahead {1}")
    @MethodSource("tamperCases")
    void damagedLeafStopsTheWalkBeforeAnyOfItsBytesAreWritten(boolean rawLeaves, int readAhead) throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        ImportProfile profile = new ImportProfile(1, rawLeaves, CHUNK, FAN_OUT);
        byte[] content = content(20 * CHUNK);
        Cid root = new UnixFsImporter(store, profile).add(content);
        List<Cid> leaves = leaves(store, root);
        assertThat(leaves).hasSize(20);
        int damaged = 13;
        Path file = store.blockPath(leaves.get(damaged));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1; // one bit flipped in the content
        Files.write(file, bytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new UnixFsExporter(store, readAhead).cat(root, out))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessage("block from " + file + " does not hash to CID " + leaves.get(damaged));
        // everything before the damaged leaf, and nothing of it or after it
        assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOf(content, damaged * CHUNK));
        assertThat(readerThreads()).as("reader threads ended with the failed cat").isEmpty();
    }

    static Stream<Arguments> tamperCases() {
        return Stream.of(Arguments.of(true, 0), Arguments.of(true, 8), Arguments.of(false, 0), Arguments.of(false, 8));
    }

    @Test
    void truncatedBlockFileFailsVerificationNamingTheCid() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        byte[] block = content(5000);
        Cid cid = Cid.of(1, Cid.RAW, block);
        store.put(cid, block);
        Path file = store.blockPath(cid);
        Files.write(file, java.util.Arrays.copyOf(block, 4999));
        assertThatThrownBy(() -> store.get(cid))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessage("block from " + file + " does not hash to CID " + cid);
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> store.get(cid)).isInstanceOf(BlockVerificationException.class);
    }

    @Test
    void readerThreadsAreGoneWhenCatReturns() throws IOException {
        FileBlockStore store = new FileBlockStore(dir);
        Cid root = new UnixFsImporter(store, new ImportProfile(1, true, CHUNK, FAN_OUT)).add(content(40 * CHUNK));
        new UnixFsExporter(store, 8).cat(root, new ByteArrayOutputStream());
        assertThat(readerThreads()).isEmpty();
    }

    /** The leaves of the DAG under {@code root}, in content order. */
    private static List<Cid> leaves(BlockStore store, Cid root) throws IOException {
        List<Cid> out = new ArrayList<>();
        collect(store, root, out);
        return out;
    }

    private static void collect(BlockStore store, Cid cid, List<Cid> out) throws IOException {
        DagPbNode node = cid.codec() == Cid.DAG_PB ? DagPbNode.decode(store.get(cid)) : null;
        if (node == null || node.links().isEmpty()) {
            out.add(cid);
            return;
        }
        for (DagPbLink link : node.links()) {
            collect(store, link.cid(), out);
        }
    }

    /** Live reader threads, after giving those that just finished their last task up to 5 s to end. */
    private static List<String> readerThreads() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<String> names = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.startsWith("defl-cat-")).toList();
            if (names.isEmpty() || System.nanoTime() > deadline) return names;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return names;
            }
        }
    }
}
