package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad {@code --dp-*} values stop {@code defl run} before anything starts, with one line naming the option. */
class CliDpOptionsTest {
    @TempDir
    Path dir;

    private void refused(String expected, String... dpOptions) {
        String[] args = new String[4 + dpOptions.length];
        args[0] = "run";
        args[1] = "--data-dir";
        args[2] = dir.resolve("data").toString();
        args[3] = "--rounds=1";
        System.arraycopy(dpOptions, 0, args, 4, dpOptions.length);
        CliOutcome o = defl(args);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains(expected).doesNotContain("\n");
    }

    @Test
    void badDpValuesNameTheOption() {
        refused("--dp-clip must be a finite number > 0, not 0.0", "--dp-clip", "0", "--dp-noise", "1");
        refused("--dp-noise must be a finite number >= 0, not -1.0", "--dp-clip", "1", "--dp-noise", "-1");
        refused("--dp-delta must be in (0, 1), not 1.0", "--dp-clip", "1", "--dp-noise", "1", "--dp-delta", "1");
        refused("--dp-clip needs --dp-noise", "--dp-clip", "1");
        refused("--dp-noise needs --dp-clip", "--dp-noise", "1");
        refused("--dp-delta needs --dp-clip and --dp-noise", "--dp-delta", "1e-5");
    }

    @Test
    void badAdaptiveClippingValuesNameTheOption() {
        refused("--dp-target-quantile must be in [0, 1], not 1.5", "--dp-clip", "0.1", "--dp-noise", "0", "--dp-adaptive",
                "--dp-target-quantile", "1.5");
        refused("--dp-target-quantile needs --dp-adaptive", "--dp-clip", "0.1", "--dp-noise", "0",
                "--dp-target-quantile", "0.5");
        refused("--dp-adaptive needs --dp-clip (the initial C) and --dp-noise", "--dp-adaptive");
    }

    @Test
    void dpNoisePrintsTheSmallestMultiplierForATargetEpsilon() {
        CliOutcome o = defl("dp", "noise", "--epsilon", "4", "--rate", "0.1", "--rounds", "100");
        assertThat(o.exitCode()).isEqualTo(0);
        // rounded up to 4 decimals, so ε stays within the target (the README table ran z = 1.49: ε 3.96)
        assertThat(o.stdout()).startsWith("z 1.4815").contains("epsilon 4.0000");
        CliOutcome bad = defl("dp", "noise", "--epsilon", "0", "--rate", "0.1", "--rounds", "100");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr().strip()).contains("target ε must be finite and > 0, was 0.0").doesNotContain("\n");
    }
}
