package dev.defl.app;

import dev.defl.app.RobustnessMatrix.Row;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code defl bench robustness}: the matrix attacks × defences × partitions × seeds. For each partition and seed, one
 * clean FedAvg run, then every attack ({@link AttackPlan}) under every defence, each a whole federated experiment on
 * the dev chain in one workspace; prints and writes ({@link RobustnessMatrix}) the final test accuracy of each cell as
 * mean ± sd over the seeds and its gap to clean FedAvg.
 *
 * <p>Each defence is told the attack's size as its paper assumes ({@link StrategySpec#tolerating}: Krum's, Multi-Krum's
 * and Bulyan's f = K, trimmed mean's β = K/n), or {@code --byzantine F}'s bound instead; a defence that cannot tolerate
 * it (Bulyan needs n ≥ 4f + 3) is a cell marked n/a with the rule, not an error. With {@code --csv FILE} every finished
 * run is appended at once, and an invocation given the same file runs only the cells it lacks.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Attacks × defences × partitions × seeds: final test accuracy, mean ± sd over the seeds, and each "
                + "cell's gap to clean FedAvg; --csv resumes an interrupted matrix.")
final class RobustnessBenchCommand implements Callable<Integer> {

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ExperimentArgs experimentArgs;

    /** Every attack, K = 3 (the 3 of 10). */
    static final String DEFAULT_ATTACKS = "signflip:3:10,gaussian:3:1,labelflip:3,alie:3,ipm:3:0.5,fang-krum:3,fang-trimmed:3";
    static final String DEFAULT_DEFENCES = "fedavg,krum,multi-krum,trimmed-mean,fedmedian,bulyan,geometric-median,"
            + "centered-clipping,norm-bounding";

    @Option(names = "--attacks", paramLabel = "LIST", split = ",",
            description = "Attacks, comma-separated KIND:K[:P] (default: --attack's one if given, else " + DEFAULT_ATTACKS + ").")
    List<String> attacks;

    @Option(names = {"--defences", "--strategies"}, paramLabel = "LIST", split = ",", defaultValue = DEFAULT_DEFENCES,
            description = "Aggregation rules run under each attack, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> defences;

    @Option(names = "--partitions", paramLabel = "LIST", split = ",",
            description = "Partitions, comma-separated iid, dirichlet:ALPHA, shards, quantity:ALPHA (default: "
                    + "--partition's one if given, else iid,dirichlet:0.5,dirichlet:0.1).")
    List<String> partitions;

    @Option(names = "--seeds", paramLabel = "S", defaultValue = "3",
            description = "Seeds per cell: --seed, --seed + 1, … (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Append each run's row here as it finishes; cells already in the file are not run again.")
    Path csv;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the tables as Markdown here.")
    Path markdown;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Content store and chain state (default: a new temporary directory, deleted after).")
    Path workDir;

    /** A partition of the matrix: its label and partitioner. */
    private record Split(String label, Partitioner partitioner) { }

    // the state of one invocation: the rows so far (read from --csv, then appended), their cells, the console
    private final List<Row> rows = new ArrayList<>();
    private final Set<String> done = new HashSet<>();
    private PrintStream out;
    private int index;
    private int cells;

    @Override
    public Integer call() throws Exception {
        out = System.out;
        if (seeds < 1 || seeds > 100) throw new IllegalArgumentException("--seeds must be 1..100, got " + seeds);
        ExperimentConfig given = experimentArgs.config();
        List<String> attackTexts = attacks != null ? attacks
                : given.attack().active() ? List.of(given.attack().describe()) : List.of(DEFAULT_ATTACKS.split(","));
        Map<String, AttackPlan> plans = new LinkedHashMap<>();
        for (String a : attackTexts) {
            AttackPlan plan = AttackPlan.parse(a.strip());
            if (!plan.active()) throw new IllegalArgumentException("--attacks: '" + a + "' has no attacker");
            plans.put(plan.describe(), plan);
        }
        List<Split> splits = splits(given);
        ExperimentConfig base = given.withAttack(AttackPlan.none()).withStrategy(StrategySpec.fedAvg());
        int n = base.clientsPerRound();
        DatasetSplit data = datasetArgs.load(base.seed(), null);
        ModelKind kind = experimentArgs.modelKind();
        ModelSpec spec = kind.spec(data);
        cells = splits.size() * seeds * (1 + plans.size() * defences.size());
        out.printf(Locale.ROOT, "dataset %s: %d training rows over %d clients, %d per round; model %s; %d rounds, E=%d, "
                        + "B=%d; %d partition(s) × %d seed(s) × (clean + %d attack(s) × %d defence(s)) = %d runs%n",
                data.train().name(), data.train().size(), base.clients(), n, kind.cliName(), base.rounds(),
                base.localEpochs(), base.batchSize(), splits.size(), seeds, plans.size(), defences.size(), cells);

        if (csv != null) rows.addAll(RobustnessMatrix.read(csv));
        rows.forEach(r -> done.add(r.key()));
        if (!done.isEmpty()) out.printf(Locale.ROOT, "resuming from %s: %d run(s) already there%n", csv, done.size());

        Path dir = workDir != null ? workDir : Files.createTempDirectory("defl-bench-robustness");
        DatasetSplit seeded = data;
        data = null; // one split held at a time: the first seed's is replaced by the next
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            FederatedExperiment experiment = new FederatedExperiment(workspace, experimentArgs.computeDevice(),
                    experimentArgs.clientParallelism());
            // seeds outermost: each seed's split is loaded once and only one is held at a time
            for (int s = 0; s < seeds; s++) {
                long seed = base.seed() + s;
                if (s > 0) {
                    seeded = null;
                    seeded = datasetArgs.load(seed, null);
                }
                for (Split split : splits) {
                    ExperimentConfig cfg = base.withPartitioner(split.partitioner()).withSeed(seed);
                    run(experiment, cfg, seeded, spec, split.label(), RobustnessMatrix.CLEAN, "fedavg", null);
                    for (var attack : plans.entrySet()) {
                        for (String d : defences) {
                            StrategySpec defence;
                            String refused = null;
                            try {
                                int f = experimentArgs.strategyOptions.byzantine != null
                                        ? experimentArgs.strategyOptions.byzantine : Math.min(attack.getValue().clients(), n);
                                defence = StrategySpec.of(d.strip()).tolerating(f, n);
                                if (!"fedavg".equals(defence.name())) defence.checkTolerates(f, n);
                            } catch (IllegalArgumentException e) {
                                if (!StrategySpec.NAMES.contains(d.strip())) throw e;
                                defence = null;
                                refused = e.getMessage();
                            }
                            run(experiment, defence == null ? null : cfg.withStrategy(defence).withAttack(attack.getValue()),
                                    seeded, spec, split.label(), attack.getKey(), d.strip(), refused);
                        }
                    }
                }
            }
        } finally {
            if (workDir == null) TempDirs.deleteRecursively(dir);
        }
        List<String> attackRows = new ArrayList<>(List.of(RobustnessMatrix.CLEAN));
        attackRows.addAll(plans.keySet());
        String md = RobustnessMatrix.markdown(rows, splits.stream().map(Split::label).toList(), attackRows,
                defences.stream().map(String::strip).toList(), 3, 5);
        out.println();
        out.print(md);
        if (markdown != null) Files.writeString(markdown, md, StandardCharsets.UTF_8);
        return 0;
    }

