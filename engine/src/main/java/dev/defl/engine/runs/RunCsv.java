package dev.defl.engine.runs;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * A recorded run as CSV (RFC 4180: comma-separated, a field quoted when it holds a comma, quote or line break,
 * {@code \n} line ends, a header row first): one row per round ({@link #writeRounds}) or one per client and local epoch
 * ({@link #writeEpochs}). Shared by the Runs pane's export and {@code defl runs export}. Numbers are Java's shortest
 * round-trip decimals; an absent figure is an empty field. The caller owns (and closes) the writer.
 */
public final class RunCsv {

    /**
     * Header of {@link #writeRounds}: test accuracy in [0, 1], test loss (cross-entropy; MSE for regression), RMSE and
     * MAE in target units, R²; gas in gas units; times ISO-8601 UTC instants; the {@code *_seconds} columns the time
     * split of {@link RunRecord.RoundRow} in seconds; {@code updates} the number of client updates recorded;
     * {@code epsilon} the DP ε spent up to the round ({@code Infinity} for noise multiplier 0; empty without DP).
     */
    public static final String ROUNDS_HEADER = "run_id,run_name,round,opened_at,finalized_at,global_cid,test_accuracy,"
            + "test_loss,test_rmse,test_mae,test_r2,finalized_block,gas_used,train_seconds,submit_seconds,"
            + "aggregate_seconds,eval_seconds,updates,epsilon";

    /** Header of {@link #writeEpochs}: {@code client} 1-based, {@code epoch} 1-based within the round, accuracy in [0, 1]. */
    public static final String EPOCHS_HEADER = "run_id,run_name,round,client,epoch,train_loss,train_accuracy";

    private RunCsv() {
    }

    /**
     * Writes {@value #ROUNDS_HEADER} and one row per round of {@code run}, in round order (an open round has empty
     * figures).
     *
     * @throws IOException when {@code out} fails
     */
    public static void writeRounds(RunRecord run, Writer out) throws IOException {
        out.write(ROUNDS_HEADER);
        out.write('\n');
        RunSummary s = run.summary();
        for (RunRecord.RoundRow r : run.rounds()) {
            long updates = run.transactions().stream().filter(t -> t.round() == r.round() && t.kind().equals("update")).count();
            row(out, s.id(), s.name(), r.round(), instant(r.openedAt()), instant(r.finalizedAt()), r.globalCid(),
                    r.testAccuracy(), r.testLoss(), r.testRmse(), r.testMae(), r.testR2(), r.finalizedBlock(), r.gasUsed(),
                    r.trainSeconds(), r.submitSeconds(), r.aggregateSeconds(), r.evalSeconds(), updates,
                    r.epsilon() != null && r.epsilon().isInfinite() ? "Infinity" : r.epsilon());
        }
    }

    /**
     * Writes {@value #EPOCHS_HEADER} and one row per client and local epoch of {@code run}, by round, client, epoch.
     *
     * @throws IOException when {@code out} fails
     */
    public static void writeEpochs(RunRecord run, Writer out) throws IOException {
        out.write(EPOCHS_HEADER);
        out.write('\n');
        RunSummary s = run.summary();
        for (RunRecord.EpochRow e : run.epochs()) {
            row(out, s.id(), s.name(), e.round(), e.client() + 1, e.epoch(), e.loss(), e.accuracy());
        }
    }

    private static void row(Writer out, Object... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) out.write(',');
            out.write(field(fields[i]));
        }
        out.write('\n');
    }

    private static String instant(Instant at) {
        return at == null ? null : at.toString();
    }

    /** Empty for null and non-finite numbers; doubles as shortest round-trip decimals; text quoted when needed. */
    static String field(Object value) {
        if (value == null) return "";
        if (value instanceof Double d) return Double.isFinite(d) ? Double.toString(d) : "";
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
