package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fang et al.'s attack on the trimmed mean and the median, full-knowledge variant (Fang, Cao, Jia, Gong 2020, "Local
 * Model Poisoning Attacks to Byzantine-Robust Federated Learning", USENIX Security, Section 4.2). For each coordinate
 * {@code j}, {@code s_j} is the sign of the benign models' mean change {@code mean(benign_j) − global_j} (the direction
 * the global model would move without the attack; 0 counts as +1), and {@code w_max,j}, {@code w_min,j} the largest
 * and smallest benign values. Each malicious client draws its value uniformly:
 * <ul>
 *   <li>{@code s_j = −1} (the parameter would fall): from {@code [w_max,j, b·w_max,j]} if {@code w_max,j > 0}, else
 *   from {@code [w_max,j / b, w_max,j]}: just above every benign value;</li>
 *   <li>{@code s_j = +1}: from {@code [w_min,j / b, w_min,j]} if {@code w_min,j > 0}, else from
 *   {@code [b·w_min,j, w_min,j]}: just below every benign value.</li>
 * </ul>
 * The trimmed mean and the median then move each coordinate against its direction of progress. Knowledge:
 * {@link Knowledge#HONEST}. Random draws: {@link java.util.Random} seeded by the experiment's seed, the round and the
 * attacker, coordinates in tensor-name then row-major order.
 *
 * @param b the paper's {@code b > 1} (default 2)
 */
public record FangTrimmedMean(double b) implements Attack {
    /** The paper's b. */
    public static final double DEFAULT_B = 2;

    public FangTrimmedMean {
        if (!(b > 1) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("Fang's b must be a finite number > 1, got " + b);
        }
    }

    @Override
    public String kind() {
        return "fang-trimmed";
    }

    @Override
    public Knowledge knowledge() {
        return Knowledge.HONEST;
    }

    @Override
    public ModelWeights craft(AttackRound round, ModelWeights trained) {
        Checks.shapes(round, trained);
        Checks.needBenign(kind(), round);
        Random random = Checks.random(round, 0x66616e67L);
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : round.global().tensors().entrySet()) {
            float[] g = e.getValue().values();
            int size = g.length;
            double[] sum = new double[size], max = new double[size], min = new double[size];
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            for (ModelWeights w : round.benign()) {
                float[] v = w.tensor(e.getKey()).values();
                for (int i = 0; i < size; i++) {
                    sum[i] += v[i];
                    if (v[i] > max[i]) max[i] = v[i];
                    if (v[i] < min[i]) min[i] = v[i];
                }
            }
            int k = round.benign().size();
            float[] p = new float[size];
            for (int i = 0; i < size; i++) {
                boolean falling = sum[i] / k - g[i] < 0;
                double lo, hi;
                if (falling) {
                    lo = max[i] > 0 ? max[i] : max[i] / b;
                    hi = max[i] > 0 ? b * max[i] : max[i];
                } else {
                    lo = min[i] > 0 ? min[i] / b : b * min[i];
                    hi = min[i];
                }
                p[i] = (float) (lo + (hi - lo) * random.nextDouble());
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), p));
        }
        return new ModelWeights(out);
    }

    @Override
    public String describe() {
        return b == DEFAULT_B ? kind() : kind() + ":" + Checks.number(b);
    }
}
