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
 * {@code defl bench chain} on a real embedded anvil at small N: it runs, prints the table and writes the JSON rows.
 * Gas is deterministic, so the test checks what the bench is for: a Merkle round's gas and calldata do not depend on N,
 * a per-update round's grow with it.
 */
class CliChainBenchTest {
    @TempDir
    Path dir;

    @Test
    void merkleRoundGasIsTheSameAtEveryNAndPerUpdateGrows() throws IOException {
        Path json = dir.resolve("out/chain.json");
        CliOutcome o = defl("bench", "chain", "--clients", "2,8", "--json", json.toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("gas/round").contains("per-update").contains("merkle");
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertThat(rows).hasSize(4);
        JsonNode perUpdate2 = rows.get(0), merkle2 = rows.get(1), perUpdate8 = rows.get(2), merkle8 = rows.get(3);
        assertThat(merkle2.get("mode").asText()).isEqualTo("merkle");
        assertThat(merkle8.get("clients").asInt()).isEqualTo(8);
        assertThat(merkle8.get("calldataBytes").asLong()).isEqualTo(merkle2.get("calldataBytes").asLong());
        assertThat(Math.abs(merkle8.get("roundGas").asLong() - merkle2.get("roundGas").asLong())).isLessThan(100);
        assertThat(merkle8.get("transactions").asInt()).isEqualTo(2);
        assertThat(merkle8.get("claimGas").asLong()).isPositive();
        assertThat(perUpdate8.get("transactions").asInt()).isEqualTo(9);
        assertThat(perUpdate8.get("roundGas").asLong()).isGreaterThan(perUpdate2.get("roundGas").asLong() + 6 * 40_000);
    }

    @Test
    void refusesANumberOfClientsOutOfRange() {
        CliOutcome o = defl("bench", "chain", "--clients", "0");
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.stderr()).contains("--clients: 0 is not 1..5000");
    }
}
