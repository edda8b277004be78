package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.runs.ContentName;
import dev.defl.engine.runs.RecordedExperiment;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunKind;
import dev.defl.engine.runs.RunParams;
import dev.defl.engine.runs.RunRecord;
import dev.defl.engine.runs.RunStatus;
import dev.defl.engine.workspace.Workspace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The large history {@code defl bench ui} shows, written into a data directory through the real write paths, before
 * the window opens on it:
 * <ul>
 *   <li><b>peers</b>: a real one-round experiment ({@link FederatedExperiment}, recorded by {@link RecordedExperiment})
 *   on sklearn digits with {@code peers − 1} clients and one aggregator, logistic regression (E = 5, lr 0.01): a task on the embedded
 *   anvil chain whose participants the Peers pane reads from the chain's events, as always;</li>
 *   <li><b>rounds</b>: one more run of {@code rounds} finalized rounds written through {@link RunDatabase}
 *   ({@code startRun}, {@code roundOpened}, {@code roundFinalized}, {@code finishRun}), with made-up but plausible
 *   figures (accuracy rising to about 90 %, loss falling, gas, times); its global models are the first pins below;</li>
 *   <li><b>pins</b>: {@code pins} small files (48 bytes each, seeded random, one raw block each) added to the embedded
 *   content store and pinned recursively ({@link EmbeddedContentStore#add(byte[], boolean)}), each named in the run
 *   database's name index: "run R · round K · global model" for the first {@code rounds}, "bench file N.bin" after.</li>
 * </ul>
 * Nothing here is a stand-in for an engine part: the window reads all of it as it reads a user's data directory.
 */
final class UiBenchHistory {

    /** Bytes of each pinned file. */
    static final int PIN_BYTES = 48;

    /**
     * What was written and how long each part took (seconds).
     *
     * @param bigRunId     id of the run with {@code rounds} rounds
     * @param bigRunName   its name, as the Runs pane lists it
     * @param pinnedRoots  roots pinned in the store after writing (the pins plus the experiment's own)
     */
    record Written(int peers, int rounds, int pins, long bigRunId, String bigRunName, int pinnedRoots,
                   double experimentSeconds, double roundsSeconds, double pinsSeconds) {
    }

    /** Under the data directory: what {@link #write} wrote there, so that a later bench can reuse it. */
    static final String MARKER = "bench-ui-history.json";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * What an earlier {@link #write} put into {@code dataDir} with the same sizes, or empty when it holds no such
     * history ({@link #MARKER} missing or for other sizes).
     *
     * @throws IOException when the marker cannot be read
     */
    static java.util.Optional<Written> earlier(Path dataDir, int peers, int rounds, int pins) throws IOException {
        Path marker = dataDir.resolve(MARKER);
        if (!java.nio.file.Files.isRegularFile(marker)) return java.util.Optional.empty();
        Written w = JSON.readValue(marker.toFile(), Written.class);
        return w.peers() == peers && w.rounds() == rounds && w.pins() == pins ? java.util.Optional.of(w)
                : java.util.Optional.empty();
    }

    private UiBenchHistory() {
    }

    /**
     * Writes the history into {@code dataDir} (which must be unused: the workspace is opened, and closed again).
     *
     * @param peers  participants of the real task (clients and one aggregator), 2 to {@link ExperimentConfig#MAX_CLIENTS} + 1
     * @param rounds rounds of the recorded run, at least 1
     * @param pins   pinned files, at least {@code rounds} (the run's global models are among them)
     * @throws IOException              when the store, the run database or the chain cannot be written
     * @throws IllegalArgumentException for sizes out of range
     */
    static Written write(Path dataDir, int peers, int rounds, int pins, java.io.PrintStream progress) throws Exception {
        validate(peers, rounds, pins);
        try (Workspace ws = Workspace.openEmbedded(dataDir);
             RunDatabase db = RunDatabase.open(dataDir)) {
            long t0 = System.nanoTime();
            progress.printf(Locale.ROOT, "setup: a real 1-round task with %d clients and 1 aggregator (digits, logreg)…%n", peers - 1);
            runExperiment(ws, db, peers - 1);
            long t1 = System.nanoTime();
            progress.printf(Locale.ROOT, "setup: %,d pinned files…%n", pins);
            List<Cid> cids = addPins(ws.embeddedContent(), pins);
            long t2 = System.nanoTime();
            progress.printf(Locale.ROOT, "setup: a run of %,d rounds in the run database…%n", rounds);
            String name = "bench ui · " + rounds + " rounds";
            long runId = recordRounds(db, name, rounds, cids);
            nameFiles(db, runId, cids, rounds);
            long t3 = System.nanoTime();
            Written written = new Written(peers, rounds, pins, runId, name, ws.embeddedContent().pins().size(),
                    (t1 - t0) / 1e9, (t3 - t2) / 1e9, (t2 - t1) / 1e9);
            JSON.writeValue(dataDir.resolve(MARKER).toFile(), written);
            return written;
        }
    }

    /** @throws IllegalArgumentException naming the option out of range */
    static void validate(int peers, int rounds, int pins) {
        if (peers < 2 || peers > ExperimentConfig.MAX_CLIENTS + 1) {
            throw new IllegalArgumentException("--peers must be 2 to " + (ExperimentConfig.MAX_CLIENTS + 1)
                    + " (the clients and one aggregator of a task), not " + peers);
        }
        if (rounds < 1 || rounds > ExperimentArgs.MAX_ROUNDS) {
            throw new IllegalArgumentException("--rounds must be 1 to " + ExperimentArgs.MAX_ROUNDS + ", not " + rounds);
        }
        if (pins < rounds) throw new IllegalArgumentException("--pins must be at least --rounds (" + rounds + "): the "
                + "recorded run's global models are pinned files; got " + pins);
    }

    /** The real task: {@code clients} clients and one aggregator, one round, recorded as a run. */
    private static void runExperiment(Workspace ws, RunDatabase db, int clients) throws Exception {
        // E = 5 at lr 0.01: a client holds about 14 rows; one epoch at the default rate leaves the model near chance
        ExperimentConfig config = new ExperimentConfig(clients, 1, 1, 5, ExperimentConfig.DEFAULT_BATCH_SIZE, 0.01,
                ExperimentConfig.DEFAULT_SEED);
        DatasetSplit data = Datasets.load("digits", config.seed(), dev.defl.engine.learning.DatasetOptions.defaults(),
                ws.embeddedContent());
        ComputeDevice cpu = ComputeDevice.resolve("cpu");
        new RecordedExperiment(new FederatedExperiment(ws, cpu), db, ws.content(), cpu.name())
                .run(config, data, ModelKind.LOGREG.spec(data), new RunListener() { }, () -> false);
    }

    /** {@code count} files of {@link #PIN_BYTES} seeded random bytes, each added and pinned; their CIDs in order. */
    private static List<Cid> addPins(EmbeddedContentStore store, int count) throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        List<Cid> cids = new ArrayList<>(count);
        byte[] data = new byte[PIN_BYTES];
        for (int i = 0; i < count; i++) {
            ByteBuffer.wrap(data).putInt(i).putLong(random.nextLong()).putLong(random.nextLong())
                    .putLong(random.nextLong()).putLong(random.nextLong()).putLong(random.nextLong()).putInt(0x0a0a0a0a);
            cids.add(store.add(data.clone(), true));
        }
        return cids;
    }

    /** A finished run of {@code rounds} rounds whose round K's global model is {@code models.get(K − 1)}. */
    private static long recordRounds(RunDatabase db, String name, int rounds, List<Cid> models) throws IOException {
        RunParams params = new RunParams(RunKind.EXPERIMENT, "digits", null, 1_437L, 360L, "dirichlet(α=0.3)",
                "mlp", "fedavg", Map.of(), 10, 1.0, 2, rounds, 1, 32, 0.001, 7L, "cpu()", null);
        Instant start = Instant.now().minusMillis(rounds * 3_300L); // as if it had just ended
        long runId = db.startRun(name, params, start);
        SplittableRandom random = new SplittableRandom(rounds);
        Instant at = start;
        for (int k = 1; k <= rounds; k++) {
            Instant opened = at;
            double train = 2.6 + 0.4 * random.nextDouble();
            at = at.plus(Duration.ofMillis((long) ((train + 0.6) * 1000)));
            double accuracy = 0.9 - 0.35 * Math.exp(-k / 40.0) + 0.01 * (random.nextDouble() - 0.5);
            double loss = 0.28 + 1.2 * Math.exp(-k / 35.0) + 0.02 * random.nextDouble();
            db.roundOpened(runId, k, opened);
            db.roundFinalized(runId, new RunRecord.RoundRow(k, opened, at, models.get(k - 1).toString(), accuracy, loss,
                    null, null, null, 100L + 6L * k, 1_450_000L + random.nextInt(20_000), train, 0.31, 0.06, 0.13));
        }
        db.finishRun(runId, RunStatus.FINISHED, null, at);
        return runId;
    }

    /** Names the pins in the run database's name index (the IPFS pane's Name column). */
    private static void nameFiles(RunDatabase db, long runId, List<Cid> cids, int rounds) throws IOException {
        for (int i = 0; i < cids.size(); i++) {
            ContentName name = i < rounds
                    ? new ContentName(cids.get(i).toString(), "run " + runId + " · round " + (i + 1) + " · global model",
                    ContentName.GLOBAL_MODEL, runId, i + 1, null)
                    : new ContentName(cids.get(i).toString(), String.format(Locale.ROOT, "bench file %05d.bin", i - rounds + 1),
                    "file", null, null, null);
            db.names().name(name);
        }
    }
}
