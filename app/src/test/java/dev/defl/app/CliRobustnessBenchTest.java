package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl bench robustness}: the matrix of attacks × defences × partitions × seeds through the real trainer, store
 * and chain (digits, 1 round), its CSV, its resumption and its Markdown. No timing assertions.
 */
class CliRobustnessBenchTest {

    @TempDir
    Path dir;

    @Test
    void runsTheMatrixWritesCsvAndMarkdownAndResumesOnlyTheMissingCells() throws Exception {
        Path csv = dir.resolve("m.csv"), md = dir.resolve("m.md");
        CliOutcome o = defl("bench", "robustness", "--dataset", "digits", "--clients", "5", "--aggregators", "1",
                "--rounds", "1", "--poison", "1:signflip:10", "--strategies", "fedavg,trimmed-mean,bulyan",
                "--partitions", "iid", "--seeds", "1", "--csv", csv.toString(), "--markdown", md.toString(),
                "--work-dir", dir.resolve("work").toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("1 partition(s) × 1 seed(s) × (clean + 1 attack(s) × 3 defence(s)) = 4 runs");
        // the old --poison spelling is read as the new attack; trimmed mean is told its size (β = K/n = 0.2)
        assertThat(o.lines()).anySatisfy(l -> assertThat(l).startsWith("| signflip:1:10 |").contains("n/a"));
        assertThat(o.stdout()).contains("n/a, bulyan: bulyan cannot tolerate f = 1 Byzantine clients of n = 5 per round: "
                + "it needs n >= 4f + 3 = 7 updates per round");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.getFirst()).isEqualTo("partition,seed,attack,defence,accuracy,seconds,note");
        assertThat(rows).hasSize(1 + 4);
        assertThat(rows.get(1)).startsWith("iid,7,none,fedavg,0.");
        assertThat(Files.readString(md)).contains("### iid").contains("| attack | fedavg | trimmed-mean | bulyan |");

        // a second seed: only its three runnable cells run (bulyan's refusal is recorded once)
        CliOutcome again = defl("bench", "robustness", "--dataset", "digits", "--clients", "5", "--aggregators", "1",
                "--rounds", "1", "--attacks", "signflip:1:10", "--defences", "fedavg,trimmed-mean,bulyan",
                "--partitions", "iid", "--seeds", "2", "--csv", csv.toString(), "--work-dir", dir.resolve("work2").toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("resuming from " + csv + ": 4 run(s) already there");
        assertThat(again.lines()).filteredOn(l -> l.startsWith("[")).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("seed 8"));
        assertThat(Files.readAllLines(csv)).hasSize(1 + 7);
        assertThat(again.stdout()).contains("over 2 seed(s)");
    }

    @Test
    void malformedAttackAndPartitionAreNamed() {
        CliOutcome o = defl("bench", "robustness", "--dataset", "digits", "--poison", "3:flip:10", "--work-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("unknown attack 'flip'");
        CliOutcome p = defl("bench", "robustness", "--dataset", "digits", "--partitions", "dirichlet:lots",
                "--work-dir", dir.toString());
        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.stderr()).contains("--partitions: α 'lots' in 'dirichlet:lots' is not a number");
    }

    @Test
    void aCsvOfAnotherShapeIsRefusedNamingTheFile() throws Exception {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        CliOutcome o = defl("bench", "robustness", "--dataset", "digits", "--seeds", "1", "--partitions", "iid",
                "--csv", csv.toString(), "--work-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains(csv + " is not a robustness matrix CSV");
    }
}
