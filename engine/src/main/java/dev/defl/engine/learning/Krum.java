package dev.defl.engine.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer 2017, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent", NeurIPS). With {@code n} updates of which up to {@code f} may be Byzantine, the score
 * of update {@code i} is the sum of the squared Euclidean distances from {@code i} to its {@code n − f − 2} nearest
 * other updates (over the whole flattened parameter vector). Krum returns the update with the lowest score;
 * Multi-Krum returns the unweighted mean of the {@code m} lowest-scoring updates ({@code m = 1} is Krum,
 * {@code m = n} the plain mean). Sample counts are ignored (a Byzantine client can lie about them).
 *
 * <p>The score needs {@code n − f − 2 >= 1}, i.e. {@code n >= f + 3}; the paper's resilience guarantee needs
 * {@code n > 2f + 2}. Distances are summed in {@code double} in tensor-name then row-major order; equal scores
 * (and equal distances when choosing neighbours) are broken by submission order (lower index first), so the choice
 * is deterministic. Stateless.
 */
public final class Krum implements AggregationStrategy {
    private final int f;
    private final int m;
    private final boolean multi;

    /**
     * @param f Byzantine clients tolerated, {@code >= 0}
     * @param m updates averaged, {@code >= 1} (1: Krum, more: Multi-Krum)
     * @throws IllegalArgumentException if {@code f < 0} or {@code m < 1}
     */
    public Krum(int f, int m) {
        this(f, m, m > 1);
        if (m < 1) throw new IllegalArgumentException("Multi-Krum m (updates averaged) must be >= 1, got " + m);
    }

    /** Krum: selects one update. */
    public static Krum krum(int f) {
        return new Krum(f, 1);
    }

    /** Multi-Krum: averages the {@code m} best updates. */
    public static Krum multiKrum(int f, int m) {
        return new Krum(f, m);
    }

    /** Multi-Krum with {@code m = n − f} each round (the choice of Blanchard et al. 2017, Section 5). */
    public static Krum multiKrumAllButF(int f) {
        return new Krum(f, ALL_BUT_F, true);
    }

    /** {@link #m} value meaning {@code n − f}. */
    private static final int ALL_BUT_F = 0;

    private Krum(int f, int m, boolean multi) {
        if (f < 0) throw new IllegalArgumentException("Krum f (Byzantine clients) must be >= 0, got " + f);
        this.f = f;
        this.m = m;
        this.multi = multi;
    }

    public int f() {
        return f;
    }

    /** Updates averaged per round; 0 means {@code n − f} ({@link #multiKrumAllButF}). */
    public int m() {
        return m;
    }

    /**
     * Krum scores of the updates, in submission order (inputs must already be valid).
     *
     * @throws IllegalArgumentException if {@code n < f + 3}
     */
    public double[] scores(List<WeightedUpdate> updates) {
        int n = updates.size();
        int neighbours = n - f - 2;
        if (neighbours < 1) {
            throw new IllegalArgumentException("Krum with f=" + f + " needs at least f + 3 = " + (f + 3)
                    + " updates (score over n − f − 2 nearest), got " + n);
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = squaredDistance(updates.get(i).weights(), updates.get(j).weights());
                d[i][j] = s;
                d[j][i] = s;
            }
        }
        double[] scores = new double[n];
        double[] others = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < n; j++) if (j != i) others[c++] = d[i][j];
            Arrays.sort(others);
            double s = 0;
            for (int k = 0; k < neighbours; k++) s += others[k];
            scores[i] = s;
        }
        return scores;
    }

    /**
     * Submission indices of the selected updates, best first (ties: lower index first).
     *
     * @throws IllegalArgumentException if {@code n < f + 3} or {@code m > n}
     */
    public List<Integer> select(List<WeightedUpdate> updates) {
        double[] scores = scores(updates);
        int n = updates.size();
        int m = this.m == ALL_BUT_F ? n - f : this.m;
        if (m > n) throw new IllegalArgumentException("Multi-Krum m=" + m + " exceeds the " + n + " updates");
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i));
        return List.copyOf(order.subList(0, m));
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        RoundInputs.check(name(), global, updates);
        List<Integer> chosen = select(updates);
        if (chosen.size() == 1) return updates.get(chosen.getFirst()).weights();
        double count = chosen.size();
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            double[] acc = new double[size];
            for (int k : chosen) {
                float[] w = updates.get(k).weights().tensors().get(e.getKey()).values();
                for (int i = 0; i < size; i++) acc[i] += w[i];
            }
            float[] mean = new float[size];
            for (int i = 0; i < size; i++) mean[i] = (float) (acc[i] / count);
            out.put(e.getKey(), new Tensor(e.getValue().shape(), mean));
        }
        return new ModelWeights(out);
    }

    /** The selected updates share the result equally; the others are discarded. */
    @Override
    public java.util.Optional<double[]> shares(ModelWeights global, List<WeightedUpdate> updates) {
        List<Integer> chosen = select(updates);
        double[] out = new double[updates.size()];
        for (int k : chosen) out[k] = 1.0 / chosen.size();
        return java.util.Optional.of(out);
    }

    private static double squaredDistance(ModelWeights a, ModelWeights b) {
        double s = 0;
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            float[] x = e.getValue().values();
            float[] y = b.tensors().get(e.getKey()).values();
            for (int i = 0; i < x.length; i++) {
                double diff = (double) x[i] - y[i];
                s += diff * diff;
            }
        }
        return s;
    }

    @Override
    public String name() {
        return multi ? "multi-krum" : "krum";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(f=" + f + (multi ? ", m=" + (m == ALL_BUT_F ? "n-f" : m) : "") + ")";
    }
}
