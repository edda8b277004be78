package dev.defl.ui.runs;

import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunKind;
import dev.defl.engine.runs.RunRecord;
import dev.defl.engine.runs.RunSummary;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.run.PastRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the window brings back from the run database after a restart: the test scores of a task's rounds (the Round
 * timeline's) and the latest experiment run (the Trainer's form and curves). Reads only; call its reads on a
 * background thread.
 */
public final class RunHistory {
    private static final Logger log = LoggerFactory.getLogger(RunHistory.class);

    private final RunDatabase db;
    private final Supplier<TaskContract> contract;

    /**
     * @param db       the run database
     * @param contract the workspace's FederatedTasks contract (may supply null before any task ran)
     */
    /**
     * Whether runs were started here, as the Trainer's first-start welcome asks: yes once the run database keeps any run
     * (the window's, {@code defl run}'s or a node's), else what {@code fallback} says; a run starting is recorded in
     * {@code fallback}. Blocks on the database: call it on a background thread.
     */
    public static PastRuns pastRuns(RunDatabase db, PastRuns fallback) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(fallback, "fallback");
        return new PastRuns() {
            @Override
            public boolean anyRunStarted() {
                try {
                    if (!db.reads().runs(true).isEmpty()) return true;
                } catch (IOException e) {
                    log.warn("cannot tell whether runs were kept: {}", e.getMessage());
                }
                return fallback.anyRunStarted();
            }

            @Override
            public void runStarted() {
                fallback.runStarted();
            }
        };
    }

    public RunHistory(RunDatabase db, Supplier<TaskContract> contract) {
        this.db = Objects.requireNonNull(db, "db");
        this.contract = Objects.requireNonNull(contract, "contract");
    }

    /**
     * The test scores the newest run of task {@code taskId} of the workspace's contract recorded.
     *
     * @return round → {test accuracy in [0, 1], test loss, R²} (NaN where absent), finalized rounds only; empty when
     *         no run of this data directory ran the task or there is no contract yet
     * @throws IOException when the database cannot be read
     */
    public Map<Integer, double[]> scores(long taskId) throws IOException {
        TaskContract c = contract.get();
        if (c == null) return Map.of();
        Optional<RunSummary> run = db.reads().forTask(c.chain().chainId(), c.address(), taskId);
        if (run.isEmpty()) return Map.of();
        Map<Integer, double[]> out = new HashMap<>();
        for (RunRecord.RoundRow r : db.reads().run(run.get().id()).map(RunRecord::rounds).orElse(java.util.List.of())) {
            if (r.finalizedAt() == null) continue;
            out.put(r.round(), new double[] {nan(r.testAccuracy()), nan(r.testLoss()), nan(r.testR2())});
        }
        return out;
    }

    /**
     * Reads the newest experiment run (not deleted) of {@code db} in the background and hands it to {@code restore}
     * on the UI thread; nothing when there is none. A failed read is logged.
     */
    public static void restoreLatest(RunDatabase db, TaskExecutor tasks, Consumer<RunRecord> restore) {
        if (db == null) return;
        tasks.execute(BackgroundTask.of(() -> {
                    Optional<RunSummary> latest = db.reads().latest(RunKind.EXPERIMENT);
                    return latest.isEmpty() ? Optional.<RunRecord>empty() : db.reads().run(latest.get().id());
                })
                .onSuccess(run -> run.ifPresent(restore))
                .onException(f -> log.warn("cannot read the latest run to restore the Trainer: {}", f.toString())));
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }
}
