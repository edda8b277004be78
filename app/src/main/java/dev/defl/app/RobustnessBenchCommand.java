package dev.defl.app;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.Poisoning;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ExperimentArgs experimentArgs;

    @Option(names = "--strategies", paramLabel = "LIST", split = ",", defaultValue = "fedavg,krum,trimmed-mean,fedmedian",
            description = "Strategies run under attack, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Content store and chain state (default: a new temporary directory, deleted after).")
    Path workDir;

    /** The attack when {@code --poison} is not given. */
    static final String DEFAULT_ATTACK = "3:signflip:10";

    /** One line of the table. */
    private record Row(String label, double accuracy) {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ExperimentConfig given = experimentArgs.config();
        Poisoning attack = given.poison().active() ? given.poison() : Poisoning.parse(DEFAULT_ATTACK);
        ExperimentConfig base = given.withPoison(Poisoning.none()).withStrategy(StrategySpec.fedAvg());
        List<StrategySpec> specs = new ArrayList<>();
        for (String name : strategies) specs.add(underAttack(StrategySpec.of(name.strip()), attack, base.clients()));
        DatasetSplit data = datasetArgs.load(base.seed(), null);
        ModelKind kind = experimentArgs.modelKind();
        ModelSpec spec = kind.spec(data);
        out.printf(Locale.ROOT, "dataset %s: %d training rows over %d clients (%s); model %s; %d rounds, E=%d, B=%d; "
                        + "attack: %d clients send global − %s·(local − global)%n", data.train().name(), data.train().size(),
                base.clients(), base.partitioner().describe(), kind.cliName(), base.rounds(), base.localEpochs(),
                base.batchSize(), attack.clients(), fmt(attack.scale()));

        Path dir = workDir != null ? workDir : Files.createTempDirectory("defl-bench-robustness");
        List<Row> rows = new ArrayList<>();
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            FederatedExperiment experiment = new FederatedExperiment(workspace, experimentArgs.computeDevice(), experimentArgs.clientParallelism());
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
    private StrategySpec underAttack(StrategySpec s, Poisoning attack, int clients) {
        int f = experimentArgs.strategyOptions.krumF != null ? experimentArgs.strategyOptions.krumF : Math.max(1, attack.clients());
        double beta = experimentArgs.strategyOptions.trimmedBeta != null ? experimentArgs.strategyOptions.trimmedBeta
                : Math.max(s.trimmedBeta(), attack.clients() / (double) clients);
        return new StrategySpec(s.name(), s.serverLr(), s.momentum(), beta, f, s.multiKrumM(), s.proximalMu());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
