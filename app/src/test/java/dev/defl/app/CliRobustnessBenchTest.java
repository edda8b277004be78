package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl bench robustness}: a clean run and poisoned runs under each strategy, one table. No timing assertions. */
class CliRobustnessBenchTest {

    @TempDir
    Path dir;

    @Test
    void tablesTheCleanRunAndEachStrategyUnderAttack() {
        CliOutcome o = defl("bench", "robustness", "--dataset", "digits", "--clients", "5", "--rounds", "1",
                "--poison", "1:signflip:10", "--strategies", "fedavg,fedmedian,trimmed-mean",
                "--work-dir", dir.resolve("work").toString());

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).contains("attack: 1 clients send global − 10·(local − global)");
        assertThat(o.lines()).anySatisfy(l -> assertThat(l).startsWith("fedavg, clean").endsWith("+0.00"));
        assertThat(o.lines()).anySatisfy(l -> assertThat(l).startsWith("fedavg, 1 poisoned"));
        assertThat(o.lines()).anySatisfy(l -> assertThat(l).startsWith("fedmedian, 1 poisoned"));
        // trimmed mean is told the attack's size: β = K/N = 0.2
        assertThat(o.lines()).anySatisfy(l -> assertThat(l).startsWith("trimmed-mean(β=0.2), 1 poisoned"));
    }

    @Test
    void malformedAttackIsNamed() {
        CliOutcome o = defl("bench", "robustness", "--dataset", "digits", "--poison", "3:flip:10", "--work-dir", dir.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr()).contains("unknown poisoning kind 'flip'");
    }
}
