package dev.defl.app;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.Poisoning;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.protocol.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code defl bench robustness}: the same federated experiment once clean with FedAvg, then with {@code K} clients
 * sending sign-flipped updates scaled by {@code S} ({@link Poisoning}) under each strategy given, in one invocation
 * and one workspace; prints a table of final test accuracies and each run's gap to the clean run in points.
 *
 * <p>The robust strategies are told the attack's size, as their papers assume: Krum and Multi-Krum get {@code f = K}
 * (Blanchard et al. 2017 need {@code n > 2f + 2}), trimmed mean trims {@code β = K/N} at each end (Yin et al. 2018),
 * unless {@code --krum-f} / {@code --trimmed-beta} say otherwise.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Clean FedAvg vs K poisoned clients (sign-flipped updates ×S) under each strategy, in one run; "
                + "prints final test accuracies and each gap to the clean run in points.")
final class RobustnessBenchCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Dataset (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--model", defaultValue = "mlp", description = "Model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "10", description = "Clients N (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5", description = "Rounds per run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = {"--local-epochs", "-E"}, paramLabel = "E", defaultValue = "1", description = "Local epochs E (default: ${DEFAULT-VALUE}).")
    int localEpochs;

    @Option(names = {"--batch-size", "-B"}, paramLabel = "B", defaultValue = "32", description = "Batch size B (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--poison", paramLabel = "K:signflip:S", defaultValue = "3:signflip:10",
            description = "The attack of the poisoned runs (default: ${DEFAULT-VALUE}).")
    String poison;

    @Option(names = "--strategies", paramLabel = "LIST", split = ",", defaultValue = "fedavg,krum,trimmed-mean,fedmedian",
            description = "Strategies run under attack, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--krum-f", paramLabel = "F", description = "f of krum / multi-krum (default: K).")
    Integer krumF;

    @Option(names = "--trimmed-beta", paramLabel = "BETA", description = "β of trimmed-mean (default: K/N).")
    Double trimmedBeta;

    @Option(names = "--seed", defaultValue = "" + ExperimentConfig.DEFAULT_SEED, description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Content store and chain state (default: a new temporary directory, deleted after).")
    Path workDir;

    /** One line of the table. */
    private record Row(String label, double accuracy) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Poisoning attack = Poisoning.parse(poison);
        List<StrategySpec> specs = new ArrayList<>();
        for (String name : strategies) specs.add(underAttack(StrategySpec.of(name.strip()), attack));
        DatasetSplit data = Datasets.load(dataset, seed);
        ModelKind kind = ModelKind.parse(model);
        ModelSpec spec = kind.spec(data);
        ExperimentConfig base = new ExperimentConfig(clients, 1, rounds, localEpochs, batchSize,
                ExperimentConfig.DEFAULT_LEARNING_RATE, seed);
        out.printf(Locale.ROOT, "dataset %s: %d training rows over %d clients (IID); model %s; %d rounds, E=%d, B=%d; "
                        + "attack: %d clients send global − %s·(local − global)%n", data.train().name(), data.train().size(),
                clients, kind.cliName(), rounds, localEpochs, batchSize, attack.clients(), fmt(attack.scale()));

        Path dir = workDir != null ? workDir : Files.createTempDirectory("defl-bench-robustness");
        List<Row> rows = new ArrayList<>();
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            FederatedExperiment experiment = new FederatedExperiment(workspace);
            rows.add(new Row("fedavg, clean", run(experiment, base, data, spec, out, "fedavg, clean")));
            for (StrategySpec s : specs) {
                String label = s + ", " + attack.clients() + " poisoned";
                rows.add(new Row(label, run(experiment, base.withStrategy(s).withPoison(attack), data, spec, out, label)));
            }
        } finally {
            if (workDir == null) TempDirs.deleteRecursively(dir);
        }
        double clean = rows.getFirst().accuracy();
        int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(10);
        out.printf(Locale.ROOT, "%n%-" + width + "s  %14s  %18s%n", "run", "test accuracy", "vs clean (points)");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-" + width + "s  %12.2f %%  %+18.2f%n", r.label(), r.accuracy() * 100, (r.accuracy() - clean) * 100);
        }
        return 0;
    }

    private double run(FederatedExperiment experiment, ExperimentConfig config, DatasetSplit data, ModelSpec spec,
                       PrintStream out, String label) throws Exception {
        long t0 = System.nanoTime();
        RunReport report = experiment.run(config, data, spec, new dev.defl.engine.protocol.RunListener() { }, () -> false);
        double accuracy = report.rounds().getLast().testAccuracy();
        out.printf(Locale.ROOT, "  %s: test accuracy per round %s (%.1f s)%n", label, report.rounds().stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r.testAccuracy() * 100)).toList(), (System.nanoTime() - t0) / 1e9);
        return accuracy;
    }

    /** {@code s} with the attack's size as Krum's f and trimmed mean's β, unless given on the command line. */
    private StrategySpec underAttack(StrategySpec s, Poisoning attack) {
        int f = krumF != null ? krumF : Math.max(1, attack.clients());
        double beta = trimmedBeta != null ? trimmedBeta : Math.max(s.trimmedBeta(), attack.clients() / (double) clients);
        return new StrategySpec(s.name(), s.serverLr(), s.momentum(), beta, f, s.multiKrumM(), s.proximalMu());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
