package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Argument checks and the per-coordinate statistics the attacks share. */
final class Checks {
    private Checks() {
    }

    static void positive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, got " + value);
        }
    }

    static void shapes(AttackRound round, ModelWeights trained) {
        if (!round.global().sameShapes(trained)) {
            throw new IllegalArgumentException("trained weights " + trained + " do not match the global model "
                    + round.global());
        }
    }

    static void needBenign(String kind, AttackRound round) {
        if (round.benign().isEmpty()) {
            throw new IllegalArgumentException(kind + " needs the benign models the attackers know; none given");
        }
    }

    /** A generator for this round and attacker: the experiment's seed, the round, the attacker and a per-attack salt. */
    static Random random(AttackRound round, long salt) {
        long s = round.seed() * 0x9E3779B97F4A7C15L + round.round() * 0xC2B2AE3D27D4EB4FL
                + round.attacker() * 0x165667B19E3779F9L + salt;
        return new Random(s);
    }

    /** The shortest decimal text of {@code value} ({@code 10}, not {@code 10.0}). */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * Per-coordinate mean and population standard deviation of the benign deltas {@code benign_k − global}, tensors in
     * name order, each row-major; sums in {@code double} in list order.
     */
    record DeltaStats(Map<String, double[]> mean, Map<String, double[]> std) {
    }

    static DeltaStats deltaStats(ModelWeights global, List<ModelWeights> benign) {
        Map<String, double[]> mean = new TreeMap<>(), std = new TreeMap<>();
        int k = benign.size();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            float[] g = e.getValue().values();
            double[] m = new double[g.length], s = new double[g.length];
            for (ModelWeights b : benign) {
                float[] w = b.tensor(e.getKey()).values();
                for (int i = 0; i < g.length; i++) m[i] += (double) w[i] - g[i];
            }
            for (int i = 0; i < g.length; i++) m[i] /= k;
            for (ModelWeights b : benign) {
                float[] w = b.tensor(e.getKey()).values();
                for (int i = 0; i < g.length; i++) {
                    double d = (double) w[i] - g[i] - m[i];
                    s[i] += d * d;
                }
            }
            for (int i = 0; i < g.length; i++) s[i] = Math.sqrt(s[i] / k);
            mean.put(e.getKey(), m);
            std.put(e.getKey(), s);
        }
        return new DeltaStats(mean, std);
    }

    /**
     * {@code global + a·μ + b·σ} coordinate by coordinate, {@code μ} and {@code σ} the benign deltas' mean and
     * population standard deviation ({@link #deltaStats}): ALIE is {@code a = 1, b = −z}, IPM {@code a = −ε, b = 0}.
     */
    static ModelWeights shiftedByStats(AttackRound round, double a, double b) {
        DeltaStats stats = deltaStats(round.global(), round.benign());
        Map<String, double[]> delta = new TreeMap<>();
        for (Map.Entry<String, double[]> e : stats.mean().entrySet()) {
            double[] m = e.getValue(), s = stats.std().get(e.getKey());
            double[] d = new double[m.length];
            for (int i = 0; i < m.length; i++) d[i] = a * m[i] + b * s[i];
            delta.put(e.getKey(), d);
        }
        return plus(round.global(), delta);
    }

    /** {@code global + delta}, each coordinate rounded to {@code float} once. */
    static ModelWeights plus(ModelWeights global, Map<String, double[]> delta) {
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            float[] g = e.getValue().values();
            double[] d = delta.get(e.getKey());
            float[] p = new float[g.length];
            for (int i = 0; i < g.length; i++) p[i] = (float) (g[i] + d[i]);
            out.put(e.getKey(), new Tensor(e.getValue().shape(), p));
        }
        return new ModelWeights(out);
    }
}
