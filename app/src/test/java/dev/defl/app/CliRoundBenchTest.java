package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl bench round} on a tiny digits run (real anvil, store and DJL): it prints the split of every round and the
 * sum, and writes the JSON fields. No timing assertions: benchmarks are commands.
 */
class CliRoundBenchTest {

    @TempDir
    Path dir;

    @Test
    void printsEveryRoundsSplitAndWritesJson() throws IOException {
        Path json = dir.resolve("out/round.json");
        CliOutcome o = defl("bench", "round", "--dataset", "digits", "--clients", "3", "--aggregators", "1",
                "--rounds", "2", "--client-parallelism", "2", "--work-dir", dir.resolve("work").toString(),
                "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("3 clients (3 per round), 1 aggregators").contains("client parallelism 2")
                .contains("training s").contains("chain s (requests)").contains("outside training");
        assertThat(o.lines()).anyMatch(l -> l.startsWith("    1        3  ")).anyMatch(l -> l.startsWith("    2        3  "))
                .anyMatch(l -> l.startsWith("  sum "));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("parallelism").asInt()).isEqualTo(2);
        assertThat(report.get("roundTimings")).hasSize(2);
        JsonNode first = report.get("roundTimings").get(0);
        for (String field : new String[] {"roundSeconds", "training", "trainingSum", "content", "chain", "aggregation",
                "evaluation", "rpcRequests"}) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("training").asDouble()).isPositive();
        assertThat(report.get("sum").get("outsideFraction").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void clientParallelismOutOfRangeIsRefusedNamingTheOption() {
        CliOutcome o = defl("run", "--dataset", "digits", "--client-parallelism", "0", "--data-dir",
                dir.resolve("d").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("--client-parallelism must be between 1 and 1024, not 0");
    }
}
