package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl run --partition iid|dirichlet|shards|quantity --alpha A --min-partition-size N}. */
class CliPartitionTest {

    @TempDir
    Path dir;

    @Test
    void shardsRunPrintsFewLabelsPerClient() {
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "4", "--aggregators", "1", "--rounds", "1",
                "--partition", "shards", "--data-dir", dir.toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        List<String> partition = o.lines().stream().filter(l -> l.startsWith("partition ")).toList();
        assertThat(partition).hasSize(1);
        String line = partition.getFirst();
        assertThat(line).contains("pathological shards").contains("2 shards per client");
        int[] labels = Arrays.stream(line.replaceAll(".*labels per client ([0-9 ]+);.*", "$1").split(" "))
                .mapToInt(Integer::parseInt).toArray();
        assertThat(labels).hasSize(4);
        for (int l : labels) assertThat(l).isBetween(1, 4);
        assertThat(o.lines().stream().filter(l -> l.startsWith("round 1 "))).hasSize(1);
    }

    @Test
    void dirichletSaysThatSmallerAlphaMeansMoreSkew() {
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "3", "--aggregators", "1", "--rounds", "1",
                "--partition", "dirichlet", "--alpha", "0.3", "--min-partition-size", "20", "--data-dir", dir.toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("partition Dirichlet label skew (α=0.3, smaller α = more skew; min 20 rows per client)");
    }

    @Test
    void unknownPartitionIsOneLineNamingIt() {
        CliOutcome o = defl("run", "--partition", "zipf", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("zipf").contains("iid, dirichlet, shards, quantity")
                .doesNotContain("\n");
    }

    @Test
    void nonPositiveAlphaIsRejected() {
        CliOutcome o = defl("run", "--partition", "dirichlet", "--alpha", "0", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("alpha must be a positive").doesNotContain("\n");
    }

    @Test
    void alphaWithoutADirichletPartitionIsRejected() {
        CliOutcome o = defl("run", "--partition", "shards", "--alpha", "0.5", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("--alpha applies only to --partition dirichlet or quantity")
                .doesNotContain("\n");
    }

    @Test
    void unreachableMinimumSizeNamesAlphaClientsAndSize() {
        CliOutcome o = defl("run", "--dataset", "digits", "--clients", "20", "--partition", "dirichlet", "--alpha", "0.01",
                "--min-partition-size", "60", "--data-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error:").contains("α=0.01").contains("20 clients")
                .contains("at least 60 rows").doesNotContain("\n");
    }
}
