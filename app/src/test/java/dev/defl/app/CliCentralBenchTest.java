package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl bench central}: one invocation runs the federated experiment and its centralized baseline. No timing assertions. */
class CliCentralBenchTest {

    @TempDir
    Path dir;

    @Test
    void printsFederatedAndCentralAccuraciesAndTheGap() {
        CliOutcome o = defl("bench", "central", "--dataset", "digits", "--clients", "2", "--rounds", "2",
                "--work-dir", dir.resolve("work").toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.lines()).filteredOn(l -> l.startsWith("  federated round ")).hasSize(2);
        assertThat(o.lines()).filteredOn(l -> l.startsWith("  central epoch ")).hasSize(2);
        assertThat(o.stdout()).contains("federated: 2 clients, IID, fedavg, E=1, 2 rounds: test accuracy ")
                .contains("central: 2 epochs on all 1437 rows: test accuracy ")
                .containsPattern("gap: federated − central = [+-]\\d+\\.\\d\\d points");
    }

    @Test
    void unknownModelFailsBeforeAnythingRuns() {
        CliOutcome o = defl("bench", "central", "--dataset", "digits", "--model", "resnet", "--work-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("unknown model 'resnet'");
    }
}
