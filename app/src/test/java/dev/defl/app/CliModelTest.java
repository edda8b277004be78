package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl run --model}: the model family trained in a federated run. */
class CliModelTest {

    @TempDir
    Path dir;

    @Test
    void cnnRunsOnTheEightByEightDigitImages() {
        CliOutcome o = defl("run", "--model", "cnn", "--dataset", "digits", "--clients", "2", "--aggregators", "1",
                "--rounds", "1", "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.lines().getFirst()).contains("model cnn").contains(String.format(Locale.ROOT, "%,d parameters",
                32 * 25 + 32 + 64 * 32 * 25 + 64 + 256 * 512 + 512 + 512 * 10 + 10));
        List<String> rounds = o.lines().stream().filter(l -> l.startsWith("round ")).toList();
        assertThat(rounds).hasSize(1);
    }

    @Test
    void logregRunsAndIsNamedInTheFirstLine() {
        CliOutcome o = defl("run", "--model", "logreg", "--dataset", "digits", "--clients", "2", "--aggregators", "1",
                "--rounds", "1", "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.lines().getFirst()).contains("model logreg, 650 parameters");
    }

    @Test
    void cnnOnNonImageRowsNamesTheFeatureCount() throws Exception {
        Path csv = dir.resolve("wine.csv");
        Files.writeString(csv, IntStream.range(0, 20)
                .mapToObj(i -> IntStream.range(0, 13).mapToObj(j -> Integer.toString(i + j)).collect(Collectors.joining(",")) + "," + (i % 2))
                .collect(Collectors.joining("\n")));
        CliOutcome o = defl("run", "--model", "cnn", "--dataset", csv.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error: model cnn needs image rows").contains("13 features").doesNotContain("\n");
    }

    @Test
    void unknownModelIsNamedWithTheChoices() {
        CliOutcome o = defl("run", "--model", "resnet", "--dataset", "digits", "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).isEqualTo("run: error: unknown model 'resnet' (expected one of logreg, mlp, cnn, linreg, mlp-reg)");
    }
}
