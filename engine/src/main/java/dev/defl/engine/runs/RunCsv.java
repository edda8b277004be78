package dev.defl.engine.runs;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Locale;

/**
 * A run's figures as CSV (RFC 4180, {@code \n} line ends, a header row): {@link #writeRounds} one row per round,
 * {@link #writeEpochs} one row per client and local epoch. Numbers are Java's shortest round-trip decimals, times
 * ISO-8601 UTC; an absent figure is an empty field. Used by {@code defl runs export} and the Runs pane.
 */
public final class RunCsv {
    /** The header of {@link #writeRounds}. Accuracy in [0, 1]; seconds of wall-clock time; gas in gas units. */
    public static final String ROUNDS_HEADER = "run,round,globalModelCid,testAccuracy,testLoss,testRmse,testMae,testR2,"
            + "gasUsed,updates,trainSeconds,submitSeconds,aggregateSeconds,evalSeconds,finalizedBlock,openedAt,finalizedAt";
    /** The header of {@link #writeEpochs}. {@code client} is 1-based, as the panes show it. */
    public static final String EPOCHS_HEADER = "run,round,client,epoch,loss,accuracy";

    private RunCsv() {
    }

    /** Writes {@value #ROUNDS_HEADER} and a row per round of {@code run}. @throws IOException if writing fails */
    public static void writeRounds(RunRecord run, Writer out) throws IOException {
        long id = run.summary().id();
        out.write(ROUNDS_HEADER);
        out.write('\n');
        for (RunRecord.RoundRow r : run.rounds()) {
            long updates = run.transactions().stream().filter(t -> t.round() == r.round() && t.kind().equals("update")).count();
            out.write(String.join(",", Long.toString(id), Integer.toString(r.round()), field(r.globalCid()),
                    number(r.testAccuracy()), number(r.testLoss()), number(r.testRmse()), number(r.testMae()),
                    number(r.testR2()), number(r.gasUsed()), Long.toString(updates), number(r.trainSeconds()),
                    number(r.submitSeconds()), number(r.aggregateSeconds()), number(r.evalSeconds()),
                    number(r.finalizedBlock()), time(r.openedAt()), time(r.finalizedAt())));
            out.write('\n');
        }
    }

    /** Writes {@value #EPOCHS_HEADER} and a row per client and local epoch of {@code run}. @throws IOException if writing fails */
    public static void writeEpochs(RunRecord run, Writer out) throws IOException {
        long id = run.summary().id();
        out.write(EPOCHS_HEADER);
        out.write('\n');
        for (RunRecord.EpochRow e : run.epochs()) {
            out.write(String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s%n", id, e.round(), e.client() + 1, e.epoch(),
                    number(e.loss()), number(e.accuracy())).replace(System.lineSeparator(), "\n"));
        }
    }

    private static String number(Number v) {
        if (v == null) return "";
        if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? "" : Double.toString(d);
        return v.toString();
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }

    /** An RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, quote or line break. */
    static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
