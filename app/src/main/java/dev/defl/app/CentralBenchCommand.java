package dev.defl.app;

import dev.defl.engine.learning.CentralTraining;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code defl bench central}: a federated run (the real protocol: content store, round contract on the embedded dev
 * chain) against the same model trained centrally on the pooled training rows for {@code rounds × E} epochs, in one
 * invocation, with the same initial weights, optimizer, learning rate, batch size and seed. Prints both test
 * accuracies, their difference in points and the federated/central wall-time ratio.
 */
@Command(name = "central", mixinStandardHelpOptions = true,
        description = "Federated (N clients, R rounds of E local epochs) vs the same model trained centrally for R×E "
                + "epochs, measured in the same run; prints test accuracies, the gap in points and the time ratio.")
final class CentralBenchCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ExperimentArgs experimentArgs;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Content store and chain state of the federated run (default: a new temporary directory, deleted after).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ExperimentConfig config = experimentArgs.config();
        ComputeDevice device = experimentArgs.computeDevice();
        ModelKind kind = experimentArgs.modelKind();
        DatasetSplit data = datasetArgs.load(config.seed(), null);
        ModelSpec spec = kind.spec(data);
        int clients = config.clients(), rounds = config.rounds(), localEpochs = config.localEpochs();
        int batchSize = config.batchSize();
        double learningRate = config.learningRate();
        out.printf(Locale.ROOT, "dataset %s: %d training rows, %d test rows; model %s, %,d parameters; B=%d, lr=%s, seed %d; %s on %s%n",
                data.train().name(), data.train().size(), data.test().size(), kind.cliName(), spec.parameterCount(),
                batchSize, learningRate, config.seed(), LocalTrainer.deviceDescription(), device.name());

        Path dir = workDir != null ? workDir : Files.createTempDirectory("defl-bench-central");
        double fedSeconds;
        RunReport report;
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            long t0 = System.nanoTime();
            report = new FederatedExperiment(workspace, device, experimentArgs.clientParallelism()).run(config, data, spec, new RoundPrinter(out), () -> false);
            fedSeconds = (System.nanoTime() - t0) / 1e9;
        } finally {
            if (workDir == null) TempDirs.deleteRecursively(dir);
        }
        double fedAccuracy = report.rounds().getLast().testAccuracy();
        out.printf(Locale.ROOT, "federated: %d clients, %s, %s, E=%d, %d rounds: test accuracy %.2f %% in %.1f s (whole protocol)%n",
                clients, config.partitioner().describe(), config.strategy(), localEpochs, rounds, fedAccuracy * 100, fedSeconds);

        int epochs = rounds * localEpochs;
        CentralTraining.Result central = new CentralTraining(new LocalTrainer(device)).run(spec, data, epochs, batchSize,
                learningRate, config.seed(), (epoch, loss, accuracy) -> out.printf(Locale.ROOT,
                        "  central epoch %d  train loss %.4f  train accuracy %.2f %%%n", epoch, loss, accuracy * 100),
                () -> false);
        out.printf(Locale.ROOT, "central: %d epochs on all %d rows: test accuracy %.2f %% in %.1f s (%.0f samples/s)%n",
                epochs, data.train().size(), central.test().accuracy() * 100, central.seconds(), central.samplesPerSecond());
        double gap = (fedAccuracy - central.test().accuracy()) * 100;
        out.printf(Locale.ROOT, "gap: federated − central = %+.2f points (%s 1 point); time federated/central = %.2f×%n",
                gap, Math.abs(gap) <= 1 ? "within" : "NOT within", fedSeconds / central.seconds());
        return 0;
    }

    /** One line per finalized round of the federated run. */
    private record RoundPrinter(PrintStream out) implements RunListener {
        @Override
        public void onRoundFinalized(RunReport.RoundReport r) {
            out.printf(Locale.ROOT, "  federated round %d  test accuracy %.2f %%  loss %.4f%n", r.round(), r.testAccuracy() * 100, r.testLoss());
        }
    }
}