    /** Runs one cell unless {@code done} has it (or {@code config} is null: the defence refused, {@code refused} why). */
    private void run(FederatedExperiment experiment, ExperimentConfig config, DatasetSplit data, ModelSpec spec,
                     String partition, String attack, String defence, String refused) throws Exception {
        index++;
        long seed = config != null ? config.seed() : -1;
        String prefix = String.format(Locale.ROOT, "[%d/%d] %s, seed %s, %s, %s", index, cells, partition,
                config != null ? Long.toString(seed) : "-", attack, defence);
        Row row;
        if (config == null) {
            // a refused cell is recorded once per partition and attack, under the first seed
            row = new Row(partition, experimentArgs.seed, attack, defence, null, 0, refused);
            if (done.contains(row.key())) return;
            out.printf(Locale.ROOT, "%s: n/a (%s)%n", prefix, refused);
        } else {
            if (done.contains(new Row(partition, seed, attack, defence, null, 0, null).key())) return;
            long t0 = System.nanoTime();
            RunReport report = experiment.run(config, data, spec, new RunListener() { }, () -> false);
            double accuracy = report.rounds().getLast().testAccuracy();
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "%s: %.2f %% (per round %s; %.1f s)%n", prefix, accuracy * 100, report.rounds().stream()
                    .map(r -> String.format(Locale.ROOT, "%.2f", r.testAccuracy() * 100)).toList(), seconds);
            row = new Row(partition, seed, attack, defence, accuracy, Math.round(seconds * 10) / 10.0, "");
        }
        if (!done.add(row.key())) return;
        rows.add(row);
        if (csv != null) RobustnessMatrix.append(csv, row);
    }

    /** {@code --partitions}, else {@code --partition}'s one when given, else IID and Dirichlet α = 0.5 and 0.1. */
    private List<Split> splits(ExperimentConfig given) {
        List<String> texts = partitions != null ? partitions
                : !"iid".equals(experimentArgs.partition) || experimentArgs.alpha != null ? null
                : List.of("iid", "dirichlet:0.5", "dirichlet:0.1");
        if (texts == null) return List.of(new Split(label(given.partitioner()), given.partitioner()));
        List<Split> out = new ArrayList<>();
        for (String t : texts) {
            String[] parts = t.strip().split(":", -1);
            double alpha = Partitioner.DEFAULT_ALPHA;
            if (parts.length > 2) throw new IllegalArgumentException("--partitions: '" + t + "' must be KIND or KIND:ALPHA");
            if (parts.length == 2) {
                try {
                    alpha = Double.parseDouble(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--partitions: α '" + parts[1] + "' in '" + t + "' is not a number", e);
                }
            }
            Partitioner p = Partitioner.of(parts[0], alpha, Partitioner.DEFAULT_MIN_PARTITION_SIZE);
            out.add(new Split(label(p), p));
        }
        return out;
    }

    private static String label(Partitioner p) {
        return switch (p) {
            case Partitioner.Dirichlet d -> "dirichlet α=" + fmt(d.alpha());
            case Partitioner.QuantitySkew q -> "quantity α=" + fmt(q.alpha());
            default -> p.kind();
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
