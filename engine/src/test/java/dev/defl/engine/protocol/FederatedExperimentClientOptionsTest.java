package dev.defl.engine.protocol;

import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client fraction, poisoning and the per-client listener callbacks through the real trainer, store and anvil (one
 * workspace, one task per run, on the bundled digits sample).
 */
class FederatedExperimentClientOptionsTest extends EmbeddedDigitsWorkspace {
    /** What a run told its listener about clients and the device. */
    static final class Recorder implements RunListener {
        final List<String> trained = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();
        final List<String> devices = new ArrayList<>();

        @Override
        public void onClientTrained(int round, int client, long numSamples, int epochs, double secs) {
            trained.add(round + ":" + client + ":" + epochs);
            seconds.add(secs);
            assertThat(numSamples).isPositive();
        }

        @Override
        public void onDevice(String device, String warning) {
            devices.add(device + " " + warning);
        }
    }

    private static RunReport run(ExperimentConfig config, RunListener listener) throws Exception {
        return new FederatedExperiment(workspace).run(config, data, listener, () -> false);
    }

    @Test
    void halfOfFourClientsSubmitEachRoundAsSampled() throws Exception {
        var config = new ExperimentConfig(4, 1, 4, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withClientFraction(0.5);
        Recorder recorder = new Recorder();
        RunReport report = run(config, recorder);

        assertThat(workspace.taskContract().task(report.taskId()).params().clientsPerRound()).isEqualTo(2);
        assertThat(workspace.taskContract().task(report.taskId()).params().minUpdates()).isEqualTo(2);
        List<String> expectedTrained = new ArrayList<>();
        List<List<String>> submitters = new ArrayList<>();
        for (RoundReport r : report.rounds()) {
            int[] sampled = ClientSampler.sample(4, 0.5, 7, r.round());
            List<String> expected = Arrays.stream(sampled).mapToObj(i -> DevAccounts.account(1 + i).getAddress()).toList();
            assertThat(r.updates()).extracting(UpdateRecord::client).containsExactlyElementsOf(expected);
            submitters.add(expected);
            for (int i : sampled) expectedTrained.add(r.round() + ":" + i + ":1");
        }
        assertThat(report.rounds()).hasSize(4);
        assertThat(submitters.stream().distinct().count()).as("sampled sets over 4 rounds").isGreaterThan(1);
        assertThat(recorder.trained).containsExactlyElementsOf(expectedTrained);
        assertThat(recorder.seconds).allMatch(s -> s > 0);
        assertThat(recorder.devices).containsExactly("cpu() null");
        assertThat(report.device()).isEqualTo("cpu()");
    }

    @Test
    void signFlippedUpdatesLowerFedAvgAccuracy() throws Exception {
        var clean = new ExperimentConfig(4, 1, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
        RunReport cleanReport = run(clean, new RunListener() {});
        RunReport poisoned = run(clean.withAttack(AttackPlan.parse("1:signflip:10")), new RunListener() {});

        double cleanAccuracy = cleanReport.rounds().getLast().testAccuracy();
        double poisonedAccuracy = poisoned.rounds().getLast().testAccuracy();
        assertThat(cleanAccuracy).isGreaterThan(0.7);
        assertThat(poisonedAccuracy).isLessThan(cleanAccuracy - 0.2);
        // the honest clients' updates are the same in both runs; the malicious client's differs
        for (int r = 0; r < 1; r++) {
            List<UpdateRecord> a = cleanReport.rounds().get(r).updates(), b = poisoned.rounds().get(r).updates();
            assertThat(b.get(0).cid()).isNotEqualTo(a.get(0).cid());
            assertThat(b.get(0).numSamples()).isEqualTo(a.get(0).numSamples());
            for (int k = 1; k < 4; k++) assertThat(b.get(k).cid()).isEqualTo(a.get(k).cid());
        }
    }
}
