package dev.defl.engine.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bulyan (El Mhamdi, Guerraoui, Rouault 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium", ICML,
 * Section 4). With {@code n} updates of which up to {@code f} may be Byzantine ({@code n >= 4f + 3}):
 * <ol>
 *   <li><b>selection</b>: {@code θ = n − 2f} times, pick by Krum from the updates not yet picked (the lowest sum of
 *   squared distances to its {@code r − f − 2} nearest others among the {@code r} remaining, and to its one nearest
 *   when {@code r − f − 2 < 1}: the last picks of a small round, e.g. {@code r = 3} for {@code n = 7, f = 1}, where
 *   Krum's own count would score every update 0) and set it aside;</li>
 *   <li><b>aggregation</b>: for each coordinate, of the {@code θ} picked values take the {@code β = θ − 2f} closest to
 *   their median (for an even θ the mean of the two middle values) and average them.</li>
 * </ol>
 * So a Byzantine update must both pass Krum and sit near the median on every coordinate to count. Sample counts are
 * ignored (a Byzantine client can lie about them). Ties go to the earlier update (submission order) when picking, and
 * to the smaller value, then the earlier pick, in the coordinate step; sums in {@code double} in that order, each
 * output rounded to {@code float} once: bit-reproducible. Stateless.
 */
public final class Bulyan implements AggregationStrategy {
    private final int f;

    /**
     * @param f Byzantine clients tolerated, {@code >= 0}
     * @throws IllegalArgumentException if {@code f < 0}
     */
    public Bulyan(int f) {
        if (f < 0) throw new IllegalArgumentException("Bulyan f (Byzantine clients) must be >= 0, got " + f);
        this.f = f;
    }

    public int f() {
        return f;
    }

    /** The fewest updates Bulyan runs on: {@code 4f + 3}. */
    public static int minUpdates(int f) {
        return 4 * f + 3;
    }

    /**
     * Submission indices of the {@code θ = n − 2f} updates the selection picks, in the order picked.
     *
     * @throws IllegalArgumentException if {@code n < 4f + 3}
     */
    public List<Integer> select(List<WeightedUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("Bulyan with f=" + f + " needs at least 4f + 3 = " + minUpdates(f)
                    + " updates, got 0");
        }
        return select(UpdateDeltas.of(name(), updates.getFirst().weights(), updates));
    }

    private List<Integer> select(UpdateDeltas u) {
        int n = u.n();
        if (n < minUpdates(f)) {
            throw new IllegalArgumentException("Bulyan with f=" + f + " needs at least 4f + 3 = " + minUpdates(f)
                    + " updates, got " + n);
        }
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                double[] a = u.d[i], b = u.d[j];
                for (int x = 0; x < a.length; x++) {
                    double diff = a[x] - b[x];
                    s += diff * diff;
                }
                dist[i][j] = s;
                dist[j][i] = s;
            }
        }
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < n; i++) remaining.add(i);
        List<Integer> picked = new ArrayList<>();
        int theta = n - 2 * f;
        while (picked.size() < theta) {
            int r = remaining.size();
            int neighbours = Math.max(1, r - f - 2);
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int i : remaining) {
                double[] others = new double[r - 1];
                int c = 0;
                for (int j : remaining) if (j != i) others[c++] = dist[i][j];
                Arrays.sort(others);
                double s = 0;
                for (int k = 0; k < neighbours; k++) s += others[k];
                if (s < bestScore) { // strict: ties keep the earlier update
                    bestScore = s;
                    best = i;
                }
            }
            picked.add(best);
            remaining.remove(Integer.valueOf(best));
        }
        return List.copyOf(picked);
    }

    /**
     * The updates the selection picks share the result equally (their coordinates are then trimmed around the median,
     * which no share describes); the others are discarded.
     */
    @Override
    public java.util.Optional<double[]> shares(ModelWeights global, List<WeightedUpdate> updates) {
        List<Integer> picked = select(UpdateDeltas.of(name(), global, updates));
        double[] out = new double[updates.size()];
        for (int k : picked) out[k] = 1.0 / picked.size();
        return java.util.Optional.of(out);
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        UpdateDeltas u = UpdateDeltas.of(name(), global, updates);
        List<Integer> picked = select(u);
        int theta = picked.size(), beta = theta - 2 * f, p = u.p();
        double[] out = new double[p];
        double[] values = new double[theta];
        Integer[] order = new Integer[theta];
        for (int x = 0; x < p; x++) {
            for (int k = 0; k < theta; k++) values[k] = u.d[picked.get(k)][x];
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double median = theta % 2 == 1 ? sorted[theta / 2] : (sorted[theta / 2 - 1] + sorted[theta / 2]) / 2;
            for (int k = 0; k < theta; k++) order[k] = k;
            final int coord = x;
            Arrays.sort(order, (a, b) -> {
                int c = Double.compare(Math.abs(values[a] - median), Math.abs(values[b] - median));
                if (c != 0) return c;
                c = Double.compare(values[a], values[b]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            double s = 0;
            for (int k = 0; k < beta; k++) s += values[order[k]];
            out[coord] = s / beta;
        }
        return u.plus(out);
    }

    @Override
    public String name() {
        return "bulyan";
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name() + "(f=" + f + ")";
    }
}
