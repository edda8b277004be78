package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.UpdateEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The aggregator-side screening report of a round: which updates were left out before aggregation (not a model of the
 * task, NaN/±Inf values: {@link Verdict#REJECTED}, made by {@link RoundAggregation}), which the rule discarded or
 * down-weighted ({@link AggregationStrategy#shares}), and which stand out by the norm of their delta from the global
 * model. Every honest aggregator computes the same report from the same inputs.
 *
 * <p>Norm outliers: the modified z-score {@code 0.6745·(‖d_k‖ − median)/MAD} of each delta's Euclidean norm against
 * the round's median and median absolute deviation (Iglewicz and Hoaglin 1993, "How to Detect and Handle Outliers"),
 * flagged above {@value #OUTLIER_Z}. A report, not a filter: the rule decides what counts.
 */
public final class UpdateScreening {
    /** The modified z-score above which an update's norm is reported as an outlier (Iglewicz and Hoaglin's 3.5). */
    public static final double OUTLIER_Z = 3.5;
    /** An update whose share is below this fraction of its FedAvg (sample) share is reported as down-weighted. */
    public static final double DOWN_WEIGHTED = 0.5;

    private UpdateScreening() {
    }

    /** What the screening says of one update. */
    public enum Verdict {
        /** Left out before aggregation: not a model of the task, or NaN/±Inf values. */
        REJECTED,
        /** Given no share by the rule (e.g. not selected by Krum, trust score 0 under FLTrust). */
        DISCARDED,
        /** Given less than half its FedAvg share (e.g. clipped by norm bounding). */
        DOWN_WEIGHTED,
        /** Counted as usual, but its delta's norm is far from the round's others. */
        NORM_OUTLIER
    }

    /**
     * One update the screening reports (updates it has nothing to say of are not listed).
     *
     * @param client  the submitting client's address
     * @param cid     the update
     * @param verdict what happened to it
     * @param norm    the Euclidean norm of its delta from the global model; NaN when it was rejected unread
     * @param share   its coefficient in the aggregate ({@link AggregationStrategy#shares}), NaN when the rule has none
     * @param suspected whether this counts against the client: its norm stands out, or the rule discarded or
     *                  down-weighted it while keeping most of the round's updates (Krum keeping one of n suspects no
     *                  one by that alone)
     * @param reason  why, in words, e.g. {@code "not selected by krum"}
     */
    public record ScreenedUpdate(String client, Cid cid, Verdict verdict, double norm, double share, boolean suspected,
                                 String reason) {
    }

    /**
     * Screens the updates a rule aggregated.
     *
     * @param rule    the rule that aggregated them (its {@link AggregationStrategy#shares})
     * @param entries the updates' chain entries, in the order of {@code updates}
     * @param updates the updates aggregated (read, checked), same order
     * @return the updates to report, in submission order
     * @throws IllegalArgumentException as the rule's {@link AggregationStrategy#shares}
     */
    public static List<ScreenedUpdate> screen(AggregationStrategy rule, ModelWeights global, List<UpdateEntry> entries,
                                              List<WeightedUpdate> updates) {
        int n = updates.size();
        if (n == 0) return List.of();
        double[] norms = new double[n];
        for (int k = 0; k < n; k++) norms[k] = deltaNorm(global, updates.get(k).weights());
        double median = median(norms);
        double[] deviations = new double[n];
        for (int k = 0; k < n; k++) deviations[k] = Math.abs(norms[k] - median);
        double mad = median(deviations);
        Optional<double[]> shares = rule.shares(global, updates);
        double total = 0;
        for (WeightedUpdate u : updates) total += u.numSamples();
        int kept = 0;
        for (int k = 0; k < n && shares.isPresent(); k++) {
            if (shares.get()[k] >= DOWN_WEIGHTED * updates.get(k).numSamples() / total) kept++;
        }
        boolean selective = shares.isPresent() && 2 * kept > n; // the rule kept most updates: a discard is a signal
        List<ScreenedUpdate> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double z = mad > 0 ? 0.6745 * (norms[k] - median) / mad : norms[k] > median ? Double.POSITIVE_INFINITY : 0;
            String outlier = z > OUTLIER_Z ? String.format(Locale.ROOT, "delta norm %.4g is %.1f× the round's median %.4g "
                    + "(modified z %s > %.1f)", norms[k], median > 0 ? norms[k] / median : Double.POSITIVE_INFINITY, median,
                    Double.isInfinite(z) ? "∞" : String.format(Locale.ROOT, "%.1f", z), OUTLIER_Z) : null;
            double share = shares.isPresent() ? shares.get()[k] : Double.NaN;
            double fair = updates.get(k).numSamples() / total;
            Verdict verdict = null;
            String why = null;
            if (!Double.isNaN(share) && share == 0) {
                verdict = Verdict.DISCARDED;
                why = discarded(rule.name());
            } else if (!Double.isNaN(share) && share < DOWN_WEIGHTED * fair) {
                verdict = Verdict.DOWN_WEIGHTED;
                why = String.format(Locale.ROOT, "%s gave it a share of %.2f %% (its FedAvg share: %.2f %%)", rule.name(),
                        share * 100, fair * 100);
            } else if (outlier != null) {
                verdict = Verdict.NORM_OUTLIER;
            }
            if (verdict == null) continue;
            String reason = why == null ? outlier : outlier == null ? why : why + "; " + outlier;
            UpdateEntry e = entries.get(k);
            boolean suspected = outlier != null || (verdict != Verdict.NORM_OUTLIER && selective);
            out.add(new ScreenedUpdate(e.client(), e.cid(), verdict, norms[k], share, suspected, reason));
        }
        return List.copyOf(out);
    }

    private static String discarded(String rule) {
        return switch (rule) {
            case "krum", "multi-krum" -> "not selected by " + rule + " (its distances to the others score worst)";
            case "bulyan" -> "not selected by bulyan's Krum stage";
            case "fltrust" -> "trust score 0 under fltrust: its direction does not agree with the root dataset's update";
            case "norm-bounding", "centered-clipping" -> rule + " scaled it to nothing";
            default -> rule + " gave it no share";
        };
    }

    /** ‖w − global‖ in double, tensors in name order. */
    static double deltaNorm(ModelWeights global, ModelWeights w) {
        double s = 0;
        for (var e : global.tensors().entrySet()) {
            float[] g = e.getValue().values();
            Tensor t = w.tensor(e.getKey());
            float[] v = t.values();
            for (int i = 0; i < g.length; i++) {
                double d = (double) v[i] - g[i];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
