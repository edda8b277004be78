package dev.defl.app;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.keys.OpeningContentStore;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.privacy.DpSetting;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.protocol.RunReportExport;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.runs.RecordedExperiment;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code defl run}: one federated experiment, headless, one line per finalized round. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a federated experiment: clients train, updates go to the content store, rounds finalize on chain.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ExperimentArgs experimentArgs;

    @Mixin
    DpOptions dpOptions;

    @Mixin
    PrivateUpdatesOption privateUpdatesOption;

    @Mixin
    CommitModeOption commitModeOption;

    @Mixin
    WorkspaceOption workspaceOption;

    /** Opens an encrypted dataset ({@code --dataset cid:…} of an envelope) with the user's keystore. */
    @Mixin
    AccountOption account;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the run report (JSON) here (checked writable before the run starts; missing directories are created).")
    Path report;

    @Option(names = "--report-csv", paramLabel = "FILE",
            description = "Write the per-round metrics (CSV, one row per round) here (checked as --report).")
    Path reportCsv;

    /**
     * Runs the experiment.
     *
     * @throws IllegalArgumentException before anything starts, for options out of range (e.g. {@code --rounds}
     *                                  over {@link ExperimentArgs#MAX_ROUNDS}) or a report path that cannot be written
     */
    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = experimentArgs.config().withDp(dpOptions.setting())
                .withPrivateUpdates(privateUpdatesOption.privateUpdates);
        // the reports are written after the whole run: find out now, not after it, that they cannot be
        config.robustnessWarning().ifPresent(w -> System.err.println("warning: " + w));
        var commitMode = commitModeOption.mode();
        if (report != null) OutputFiles.requireWritable(report, "--report");
        if (reportCsv != null) OutputFiles.requireWritable(reportCsv, "--report-csv");
        int parallelism = experimentArgs.clientParallelism(); // checked before anything starts
        ComputeDevice compute = experimentArgs.computeDevice();
        ModelKind kind = experimentArgs.modelKind();
        // a dataset named by CID is read from the workspace's content store once it is open; any other loads (and fails) before the chain starts
        boolean byCid = datasetArgs.byCid();
        DatasetSplit local = byCid ? null : datasetArgs.load(config.seed(), null);
        ModelSpec localSpec = byCid ? null : kind.spec(local);
        PrintStream out = System.out;
        try (Workspace workspace = workspaceOption.open(parent)) {
            workspace.abandonedTasks().forEach(a -> System.err.println("warning: " + a.describe()));
            DatasetSplit data = byCid ? datasetArgs.load(config.seed(), new OpeningContentStore(workspace.content(),
                    account.opener(workspaceOption.dir(parent), parent))) : local;
            ModelSpec spec = byCid ? kind.spec(data) : localSpec;
            out.printf(Locale.ROOT, "dataset %s: %d training rows over %d clients, %d test rows; model %s, %,d parameters%n", data.train().name(),
                    data.train().size(), config.clients(), data.test().size(), kind.cliName(), spec.parameterCount());
            long started = System.nanoTime();
            RunReport result;
            try (RunDatabase runs = CliRunDatabase.open(workspace)) {
                ExperimentRunner runner = new FederatedExperiment(workspace, compute, parallelism).withCommitMode(commitMode);
                if (runs != null) runner = new RecordedExperiment(runner, runs, workspace.content(), compute.name());
                result = runner.run(config, data, spec, new ConsoleListener(out, config.dp()), () -> false);
            }
            if (report != null) RunReportExport.writeJson(result, report);
            if (reportCsv != null) RunReportExport.writeCsv(result, reportCsv);
            out.printf(Locale.ROOT, "%d rounds finalized on chain %d, contract %s task %d, in %.1f s%s%s%n", result.rounds().size(),
                    result.chainId(), result.contract(), result.taskId(), (System.nanoTime() - started) / 1e9,
                    report != null ? "; report " + report : "", reportCsv != null ? "; per-round CSV " + reportCsv : "");
        }
        return 0;
    }

    /** Prints one line per finalized round, and progress on stderr when attached to a terminal. */
    private static final class ConsoleListener implements RunListener {
        private final PrintStream out;
        private final boolean tty = System.console() != null;
        private long roundStarted = System.nanoTime();
        private long roundSamples; // samples × epochs trained in the round
        private double roundTrainingSeconds;
        private int roundClients;
        private final DpSetting dp; // null without DP

        ConsoleListener(PrintStream out, DpSetting dp) {
            this.out = out;
            this.dp = dp;
        }

        @Override
        public void onStarted(long chainId, String contract, String rpcUrl) {
            out.printf(Locale.ROOT, "chain %d at %s, task contract %s%n", chainId, rpcUrl, contract);
        }

        @Override
        public void onPartitioned(Partitioner partitioner, PartitionSummary summary) {
            StringBuilder sizes = new StringBuilder();
            StringBuilder labels = new StringBuilder();
            int[] n = summary.sizes();
            for (int c = 0; c < summary.clients(); c++) {
                sizes.append(c == 0 ? "" : " ").append(n[c]);
                labels.append(c == 0 ? "" : " ").append(summary.labelsPresent(c));
            }
            out.printf(Locale.ROOT, "partition %s: rows per client %s; labels per client %s; mean label entropy %.2f bits%n",
                    partitioner.describe(), sizes, labels, summary.meanLabelEntropy());
        }

        @Override
        public void onDevice(String device, String warning) {
            if (warning != null) System.err.println("warning: " + warning);
            out.printf(Locale.ROOT, "device %s%n", device);
        }

        @Override
        public void onUpdateRejected(int round, String aggregator, String client, String cid, String reason) {
            if (tty) System.err.print("\r\033[K");
            System.err.printf(Locale.ROOT, "warning: round %d: aggregator %s left out %s%n", round, aggregator, reason);
        }

        @Override
        public void onUpdateScreened(int round, String aggregator, String client, String cid, String verdict,
                                     boolean suspected, String reason) {
            if (!screenedBy.computeIfAbsent(round, r -> aggregator).equals(aggregator)) return; // one aggregator's view
            if (tty) System.err.print("\r\033[K");
            System.err.printf(Locale.ROOT, "screening: round %d: client %s %s%s: %s%n", round, client,
                    verdict.toLowerCase(Locale.ROOT).replace('_', ' '), suspected ? " (suspected)" : "", reason);
        }

        /** The aggregator whose screening is printed, per round (every honest aggregator reports the same). */
        private final java.util.Map<Integer, String> screenedBy = new java.util.HashMap<>();

        @Override
        public void onRoundOpened(int round) {
            roundStarted = System.nanoTime();
            roundSamples = 0;
            roundTrainingSeconds = 0;
            roundClients = 0;
        }

        @Override
        public void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {
            roundSamples += numSamples * epochs;
            roundTrainingSeconds += seconds;
            roundClients++;
        }

        @Override
        public void onProgress(String step, double fraction) {
            if (tty) System.err.printf(Locale.ROOT, "\r\033[K[%3.0f%%] %s", fraction * 100, step);
        }

        @Override
        public void onRoundFinalized(RoundReport r) {
            long gas = r.gasUsed();
            if (tty) System.err.print("\r\033[K");
            double seconds = (System.nanoTime() - roundStarted) / 1e9;
            String throughput = String.format(Locale.ROOT, "clients %d  %,.0f samples/s", roundClients,
                    roundTrainingSeconds > 0 ? roundSamples / roundTrainingSeconds : 0.0)
                    + (r.epsilon() != null && dp != null
                    ? String.format(Locale.ROOT, "  ε %.2f (δ %s)", r.epsilon(), dp.delta()) : "")
                    + (r.clipNorm() != null ? String.format(Locale.ROOT, "  next C %.4g", r.clipNorm()) : "");
            if (r.isRegression()) {
                out.printf(Locale.ROOT, "round %d  rmse %.4f  mae %.4f  r2 %.4f  global %s  gas %,d  block %d  %.1f s  %s%n",
                        r.round(), r.testRmse(), r.testMae(), r.testR2(), r.globalModelCid(), gas, r.finalizedBlock(), seconds, throughput);
            } else {
                out.printf(Locale.ROOT, "round %d  accuracy %.2f%%  loss %.4f  global %s  gas %,d  block %d  %.1f s  %s%n",
                        r.round(), r.testAccuracy() * 100, r.testLoss(), r.globalModelCid(), gas, r.finalizedBlock(), seconds, throughput);
            }
        }
    }
}
