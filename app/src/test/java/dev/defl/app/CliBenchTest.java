package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl bench content} on small generated files: it runs, reports every operation and writes JSON. No timing assertions. */
class CliBenchTest {

    private static final List<String> OPERATIONS = List.of(ContentBenchCommand.JAVA_SHA256,
            ContentBenchCommand.ONLY_HASH_V1, ContentBenchCommand.ONLY_HASH_V0, ContentBenchCommand.ADD_STORE,
            ContentBenchCommand.CAT);

    @TempDir
    Path dir;

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void benchContentReportsEveryOperationWritesJsonAndCleansUp() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path json = dir.resolve("out/bench.json");
        CliOutcome o = defl("bench", "content", "--size", "4MiB", "--repeat", "1", "--work-dir", work.toString(),
                "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains(ContentBenchCommand.OPENSSL).contains(OPERATIONS)
                .contains("page cache").contains("MB = 10^6 bytes").contains("4,194,304 bytes");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("sizeBytes").asLong()).isEqualTo(4L << 20);
        assertThat(report.get("repeats").asInt()).isEqualTo(1);
        assertThat(report.get("baseline").asText()).isEqualTo(ContentBenchCommand.OPENSSL);
        JsonNode ops = report.get("operations");
        assertThat(ops).hasSize(6);
        assertThat(ops.get(0).get("name").asText()).isEqualTo(ContentBenchCommand.OPENSSL);
        assertThat(ops.get(0).get("ratioToBaseline").asDouble()).isEqualTo(1.0);
        for (JsonNode op : ops) {
            assertThat(op.get("seconds")).hasSize(1);
            assertThat(op.get("medianMBps").asDouble()).isPositive();
            assertThat(op.get("bestMBps").asDouble()).isGreaterThanOrEqualTo(op.get("medianMBps").asDouble());
            assertThat(op.get("ratioToBaseline").asDouble()).isPositive();
            assertThat(op.get("ratioBest").asDouble()).isPositive();
            assertThat(op.get("pairedRatios")).hasSize(1);
            assertThat(op.get("pairedRatioMin").asDouble()).isPositive();
        }
        assertThat(report.get("warmupRounds").asInt()).isEqualTo(1);
        assertThat(report.get("loadThreads").asInt()).isZero();
        assertThat(o.stdout()).contains("paired min").contains("1 warm-up round").contains("no added load");
        // the same bytes hashed by openssl and by Java; one CID for only-hash, store add and cat
        assertThat(ops.get(0).get("result").asText()).isEqualTo(ops.get(1).get("result").asText()).hasSize(64);
        assertThat(ops.get(2).get("result").asText()).isEqualTo(ops.get(4).get("result").asText())
                .isEqualTo(ops.get(5).get("result").asText()).startsWith("bafy");
        assertThat(ops.get(3).get("result").asText()).startsWith("Qm");
        assertThat(listing(work)).as("generated file and stores deleted without --keep").isEmpty();
    }

    @Test
    void loadAndWarmupAreAppliedAndReported() throws IOException {
        Path json = dir.resolve("loaded.json");
        CliOutcome o = defl("bench", "content", "--size", "300KiB", "--repeat", "3", "--warmup", "0", "--load", "2",
                "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("--load 2 CPU-burning threads running").contains("0 warm-up rounds");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("warmupRounds").asInt()).isZero();
        assertThat(report.get("loadThreads").asInt()).isEqualTo(2);
        assertThat(report.get("cpus").asInt()).isPositive();
        JsonNode baseline = report.get("operations").get(0);
        assertThat(baseline.get("pairedRatios")).hasSize(3).allSatisfy(r -> assertThat(r.asDouble()).isEqualTo(1.0));
        assertThat(Thread.getAllStackTraces().keySet()).as("burner threads stopped")
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("bench-load-"));
    }

    @Test
    void negativeWarmupIsAOneLineError() {
        CliOutcome o = defl("bench", "content", "--size", "1000", "--warmup", "-1");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).doesNotContain("\n").contains("--warmup must not be negative");
    }

    @Test
    void generatedContentIsTheSameInEveryRun() throws IOException {
        Path a = dir.resolve("a.bin"), b = dir.resolve("b.bin");
        ContentBenchCommand.writePseudoRandom(a, 1_000_003, ContentBenchCommand.CONTENT_SEED);
        ContentBenchCommand.writePseudoRandom(b, 1_000_003, ContentBenchCommand.CONTENT_SEED);
        assertThat(Files.size(a)).isEqualTo(1_000_003);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    }

    @Test
    void withoutOpensslTheBaselineIsJavaMessageDigestAndSaysSo() throws IOException {
        Path json = dir.resolve("bench.json");
        CliOutcome o = defl("bench", "content", "--size", "300KiB", "--repeat", "2", "--openssl",
                dir.resolve("no-such-openssl").toString(), "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("java MessageDigest SHA-256 (openssl not found)").contains(OPERATIONS);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("baseline").asText()).isEqualTo("java MessageDigest SHA-256 (openssl not found)");
        assertThat(report.get("operations")).hasSize(5);
        assertThat(report.get("operations").get(0).get("seconds")).hasSize(2);
    }

    @Test
    void keepLeavesTheFileAndTheLastStore() throws IOException {
        Path work = dir.resolve("kept");
        CliOutcome o = defl("bench", "content", "--size", "1000", "--repeat", "2", "--work-dir", work.toString(), "--keep");

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(listing(work)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("bench-1000.bin", "bench-store-2");
    }

    @Test
    void badSizeIsAUsageErrorNamingTheValue() {
        CliOutcome o = defl("bench", "content", "--size", "12 parsecs");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("--size").contains("'12 parsecs' is not a size");
    }

    @Test
    void missingFileIsAOneLineErrorNamingIt() {
        Path missing = dir.resolve("nope.bin");
        CliOutcome o = defl("bench", "content", "--file", missing.toString(), "--repeat", "1");
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("bench content: error:").doesNotContain("\n")
                .contains(missing.toString(), "does not exist");
    }

    @Test
    void givenFileIsMeasuredAndNotDeleted() throws IOException {
        Path file = Files.write(dir.resolve("given.bin"), new byte[70_000]);
        CliOutcome o = defl("bench", "content", "--file", file.toString(), "--repeat", "1");
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains(file.toString()).contains("70,000 bytes").doesNotContain("pseudo-random");
        assertThat(file).exists().hasSize(70_000);
    }
}
