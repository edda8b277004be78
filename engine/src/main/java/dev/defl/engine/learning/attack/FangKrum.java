package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.Krum;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.WeightedUpdate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fang et al.'s attack on Krum, full-knowledge variant (Fang, Cao, Jia, Gong 2020, "Local Model Poisoning Attacks to
 * Byzantine-Robust Federated Learning", USENIX Security, Section 4.1). Every malicious client submits the same model
 * {@code w' = global − λ·s}, {@code s} the sign vector of the benign models' mean change (0 counts as +1): a step
 * against the direction of progress on every coordinate, as long as Krum still selects it. {@code λ} starts at the
 * paper's upper bound
 * <pre>
 *   λ₀ = 1 / ((m − 2c − 1)·√d) · min_i Σ_{l ∈ Γ_i} D(w_l, w_i)  +  1/√d · max_i D(w_i, global)
 * </pre>
 * ({@code m} the round's updates, {@code c} the malicious ones, {@code d} the parameters, {@code i} over the benign
 * models, {@code Γ_i} the {@code m − c − 2} benign models nearest {@code w_i}, {@code D} the Euclidean distance; the
 * first term is left out when {@code m − 2c − 1 <= 0}) and is halved until {@link Krum} with {@code f = c}, run on the
 * benign models and {@code c} copies of {@code w'}, selects a copy, or until {@code λ <} {@value #MIN_LAMBDA} (then
 * {@code w'} uses that last {@code λ}: the attack failed to be selected). Knowledge: {@link Knowledge#HONEST}.
 */
public record FangKrum() implements Attack {
    /** The paper's stopping threshold for λ. */
    public static final double MIN_LAMBDA = 1e-5;

    @Override
    public String kind() {
        return "fang-krum";
    }

    @Override
    public Knowledge knowledge() {
        return Knowledge.HONEST;
    }

    @Override
    public ModelWeights craft(AttackRound round, ModelWeights trained) {
        Checks.shapes(round, trained);
        Checks.needBenign(kind(), round);
        return craft(round, lambdaZero(round));
    }

    /** The model for {@code λ} after halving from {@code start} until Krum selects it (or the threshold). */
    private static ModelWeights craft(AttackRound round, double start) {
        List<ModelWeights> benign = round.benign();
        int c = round.attackers();
        Map<String, double[]> sign = signs(round);
        double lambda = start;
        ModelWeights candidate = step(round.global(), sign, lambda);
        if (benign.size() < 3) return candidate; // Krum with f = c needs c + 3 updates: nothing to tune against
        while (lambda >= MIN_LAMBDA) {
            candidate = step(round.global(), sign, lambda);
            List<WeightedUpdate> all = new ArrayList<>();
            for (ModelWeights w : benign) all.add(new WeightedUpdate(w, 1));
            for (int i = 0; i < c; i++) all.add(new WeightedUpdate(candidate, 1));
            if (Krum.krum(c).select(all).getFirst() >= benign.size()) return candidate;
            lambda /= 2;
        }
        return candidate;
    }

    /** The paper's upper bound λ₀ (0 when the benign models all equal the global model). */
    static double lambdaZero(AttackRound round) {
        List<ModelWeights> benign = round.benign();
        int m = round.clients(), c = round.attackers();
        double d = round.global().parameterCount();
        int k = benign.size();
        double maxToGlobal = 0;
        for (ModelWeights w : benign) maxToGlobal = Math.max(maxToGlobal, Math.sqrt(squared(w, round.global())));
        double first = 0;
        int near = m - c - 2;
        if (m - 2 * c - 1 > 0 && near >= 1 && k >= 2) {
            double minSum = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                double[] dist = new double[k - 1];
                int x = 0;
                for (int l = 0; l < k; l++) if (l != i) dist[x++] = Math.sqrt(squared(benign.get(l), benign.get(i)));
                java.util.Arrays.sort(dist);
                double s = 0;
                for (int l = 0; l < Math.min(near, dist.length); l++) s += dist[l];
                minSum = Math.min(minSum, s);
            }
            first = minSum / ((m - 2 * c - 1) * Math.sqrt(d));
        }
        return first + maxToGlobal / Math.sqrt(d);
    }

    private static Map<String, double[]> signs(AttackRound round) {
        Checks.DeltaStats stats = Checks.deltaStats(round.global(), round.benign());
        Map<String, double[]> sign = new TreeMap<>();
        for (Map.Entry<String, double[]> e : stats.mean().entrySet()) {
            double[] m = e.getValue();
            double[] s = new double[m.length];
            for (int i = 0; i < m.length; i++) s[i] = m[i] < 0 ? -1 : 1;
            sign.put(e.getKey(), s);
        }
        return sign;
    }

    private static ModelWeights step(ModelWeights global, Map<String, double[]> sign, double lambda) {
        Map<String, double[]> delta = new TreeMap<>();
        for (Map.Entry<String, double[]> e : sign.entrySet()) {
            double[] s = e.getValue();
            double[] d = new double[s.length];
            for (int i = 0; i < s.length; i++) d[i] = -lambda * s[i];
            delta.put(e.getKey(), d);
        }
        return Checks.plus(global, delta);
    }

    private static double squared(ModelWeights a, ModelWeights b) {
        double s = 0;
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            float[] x = e.getValue().values(), y = b.tensor(e.getKey()).values();
            for (int i = 0; i < x.length; i++) {
                double diff = (double) x[i] - y[i];
                s += diff * diff;
            }
        }
        return s;
    }

    @Override
    public String describe() {
        return kind();
    }
}
