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
}
