package dev.defl.app;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.runs.RecordedExperiment;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code defl bench history}: what keeping a run in the run database costs. The same experiment runs
 * {@code --repeat} times plain and {@code --repeat} times recorded ({@link RecordedExperiment}: a row per event,
 * the dataset published), interleaved in one workspace and one JVM; prints the median wall time of each, their
 * ratio, and the database's size per recorded round.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The run database's cost: the same run plain and recorded, interleaved --repeat times each in one "
                + "workspace; prints median wall times, their ratio and the database bytes per round.")
final class HistoryBenchCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ExperimentArgs experimentArgs;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Runs of each kind, 1 to 20 (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1 || repeat > 20) throw new IllegalArgumentException("--repeat must be 1 to 20, got " + repeat);
        PrintStream out = System.out;
        ExperimentConfig config = experimentArgs.config();
        ComputeDevice device = experimentArgs.computeDevice();
        DatasetSplit data = datasetArgs.load(config.seed(), null);
        ModelSpec spec = experimentArgs.modelKind().spec(data);
        Path dir = Files.createTempDirectory("defl-bench-history");
        double[] plain = new double[repeat];
        double[] recorded = new double[repeat];
        Path dbFile;
        try (Workspace workspace = Workspace.openEmbedded(dir);
             RunDatabase db = RunDatabase.open(dir.resolve("history"))) {
            dbFile = db.file();
            ExperimentRunner bare = new FederatedExperiment(workspace, device, experimentArgs.clientParallelism());
            ExperimentRunner kept = new RecordedExperiment(bare, db, workspace.content(), device.name());
            bare.run(config, data, spec, new RunListener() { }, () -> false); // warm-up: DJL, the contract, the JIT
            for (int i = 0; i < repeat; i++) {
                plain[i] = seconds(bare, config, data, spec);
                recorded[i] = seconds(kept, config, data, spec);
                out.printf(Locale.ROOT, "pair %d: plain %.2f s, recorded %.2f s%n", i + 1, plain[i], recorded[i]);
            }
        }
        try {
            // closed: SQLite has checkpointed the write-ahead log into the file
            long bytes = Files.size(dbFile) + sizeIfExists(Path.of(dbFile + "-wal"));
            double p = median(plain), r = median(recorded);
            out.printf(Locale.ROOT, "%s, %d clients, %d rounds, E=%d: median plain %.2f s, recorded %.2f s: recorded/plain = %.3f×%n",
                    data.train().name(), config.clients(), config.rounds(), config.localEpochs(), p, r, r / p);
            out.printf(Locale.ROOT, "run database: %,d bytes after %d recorded runs (%,d bytes per round)%n", bytes,
                    repeat, bytes / ((long) repeat * config.rounds()));
        } finally {
            TempDirs.deleteRecursively(dir);
        }
        return 0;
    }

    private static double seconds(ExperimentRunner runner, ExperimentConfig config, DatasetSplit data, ModelSpec spec)
            throws Exception {
        long t0 = System.nanoTime();
        runner.run(config, data, spec, new RunListener() { }, () -> false);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long sizeIfExists(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
