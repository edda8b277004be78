package dev.defl.ui;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * TEST DOUBLE for {@link ExperimentRunner}: trains nothing and touches no chain or store. It emits
 * {@link RunListener} events in protocol order — device, started; per round: opened, per client its epochs and
 * training time (polling {@code cancelled} before each client),
 * N updates, a proposal by aggregator 0, votes by the other aggregators up to the quorum, finalized —
 * with made-up CIDs, accounts, gas and a rising accuracy (ignoring {@code model}), seeded by the config's seed. The lead
 * replaces this with the engine's real runner in the integration test (see {@link WorkbenchHarness}).
 */
public final class ScriptedExperimentRunner implements ExperimentRunner {

    private final long pauseMillis;

    /** @param pauseMillis pause after each round, in milliseconds (0 in tests; &gt; 0 to watch it live) */
    public ScriptedExperimentRunner(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    @Override
    public RunReport run(ExperimentConfig config, DatasetSplit data, ModelSpec model, RunListener listener,
                         BooleanSupplier cancelled) throws RunCancelledException, InterruptedException {
        Random random = new Random(config.seed());
        String contract = "0x" + hex(random, 20);
        long block = 1;
        listener.onDevice("cpu()", null);
        listener.onStarted(31337, contract, "http://127.0.0.1:8545");
        List<RoundReport> rounds = new ArrayList<>();
        int steps = config.rounds() * (config.clients() + 2);
        int done = 0;
        long perClient = data.train().size() / config.clients();
        for (int r = 1; r <= config.rounds(); r++) {
            if (cancelled.getAsBoolean()) throw new RunCancelledException("stopped before round " + r);
            listener.onRoundOpened(r);
            List<UpdateRecord> updates = new ArrayList<>();
            for (int c = 0; c < config.clients(); c++) {
                if (cancelled.getAsBoolean()) throw new RunCancelledException("stopped in round " + r);
                for (int e = 1; e <= config.localEpochs(); e++) {
                    double loss = 2.3 / (1 + 0.6 * ((r - 1) * config.localEpochs() + e)) + 0.05 * random.nextDouble();
                    listener.onClientEpoch(r, c, e, loss, 1 - loss / 2.5);
                }
                listener.onClientTrained(r, c, perClient, config.localEpochs(),
                        perClient * config.localEpochs() / (1500 + 300 * random.nextDouble()));
                UpdateRecord u = new UpdateRecord(account(c), cid(random), perClient, "0x" + hex(random, 32), 101_142);
                updates.add(u);
                listener.onUpdateSubmitted(r, u);
                listener.onBlock(++block);
                listener.onProgress("Round " + r + ": client " + (c + 1) + "/" + config.clients() + " submitted", ++done / (double) steps);
            }
            String aggregate = cid(random);
            ProposalRecord proposal = new ProposalRecord(account(100), aggregate, "0x" + hex(random, 32), 167_466);
            listener.onProposed(r, proposal);
            listener.onBlock(++block);
            listener.onProgress("Round " + r + ": aggregate proposed", ++done / (double) steps);
            List<VoteRecord> votes = new ArrayList<>();
            for (int a = 1; a < config.quorum(); a++) {
                VoteRecord v = new VoteRecord(account(100 + a), aggregate, "0x" + hex(random, 32), 76_030);
                votes.add(v);
                listener.onVoted(r, v);
                listener.onBlock(++block);
            }
            double accuracy = Math.min(0.98, 0.55 + 0.35 * (1 - Math.pow(0.5, r)) + 0.02 * random.nextDouble());
            RoundReport report = new RoundReport(r, aggregate, accuracy, 1.6 * (1 - accuracy) + 0.1, updates,
                    List.of(proposal), votes, block);
            rounds.add(report);
            listener.onRoundFinalized(report);
            listener.onProgress("Round " + r + " finalized", ++done / (double) steps);
            if (pauseMillis > 0) Thread.sleep(pauseMillis);
        }
        return new RunReport(31337, contract, 1, rounds);
    }

    private static String account(int i) {
        return "0x" + hex(new Random(0xACC0L + i), 20);
    }

    private static String cid(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder b = new StringBuilder("bafkrei");
        for (int i = 0; i < 52; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }

    private static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
