package dev.defl.app;

import dev.defl.engine.io.AtomicFiles;
import dev.defl.engine.runs.RunCsv;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunNames;
import dev.defl.engine.runs.RunRecord;
import dev.defl.engine.runs.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code defl runs ls|show|export}: reads the data directory's run database ({@value RunDatabase#FILE_NAME}), where
 * every run of the window or {@code defl run} is kept. Never creates a data directory or a database.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List, show and export the runs kept in the data directory's run database (runs.db).",
                "The schema is documented in docs/run-database.md: open the file from Python's sqlite3 or DuckDB too."},
        subcommands = {RunsCommand.Ls.class, RunsCommand.Show.class, RunsCommand.Export.class})
final class RunsCommand {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    @ParentCommand
    DeflCommand parent;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The data directory (default: the top-level --data-dir, then the default data directory).")
    Path dataDir;

    /**
     * The run database of the data directory, which must exist.
     *
     * @throws IllegalArgumentException naming the directory when it or its run database does not exist
     */
    RunDatabase open() throws IOException {
        Path dir = ExistingDataDirectory.require(dataDir != null ? dataDir
                : parent.window.dataDir != null ? parent.window.dataDir : DataDirectory.defaultPath());
        if (!Files.isRegularFile(dir.resolve(RunDatabase.FILE_NAME))) {
            throw new IllegalArgumentException("no run database in " + dir.toAbsolutePath()
                    + " (no run has been kept there yet: runs of the window and of `defl run` are)");
        }
        return RunDatabase.open(dir);
    }

