package dev.defl.engine.protocol;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --attack} through the real trainer, store and anvil (digits): an attack that reads the round's honest updates
 * (IPM) waits for them without deadlocking the training threads, and its updates, hence every CID, do not depend on
 * how many clients train at once or which thread finishes first.
 */
class AttackedRunTest extends EmbeddedDigitsWorkspace {
    private static RunReport run(ExperimentConfig config, int parallelism) throws Exception {
        return new FederatedExperiment(workspace, ComputeDevice.cpu(), parallelism).run(config, data, new RunListener() { },
                () -> false);
    }

    private static List<String> outcome(RunReport report) {
        List<String> lines = new ArrayList<>();
        for (RoundReport r : report.rounds()) {
            for (UpdateRecord u : r.updates()) lines.add(r.round() + " " + u.client() + " " + u.cid());
            lines.add(r.round() + " global " + r.globalModelCid());
        }
        return lines;
    }

    @Test
    void ipmReadsTheHonestUpdatesAndGivesTheSameCidsWithOneOrThreeTrainingThreads() throws Exception {
        // 6 clients, 5 sampled a round (so the attackers of a round vary), clients 0 and 1 attack
        ExperimentConfig clean = new ExperimentConfig(6, 1, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withStrategy(StrategySpec.of("fedmedian")).withClientFraction(5 / 6.0);
        ExperimentConfig attacked = clean.withAttack(AttackPlan.parse("ipm:2:0.5"));
        RunReport one = run(attacked, 1);
        RunReport three = run(attacked, 3);
        RunReport honest = run(clean, 3);
        assertThat(outcome(three)).isEqualTo(outcome(one)).hasSize(2 * 6);
        // the honest clients' round-1 updates are the same bytes as in the clean run; the attackers' (clients 0 and 1,
        // anvil's accounts 1 and 2) are not
        java.util.Map<String, String> cleanCids = cids(honest), attackedCids = cids(one);
        java.util.Set<String> changed = new java.util.TreeSet<>();
        for (var e : attackedCids.entrySet()) {
            if (!e.getValue().equals(cleanCids.get(e.getKey())) && e.getKey().startsWith("1 ")) changed.add(e.getKey());
        }
        java.util.Set<String> attackers = new java.util.TreeSet<>();
        for (String key : attackedCids.keySet()) {
            if (key.equals("1 " + CLIENT_0) || key.equals("1 " + CLIENT_1)) attackers.add(key);
        }
        assertThat(attackers).isNotEmpty();
        assertThat(changed).as("round 1 updates that differ from the clean run").containsAll(attackers)
                .allMatch(k -> attackers.contains(k) || k.equals("1 global"));
    }

    /** Anvil's dev accounts 1 and 2: clients 0 and 1. */
    private static final String CLIENT_0 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String CLIENT_1 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    /** "round client" (or "round global") to CID. */
    private static java.util.Map<String, String> cids(RunReport report) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (RoundReport r : report.rounds()) {
            for (UpdateRecord u : r.updates()) out.put(r.round() + " " + u.client().toLowerCase(java.util.Locale.ROOT), u.cid());
            out.put(r.round() + " global", r.globalModelCid());
        }
        return out;
    }

    @Test
    void labelFlipOnARegressionDatasetIsRefusedBeforeAnythingGoesOnChain() throws Exception {
        var boston = Datasets.load("boston", 7);
        ExperimentConfig config = new ExperimentConfig(3, 1, 1, 1, 16, ExperimentConfig.DEFAULT_LEARNING_RATE, 7)
                .withAttack(AttackPlan.parse("labelflip:1"));
        assertThatThrownBy(() -> new FederatedExperiment(workspace).run(config, boston, new RunListener() { }, () -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--attack labelflip:1: label flipping needs a classification dataset");
    }
}
