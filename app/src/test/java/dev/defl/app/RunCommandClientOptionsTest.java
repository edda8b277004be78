package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl run --fraction C --poison K:signflip:S --device cpu|cuda|auto --mu M}. */
class RunCommandClientOptionsTest {

    @TempDir
    Path dir;

    @Test
    void sampledPoisonedFedProxRunOnRequestedCudaFallsBackToCpuAndPrintsThroughput() throws Exception {
        Path report = dir.resolve("report.json");
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "4", "--aggregators", "1", "--rounds", "2",
                "--fraction", "0.5", "--poison", "1:signflip:5", "--strategy", "fedprox", "--mu", "0.1",
                "--device", "cuda", "--data-dir", dir.resolve("data").toString(), "--report", report.toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        // this machine's libtorch is the CPU build: CUDA falls back with a warning
        assertThat(o.stderr()).contains("warning: CUDA requested but no GPU visible to PyTorch (flavor ");
        // FedProx averages: the attacker is not withstood, and the run says so before it starts
        assertThat(o.stderr()).contains("warning: 1 of 2 clients per round attack (--attack signflip:1:5), but fedprox")
                .contains("does not withstand any malicious update");
        assertThat(o.lines()).contains("device cpu()");
        List<String> rounds = o.lines().stream().filter(l -> l.startsWith("round ")).toList();
        assertThat(rounds).hasSize(2).allMatch(l -> l.contains("clients 2") && l.matches(".*  [0-9,]+ samples/s"));

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("device").asText()).isEqualTo("cpu()");
        for (JsonNode round : json.get("rounds")) assertThat(round.get("updates")).hasSize(2);
    }

    @Test
    void fractionOutOfRangeIsOneLineNamingIt() {
        CliOutcome o = defl("run", "--fraction", "1.5", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("client fraction C must be in (0, 1], got 1.5")
                .doesNotContain("\n");
    }

    @Test
    void aByzantineBoundTheRuleCannotHoldIsRefusedBeforeAnythingStarts() {
        Path data = dir.resolve("never");
        CliOutcome o = defl("run", "--strategy", "krum", "--byzantine", "3", "--clients", "8", "--data-dir", data.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).isEqualTo("run: error: krum cannot tolerate f = 3 Byzantine clients of n = 8 per round: "
                + "it needs n >= 2f + 3 = 9 updates per round");
        assertThat(data).doesNotExist();
        CliOutcome bulyan = defl("run", "--strategy", "bulyan", "--byzantine", "1", "--clients", "6", "--data-dir", data.toString());
        assertThat(bulyan.stderr()).contains("needs n >= 4f + 3 = 7 updates per round");
    }

    @Test
    void aByzantineBoundSetsTheTrimmedFractionSoTheAttackIsCovered() {
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "10", "--aggregators", "1", "--rounds", "1",
                "--strategy", "trimmed-mean", "--byzantine", "3", "--poison", "3:signflip:10",
                "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stderr()).as("β = 3/10 trims the 3 attackers: no warning").doesNotContain("clients per round attack");
    }

    @Test
    void malformedPoisonIsOneLineNamingIt() {
        CliOutcome o = defl("run", "--poison", "2:flip:3", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("unknown attack 'flip'")
                .doesNotContain("\n");
    }

    @Test
    void unknownDeviceAndNegativeMuAreRejected() {
        CliOutcome device = defl("run", "--device", "tpu", "--data-dir", dir.toString());
        assertThat(device.exitCode()).isEqualTo(1);
        assertThat(device.stderr().strip()).startsWith("run: error:").contains("device 'tpu' must be cpu, cuda or auto");
        CliOutcome mu = defl("run", "--strategy", "fedprox", "--mu", "-1", "--data-dir", dir.toString());
        assertThat(mu.exitCode()).isEqualTo(1);
        assertThat(mu.stderr().strip()).startsWith("run: error:").contains("μ");
    }
}