    /** Run {@code id} of {@code db}. @throws IllegalArgumentException naming the id when there is no such run */
    static RunRecord require(RunDatabase db, long id) throws IOException {
        return db.reads().run(id).orElseThrow(() -> new IllegalArgumentException("no run " + id + " in " + db.file()
                + " (`defl runs ls` lists them)"));
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "One line per run, newest first.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        RunsCommand runs;

        @Option(names = "--all", description = "Also list runs deleted in a window that is still open.")
        boolean all;

        @Override
        public Integer call() throws Exception {
            try (RunDatabase db = runs.open()) {
                List<RunSummary> list = db.reads().runs(all);
                PrintStream out = System.out;
                out.printf(Locale.ROOT, "%5s  %-24s %-11s %-10s %-7s %-9s %7s %8s %8s %9s  %s%n", "ID", "NAME", "STATUS",
                        "DATASET", "MODEL", "STRATEGY", "ROUNDS", "BEST", "FINAL", "DURATION", "STARTED (UTC)");
                Instant now = Instant.now();
                for (RunSummary s : list) {
                    var p = s.params();
                    out.printf(Locale.ROOT, "%5d  %-24s %-11s %-10s %-7s %-9s %7s %8s %8s %9s  %s%n", s.id(), cut(s.name(), 24),
                            s.status().label() + (s.deletedAt() != null ? "*" : ""), cut(nz(p.datasetName()), 10), cut(nz(p.model()), 7),
                            cut(nz(p.strategy()), 9), s.roundsDone() + "/" + (p.rounds() == null ? "?" : p.rounds()),
                            metric(s, s.bestMetric()), metric(s, s.finalMetric()), duration(s.duration(now)), STARTED.format(s.startedAt()));
                }
                if (list.isEmpty()) System.err.println("no runs kept in " + db.file() + " yet");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A run's parameters, its task on chain and its rounds (metrics, gas, time split, global CID).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        RunsCommand runs;

        @Parameters(paramLabel = "ID", description = "The run's id (first column of `defl runs ls`).")
        long id;

        @Override
        public Integer call() throws Exception {
            try (RunDatabase db = runs.open()) {
                RunRecord run = require(db, id);
                RunSummary s = run.summary();
                PrintStream out = System.out;
                out.printf(Locale.ROOT, "run %d  %s  (%s)%n", s.id(), s.name(), s.status().label()
                        + (s.error() != null ? ": " + s.error() : ""));
                out.printf(Locale.ROOT, "  %-18s %s%n", "started", s.startedAt());
                if (s.endedAt() != null) out.printf(Locale.ROOT, "  %-18s %s (%s)%n", "ended", s.endedAt(), duration(s.duration(Instant.now())));
                for (Map.Entry<String, String> e : s.params().describe().entrySet()) {
                    if (s.params().strategyParams().containsKey(e.getKey())) continue; // in the strategy's label
                    String value = e.getKey().equals("strategy") ? s.params().strategyLabel() : e.getValue();
                    out.printf(Locale.ROOT, "  %-18s %s%n", e.getKey(), value);
                }
                if (s.taskId() != null) {
                    out.printf(Locale.ROOT, "  %-18s chain %d, contract %s, task %d%n", "task", s.chainId(), s.contract(), s.taskId());
                    out.printf(Locale.ROOT, "  %-18s %s%n", "spec", s.specCid());
                    out.printf(Locale.ROOT, "  %-18s %s%n", "initial model", s.initialModel());
                }
                for (RunRecord.Participant p : run.participants()) {
                    out.printf(Locale.ROOT, "  %-18s %s%n", p.role() + " " + (p.role().equals("client") ? Integer.toString(p.index() + 1) : RunNames.letter(p.index())), p.address());
                }
                boolean dp = s.params().dpNoise() != null;
                out.printf(Locale.ROOT, "%nround  %9s %9s %12s %7s  %-29s %s%s%n", s.regression() ? "RMSE" : "accuracy", "loss", "gas",
                        "updates", "time: train/submit/aggr/eval s", dp ? String.format(Locale.ROOT, "%8s  ", "ε") : "", "global model");
                for (RunRecord.RoundRow r : run.rounds()) {
                    long updates = run.transactions().stream().filter(t -> t.round() == r.round() && t.kind().equals("update")).count();
                    String metric = s.regression() ? fmt(r.testRmse(), "%.4f") : r.testAccuracy() == null ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy());
                    out.printf(Locale.ROOT, "%5d  %9s %9s %12s %7d  %-29s %s%s%n", r.round(), metric, fmt(r.testLoss(), "%.4f"),
                            r.gasUsed() == null ? "—" : String.format(Locale.ROOT, "%,d", r.gasUsed()), updates,
                            fmt(r.trainSeconds(), "%.2f") + "/" + fmt(r.submitSeconds(), "%.2f") + "/" + fmt(r.aggregateSeconds(), "%.2f")
                                    + "/" + fmt(r.evalSeconds(), "%.2f"),
                            dp ? String.format(Locale.ROOT, "%8s  ", fmt(r.epsilon(), "%.2f")) : "", // ε (δ above), after this round
                            r.globalCid() == null ? "(open)" : r.globalCid());
                }
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "A run's per-round figures (or with --epochs its per-client epochs) as CSV.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        RunsCommand runs;

        @Parameters(paramLabel = "ID", description = "The run's id.")
        long id;

        @Option(names = "--csv", required = true, description = "Write CSV (RFC 4180, a header row).")
        boolean csv;

        @Option(names = "--epochs", description = "One row per client and local epoch instead of per round.")
        boolean epochs;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (default: standard output).")
        Path output;

        @Override
        public Integer call() throws Exception {
            try (RunDatabase db = runs.open()) {
                RunRecord run = require(db, id);
                if (output == null) {
                    try (Writer w = new BufferedWriter(new OutputStreamWriter(runs.parent.contentStdout(), StandardCharsets.UTF_8))) {
                        write(run, w);
                    }
                } else {
                    OutputFiles.requireWritable(output, "--output");
                    Path parentDir = output.toAbsolutePath().getParent();
                    if (parentDir != null) Files.createDirectories(parentDir);
                    AtomicFiles.write(output, out -> { // a reader never sees half a file
                        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                        write(run, w);
                        w.flush();
                    });
                }
            }
            return 0;
        }

        private void write(RunRecord run, Writer w) throws IOException {
            if (epochs) RunCsv.writeEpochs(run, w);
            else RunCsv.writeRounds(run, w);
        }
    }

    private static String metric(RunSummary s, Double v) {
        if (v == null) return "—";
        return s.regression() ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String fmt(Double v, String pattern) {
        return v == null ? "—" : String.format(Locale.ROOT, pattern, v);
    }

    private static String duration(Duration d) {
        if (d == null) return "—";
        long s = d.toSeconds();
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
                : s < 3600 ? String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %d min", s / 3600, s % 3600 / 60);
    }

    private static String nz(String s) {
        return s == null ? "—" : s;
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
