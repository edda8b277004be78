package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl add|get|car export|car import|ipfs stat} on real stores in temporary data directories. */
class CliContentTest {

    private static final int CHUNK = 262_144;
    /** CID of 1 MiB of {@code i % 256} from {@code ipfs add --cid-version=1} (ipfs-unixfs-importer 17.1.1). */
    private static final String MIB_V1 = "bafybeiclphklsx6bfzfb5aezogjldbkeicyyvma6wrfnielfg7haplwahy";
    /** The same content with plain {@code ipfs add} (CIDv0). */
    private static final String MIB_V0 = "QmNVwWg6N5yixbSukgRFyXez5HdRY52RhEbg823ejW3cHn";

    @TempDir
    Path dir;

    private static byte[] pattern(int length, int modulus) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = (byte) (i % modulus);
        return out;
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static void assertOneLineError(CliOutcome o, String command, String... fragments) {
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith(command + ": error:").doesNotContain("\n").contains(fragments);
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void addPrintsTheCidOfIpfsAddForBothCidVersions() throws IOException {
        Path input = file("mib.bin", pattern(1 << 20, 256));
        Path data = dir.resolve("data");
        CliOutcome v1 = defl("add", input.toString(), "--data-dir", data.toString());
        assertThat(v1.exitCode()).isZero();
        assertThat(v1.stdout().strip()).isEqualTo(MIB_V1);
        CliOutcome v0 = defl("add", input.toString(), "--cid-version", "0", "--data-dir", data.toString());
        assertThat(v0.stdout().strip()).isEqualTo(MIB_V0);
        // tests run without a terminal: no progress on stderr
        assertThat(v1.stderr()).isEmpty();
    }

    @Test
    void addOnlyHashStoresNothing() throws IOException {
        Path input = file("mib.bin", pattern(1 << 20, 256));
        Path data = dir.resolve("data");
        CliOutcome o = defl("add", "--only-hash", input.toString(), "--data-dir", data.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.stdout().strip()).isEqualTo(MIB_V1);
        assertThat(data.resolve("ipfs")).doesNotExist();
    }

    @Test
    void addRejectsAMissingFileAndABadCidVersion() throws IOException {
        Path missing = dir.resolve("nope.bin");
        assertOneLineError(defl("add", missing.toString(), "--data-dir", dir.toString()), "add", missing.toString());
        Path input = file("x.bin", new byte[] {1, 2, 3});
        assertOneLineError(defl("add", input.toString(), "--cid-version", "2", "--data-dir", dir.toString()),
                "add", "--cid-version must be 0 or 1");
    }

    @Test
    void addReadsSpecialFilesAsStreamsAsIpfsAddDoes() throws Exception {
        Path data = dir.resolve("data");
        CliOutcome empty = defl("add", file("empty.bin", new byte[0]).toString(), "--data-dir", data.toString());
        CliOutcome devNull = defl("add", "/dev/null", "--data-dir", data.toString());
        assertThat(devNull.stderr()).isEmpty();
        assertThat(devNull.exitCode()).isZero();
        assertThat(devNull.stdout().strip()).isEqualTo(empty.stdout().strip())
                .isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Files.writeString(fifo, "hello world\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliOutcome piped = defl("add", fifo.toString(), "--data-dir", data.toString());
        writer.join();
        assertThat(piped.exitCode()).as(piped.stderr()).isZero();
        assertThat(piped.stdout().strip()).isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
    }

    @Test
    void getWritesTheFile() throws IOException {
        byte[] content = pattern(600 * 1024, 251);
        Path data = dir.resolve("data");
        String cid = defl("add", file("in.bin", content).toString(), "--data-dir", data.toString()).stdout().strip();
        Path output = dir.resolve("out.bin");
        CliOutcome o = defl("get", cid, "-o", output.toString(), "--data-dir", data.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(Files.readAllBytes(output)).isEqualTo(content);
    }

    @Test
    void failedGetLeavesNoPartialFile() throws IOException {
        byte[] content = pattern(3 * CHUNK, 251);
        Path data = dir.resolve("data");
        String cid = defl("add", file("in.bin", content).toString(), "--data-dir", data.toString()).stdout().strip();
        // remove the last leaf: the first two are written before the get fails
        String lastLeaf = defl("add", "--only-hash", file("leaf.bin", Arrays.copyOfRange(content, 2 * CHUNK, 3 * CHUNK)).toString())
                .stdout().strip();
        Path blocks = data.resolve("ipfs/blocks");
        try (Stream<Path> all = Files.walk(blocks)) {
            long before = all.filter(p -> p.toString().endsWith(".data")).count();
            assertThat(before).isEqualTo(4);
        }
        deleteBlockFile(blocks, lastLeaf, data);
        Path outDir = Files.createDirectories(dir.resolve("out"));
        CliOutcome o = defl("get", cid, "-o", outDir.resolve("file.bin").toString(), "--data-dir", data.toString());
        assertOneLineError(o, "get", lastLeaf);
        assertThat(listing(outDir)).isEmpty();
    }

    /** Deletes the block of {@code cid}, found by its path in the store. */
    private static void deleteBlockFile(Path blocks, String cid, Path data) throws IOException {
        var store = new dev.defl.engine.content.EmbeddedContentStore(data.resolve("ipfs"));
        Path path = store.blockStore().blockPath(dev.defl.engine.content.Cid.parse(cid));
        assertThat(path).startsWith(blocks);
        Files.delete(path);
    }

    @Test
    void getOfUnknownCidNamesItAndWritesNothing() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("ipfs"));
        Path outDir = Files.createDirectories(dir.resolve("out"));
        CliOutcome o = defl("get", MIB_V1, "-o", outDir.resolve("f").toString(), "--data-dir", data.toString());
        assertOneLineError(o, "get", MIB_V1);
        assertThat(listing(outDir)).isEmpty();
    }

    /** Issue 12 F5: a CAR whose last section is missing imports its blocks but pins nothing, and says so. */
    @Test
    void aCarWithAnIncompleteDagIsImportedUnpinnedWithAWarning() throws IOException {
        byte[] content = pattern(3 * CHUNK + 17, 251);
        Path first = dir.resolve("whole");
        String cid = defl("add", file("in.bin", content).toString(), "--data-dir", first.toString()).stdout().strip();
        Path car = dir.resolve("whole.car");
        assertThat(defl("car", "export", cid, "-o", car.toString(), "--data-dir", first.toString()).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(car);
        int offset = 0;
        int lastSection = 0;
        boolean header = true;
        while (offset < bytes.length) { // CARv1: varint length, then the header or a section (CID + block)
            if (!header) lastSection = offset;
            long length = 0;
            int shift = 0;
            int b;
            do {
                b = bytes[offset++] & 0xff;
                length |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            offset += (int) length;
            header = false;
        }
        Path dropLast = file("drop_last_section.car", Arrays.copyOf(bytes, lastSection));

        Path second = dir.resolve("partial");
        CliOutcome imported = defl("car", "import", dropLast.toString(), "--data-dir", second.toString());
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        assertThat(imported.lines()).containsExactly("root " + cid, "blocks 4", "pinned roots 0 of 1");
        assertThat(imported.stderr()).contains("car import: warning: root " + cid + " not pinned: its DAG is incomplete in "
                + dropLast);
        assertThat(defl("pin", "ls", "--data-dir", second.toString()).stdout()).isEmpty();
    }

    @Test
    void carExportImportIntoAFreshDataDirThenCatRoundTrips() throws IOException {
        byte[] content = pattern(3 * CHUNK + 17, 251);
        Path first = dir.resolve("first");
        String cid = defl("add", file("in.bin", content).toString(), "--data-dir", first.toString()).stdout().strip();
        Path car = dir.resolve("file.car");
        CliOutcome export = defl("car", "export", cid, "-o", car.toString(), "--data-dir", first.toString());
        assertThat(export.exitCode()).isZero();
        assertThat(export.stdout()).contains("exported 5 blocks").contains(Long.toString(Files.size(car)));

        Path second = dir.resolve("second");
        CliOutcome imported = defl("car", "import", car.toString(), "--data-dir", second.toString());
        assertThat(imported.exitCode()).isZero();
        assertThat(imported.lines()).containsExactly("root " + cid, "blocks 5", "pinned " + cid + " recursive",
                "pinned roots 1 of 1");
        // issue 12 F5: the import is pinned, so a gc keeps it
        assertThat(defl("gc", "--data-dir", second.toString()).lines()).containsExactly("removed blocks 0", "removed bytes 0");

        PrintStream old = System.out;
        var bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true));
            assertThat(DeflCommand.execute("cat", cid, "--data-dir", second.toString())).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(bytes.toByteArray()).isEqualTo(content);

        CliOutcome stat = defl("ipfs", "stat", "--data-dir", second.toString());
        assertThat(stat.exitCode()).isZero();
        assertThat(stat.lines()).containsExactly("blocks 5", "bytes " + (content.length + rootSize(second, cid)),
                "path " + second.resolve("ipfs").toAbsolutePath());
    }

    private static long rootSize(Path data, String cid) throws IOException {
        var store = new dev.defl.engine.content.EmbeddedContentStore(data.resolve("ipfs"));
        return store.blockStore().get(dev.defl.engine.content.Cid.parse(cid)).length;
    }

    @Test
    void carExportOfUnknownCidLeavesNoFile() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("ipfs"));
        Path outDir = Files.createDirectories(dir.resolve("out"));
        CliOutcome o = defl("car", "export", MIB_V1, "-o", outDir.resolve("x.car").toString(), "--data-dir", data.toString());
        assertOneLineError(o, "car export", MIB_V1);
        assertThat(listing(outDir)).isEmpty();
    }

    @Test
    void carImportRejectsMissingMalformedAndTamperedFilesAndImportsNothing() throws IOException {
        Path data = dir.resolve("data");
        Path missing = dir.resolve("missing.car");
        assertOneLineError(defl("car", "import", missing.toString(), "--data-dir", data.toString()), "car import",
                missing.toString());

        Path garbage = file("garbage.car", "not a car file at all".getBytes(StandardCharsets.US_ASCII));
        assertOneLineError(defl("car", "import", garbage.toString(), "--data-dir", data.toString()), "car import",
                "CAR file " + garbage, "at byte");

        Path source = dir.resolve("source");
        String cid = defl("add", file("in.bin", pattern(2 * CHUNK, 251)).toString(), "--data-dir", source.toString())
                .stdout().strip();
        Path car = dir.resolve("good.car");
        assertThat(defl("car", "export", cid, "-o", car.toString(), "--data-dir", source.toString()).exitCode()).isZero();
        byte[] bytes = Files.readAllBytes(car);
        bytes[bytes.length - 1] ^= 0x55;
        Path tampered = file("tampered.car", bytes);
        String lastLeaf = defl("add", "--only-hash", file("leaf.bin", Arrays.copyOfRange(pattern(2 * CHUNK, 251), CHUNK, 2 * CHUNK))
                .toString()).stdout().strip();
        assertOneLineError(defl("car", "import", tampered.toString(), "--data-dir", data.toString()), "car import",
                "does not hash to CID " + lastLeaf, "CAR file " + tampered + " section 3");

        Path truncated = file("truncated.car", Arrays.copyOf(Files.readAllBytes(car), 100));
        assertOneLineError(defl("car", "import", truncated.toString(), "--data-dir", data.toString()), "car import",
                "CAR file " + truncated + " at byte", "truncated");

        CliOutcome stat = defl("ipfs", "stat", "--data-dir", data.toString());
        assertThat(stat.lines()).startsWith("blocks 0", "bytes 0");
    }

    @Test
    void statWithoutAStoreNamesTheDirectory() {
        Path empty = dir.resolve("empty");
        assertOneLineError(defl("ipfs", "stat", "--data-dir", empty.toString()), "ipfs stat",
                "no content store at " + empty.resolve("ipfs"));
    }

    @Test
    void topLevelDataDirAppliesToContentCommands() throws IOException {
        Path data = dir.resolve("data");
        Path input = file("mib.bin", pattern(1 << 20, 256));
        assertThat(defl("--data-dir", data.toString(), "add", input.toString()).stdout().strip()).isEqualTo(MIB_V1);
        CliOutcome stat = defl("--data-dir", data.toString(), "ipfs", "stat");
        // one shared 256 KiB leaf and a 208-byte root (see EmbeddedContentStoreTest.identicalChunksAreStoredOnce)
        assertThat(stat.lines()).containsExactly("blocks 2", "bytes " + (CHUNK + 208),
                "path " + data.resolve("ipfs").toAbsolutePath());
    }

    @Test
    void carWithoutASubcommandIsAUsageError() {
        assertThat(defl("car").exitCode()).isEqualTo(2);
    }
}
