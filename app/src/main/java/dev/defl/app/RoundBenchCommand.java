package dev.defl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RoundTiming;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code defl bench round}: one federated run (the real protocol on a fresh embedded workspace: content store, round
 * contract on the managed anvil) and where each round's wall time went ({@link RoundTiming}): local training (wall
 * time with at least one client training), content store, chain JSON-RPC, aggregation, evaluation, the rest; per round
 * and summed, with the share of the round spent outside training.
 */
@Command(name = "round", mixinStandardHelpOptions = true,
        description = "Where a round's wall time goes (training, content, chain, aggregation, evaluation, other), per "
                + "round and summed, measured on a real run on a fresh embedded workspace.")
final class RoundBenchCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand bench;

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ExperimentArgs experimentArgs;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the per-round figures to FILE as JSON.")
    Path json;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Content store and chain state of the run (default: a new temporary directory, deleted after).")
    Path workDir;

    /** What {@code --json} writes: the run's settings, every round's split and their sums (seconds). */
    record Report(String dataset, String model, int clients, int clientsPerRound, int parallelism, int rounds,
                  String device, String machine, List<RoundTiming> roundTimings, Sum sum) {
    }

    /** The rounds' figures summed, in seconds; {@code outsideFraction} = (round − training) / round. */
    record Sum(double round, double training, double trainingSum, double content, double chain, double aggregation,
               double evaluation, double other, double outsideTraining, double outsideFraction) {
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ExperimentConfig config = experimentArgs.config();
        if (json != null) OutputFiles.requireWritable(json, "--json");
        ComputeDevice device = experimentArgs.computeDevice();
        int parallelism = experimentArgs.clientParallelism();
        ModelKind kind = experimentArgs.modelKind();
        DatasetSplit data = datasetArgs.load(config.seed(), null);
        ModelSpec spec = kind.spec(data);
        String machine = String.format(Locale.ROOT, "%d processors, load average %.2f",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf(Locale.ROOT, "dataset %s, model %s (%,d parameters), %d clients (%d per round), %d aggregators, E=%d, "
                        + "B=%d, %d rounds, client parallelism %d; %s; %s%n", data.train().name(), kind.cliName(),
                spec.parameterCount(), config.clients(), config.clientsPerRound(), config.aggregators(),
                config.localEpochs(), config.batchSize(), config.rounds(), parallelism, LocalTrainer.deviceDescription(),
                machine);
        List<RoundTiming> timings = new ArrayList<>();
        Path dir = workDir != null ? workDir : Files.createTempDirectory("defl-bench-round");
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            new FederatedExperiment(workspace, device, parallelism).run(config, data, spec, new RunListener() {
                @Override
                public void onRoundTiming(RoundTiming timing) {
                    timings.add(timing);
                }

                @Override
                public void onRoundFinalized(RunReport.RoundReport r) {
                    RoundTiming t = timings.getLast();
                    out.printf(Locale.ROOT, "  round %d finalized: accuracy %.2f %%, %.2f s, %.1f %% outside training%n",
                            r.round(), r.testAccuracy() * 100, t.roundSeconds(), t.outsideFraction() * 100);
                }
            }, () -> false);
        } finally {
            if (workDir == null) TempDirs.deleteRecursively(dir);
        }
        Sum sum = sum(timings);
        print(timings, sum, out);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Report report = new Report(data.train().name(), kind.cliName(), config.clients(), config.clientsPerRound(),
                    parallelism, config.rounds(), device.name(), machine, timings, sum);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
        }
        return 0;
    }

    static Sum sum(List<RoundTiming> timings) {
        double round = 0, training = 0, trainingSum = 0, content = 0, chain = 0, aggregation = 0, evaluation = 0, other = 0;
        for (RoundTiming t : timings) {
            round += t.roundSeconds();
            training += t.training();
            trainingSum += t.trainingSum();
            content += t.content();
            chain += t.chain();
            aggregation += t.aggregation();
            evaluation += t.evaluation();
            other += t.other();
        }
        double outside = Math.max(0, round - training);
        return new Sum(round, training, trainingSum, content, chain, aggregation, evaluation, other, outside,
                round > 0 ? outside / round : 0);
    }

    private static void print(List<RoundTiming> timings, Sum sum, PrintStream out) {
        out.println("round  clients  round s  training s  content s  chain s (requests)  aggregation s  evaluation s  other s  outside training");
        for (RoundTiming t : timings) {
            out.printf(Locale.ROOT, "%5d  %7d  %7.3f  %10.3f  %9.3f  %7.3f (%5d)     %13.3f  %12.3f  %7.3f  %.3f s = %.1f %%%n",
                    t.round(), t.clients(), t.roundSeconds(), t.training(), t.content(), t.chain(), t.rpcRequests(),
                    t.aggregation(), t.evaluation(), t.other(), t.outsideTraining(), t.outsideFraction() * 100);
        }
        out.printf(Locale.ROOT, "  sum  %7s  %7.3f  %10.3f  %9.3f  %7.3f             %13.3f  %12.3f  %7.3f  %.3f s = %.1f %%%n",
                "", sum.round(), sum.training(), sum.content(), sum.chain(), sum.aggregation(), sum.evaluation(),
                sum.other(), sum.outsideTraining(), sum.outsideFraction() * 100);
        out.println("training: wall time with at least one client training (clients' own times summed: "
                + String.format(Locale.ROOT, "%.3f s", sum.trainingSum()) + "); content and chain: time in the store "
                + "and in JSON-RPC calls on all threads, which overlap training when K > 1 or while one client's update "
                + "is sent as the next trains");
    }
}
