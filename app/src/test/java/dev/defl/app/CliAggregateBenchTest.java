package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl bench aggregate} on tiny updates: it runs, prints every row and writes the JSON fields, with numpy where
 * {@code python3} has it and without it (a missing interpreter). No timing assertions: benchmarks are commands.
 */
class CliAggregateBenchTest {

    @TempDir
    Path dir;

    @Test
    void reportsEveryPathAndStrategyAndWritesJson() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path json = dir.resolve("out/aggregate.json");
        CliOutcome o = defl("bench", "aggregate", "--clients", "3", "--params", "1000", "--repeats", "1",
                "--strategy", "fedavg,fedmedian", "--strategy", "trimmed-mean", "--work-dir", work.toString(),
                "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("3 clients × 1,000 parameters in 4 tensors (float32), 12,000 bytes of updates")
                .contains("machine: ").contains(AggregateBenchCommand.PARALLEL_SUM).contains(AggregateBenchCommand.FROM_STORE_HOLDS)
                .contains("fedavg in memory runs at");
        for (String strategy : List.of("fedavg", "fedmedian", "trimmed-mean")) {
            assertThat(o.lines()).anyMatch(l -> l.startsWith(AggregateBenchCommand.IN_MEMORY) && l.contains(" " + strategy + " "));
            assertThat(o.lines()).anyMatch(l -> l.startsWith(AggregateBenchCommand.FROM_STORE + " ") && l.contains(" " + strategy + " "));
            assertThat(o.lines()).anyMatch(l -> l.startsWith(AggregateBenchCommand.FROM_STORE_STREAMING) && l.contains(" " + strategy + " "));
            assertThat(o.stdout()).contains(strategy + ": the same bits on in-memory, from-store, from-store-streaming");
        }

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("clients").asInt()).isEqualTo(3);
        assertThat(report.get("params").asLong()).isEqualTo(1000);
        assertThat(report.get("updateBytes").asLong()).isEqualTo(12_000);
        assertThat(report.get("tensors")).hasSize(4);
        assertThat(report.get("samples")).hasSize(3);
        assertThat(report.get("machine").get("cores").asInt()).isPositive();
        assertThat(report.get("fedAvgFractionOfParallelSum").asDouble()).isPositive();
        boolean numpy = report.get("numpy").get("available").asBoolean();
        JsonNode rows = report.get("rows");
        assertThat(rows).hasSize(1 + 3 + 3 + 1 + 3 + (numpy ? 2 : 0)); // + the streaming path's read-only reference
        List<String> inMemory = new ArrayList<>(), fromStore = new ArrayList<>(), streamed = new ArrayList<>();
        for (JsonNode row : rows) {
            assertThat(row.get("seconds")).hasSize(1);
            assertThat(row.get("bestSeconds").asDouble()).isPositive();
            assertThat(row.get("gbPerSecond").asDouble()).isPositive();
            assertThat(row.has("peakRssBytes")).isTrue();
            assertThat(row.get("ratioToNumpyFloat64").isNull()).isEqualTo(!numpy);
            String path = row.get("path").asText();
            if (!path.equals(AggregateBenchCommand.PYTHON_PATH)) {
                assertThat(row.get("peakHeapBytes").asLong()).isPositive();
                assertThat(row.get("resultSha256").asText()).hasSize(64);
            }
            if (path.equals(AggregateBenchCommand.IN_MEMORY)) inMemory.add(row.get("resultSha256").asText());
            if (path.equals(AggregateBenchCommand.FROM_STORE)) fromStore.add(row.get("resultSha256").asText());
            if (path.equals(AggregateBenchCommand.FROM_STORE_STREAMING) && !row.get("method").asText().startsWith(AggregateBenchCommand.READ_ONLY)) {
                streamed.add(row.get("resultSha256").asText());
            }
        }
        assertThat(fromStore).as("the store path aggregates the same bytes").isEqualTo(inMemory.subList(1, 4));
        assertThat(streamed).as("streaming from the store gives the same bytes").isEqualTo(inMemory.subList(1, 4));
        assertThat(report.get("identity").get("fedmedian")).hasSize(3);
        if (numpy) {
            assertThat(report.get("numpy").get("float64MatchesFedAvg").asBoolean()).as("float64 numpy = FedAvg bit for bit").isTrue();
            assertThat(o.stdout()).contains(AggregateBenchCommand.NUMPY_FLOAT64).contains(AggregateBenchCommand.NUMPY_FLOWER)
                    .contains("equals fedavg's bit for bit: yes");
        }
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList()).as("update files and store deleted").isEmpty();
        }
    }

    @Test
    void withoutNumpyItStillRunsAndSaysSo() throws IOException {
        Path json = dir.resolve("aggregate.json");
        CliOutcome o = defl("bench", "aggregate", "--clients", "3", "--params", "1000", "--repeats", "1",
                "--python", dir.resolve("no-such-python").toString(), "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("numpy baselines: ABSENT (").contains("not found").contains("no ratios to numpy");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("numpy").get("available").asBoolean()).isFalse();
        assertThat(report.get("numpy").get("reason").asText()).contains("not found");
        assertThat(report.get("rows")).hasSize(5); // parallel sum, fedavg in memory, from the store, read only, streamed
    }

    @Test
    void theStreamingPathAloneRunsOnASmallHeapAndNamesTheStrategiesItCannotStream() throws IOException {
        Path json = dir.resolve("streaming.json");
        CliOutcome o = defl("bench", "aggregate", "--clients", "5", "--params", "3001", "--repeats", "1",
                "--strategy", "fedavg,krum", "--paths", "from-store-streaming", "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains(AggregateBenchCommand.STREAMING_HOLDS)
                .contains("no from-store-streaming row for krum: no streaming form");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<String> paths = new ArrayList<>();
        for (JsonNode row : report.get("rows")) paths.add(row.get("path").asText() + " " + row.get("method").asText());
        assertThat(paths.get(0)).startsWith("from-store-streaming " + AggregateBenchCommand.READ_ONLY);
        assertThat(paths.get(1)).isEqualTo("from-store-streaming fedavg");
        assertThat(paths).doesNotContain("in-memory fedavg", "from-store fedavg");
        if (report.get("numpy").get("available").asBoolean()) {
            assertThat(report.get("numpy").get("float64MatchesFedAvg").asBoolean()).as("streamed FedAvg = numpy float64").isTrue();
        }
    }

    @Test
    void refusesAnUnknownPath() {
        CliOutcome o = defl("bench", "aggregate", "--clients", "3", "--params", "1000", "--paths", "in-memory,on-disk");
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).contains("--paths: unknown path 'on-disk'");
    }

    @Test
    void refusesUnknownStrategiesAndTooFewClientsForKrum() {
        CliOutcome unknown = defl("bench", "aggregate", "--clients", "3", "--params", "1000", "--strategy", "fedfoo");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("--strategy").contains("fedfoo");

        CliOutcome krum = defl("bench", "aggregate", "--clients", "3", "--params", "1000", "--strategy", "krum");
        assertThat(krum.exitCode()).isNotZero();
        assertThat(krum.stderr()).contains("--strategy krum needs at least 4 clients");
    }
}
