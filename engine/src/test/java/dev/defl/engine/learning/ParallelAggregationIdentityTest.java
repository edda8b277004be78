package dev.defl.engine.learning;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parallel aggregation over {@link CoordinateRanges} gives the same bits as the sequential loops it replaced, which
 * are copied here verbatim as the reference. Tensor sizes are not multiples of any range size used, and include an
 * empty tensor, a scalar and a tensor smaller than one range.
 */
class ParallelAggregationIdentityTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

    /** Sequential, tiny ranges on 5 threads (4 pool threads + caller), one-element ranges, and the defaults. */
    private static final List<CoordinateRanges> CONFIGS = List.of(
            CoordinateRanges.sequential(),
            new CoordinateRanges(7, 5, POOL),
            new CoordinateRanges(1, 3, POOL),
            new CoordinateRanges(1000, 2),
            CoordinateRanges.defaults());

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    /** Values for an update with {@code numSamples} samples (a power of two, so {@code ±2^90 / numSamples} is exact). */
    private static ModelWeights randomModel(SplittableRandom rnd, long numSamples) {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("a.empty", new Tensor(new long[] {0}, new float[0]));
        t.put("b.scalar", new Tensor(new long[] {}, values(rnd, 1, numSamples)));
        t.put("c.small", new Tensor(new long[] {5}, values(rnd, 5, numSamples)));
        t.put("d.weight", new Tensor(new long[] {37, 29}, values(rnd, 37 * 29, numSamples)));
        // larger than CoordinateRanges.DEFAULT_RANGE_SIZE, not a multiple of it
        t.put("e.big", new Tensor(new long[] {CoordinateRanges.DEFAULT_RANGE_SIZE + 4_321}, values(rnd, CoordinateRanges.DEFAULT_RANGE_SIZE + 4_321, numSamples)));
        return new ModelWeights(t);
    }

    private static float[] values(SplittableRandom rnd, int n, long numSamples) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(20);
            v[i] = switch (kind) {
                case 0 -> 0f;
                case 1 -> -0f;
                // n_k · w_k = ±2^90 exactly: these cancel between updates, so a sum in another order than update
                // 0, 1, 2, … loses or keeps the small terms differently and gives other bits
                case 2, 4, 5 -> (rnd.nextBoolean() ? 0x1p90f : -0x1p90f) / numSamples;
                case 3 -> Float.MIN_VALUE;
                default -> (float) rnd.nextGaussian();
            };
        }
        return v;
    }

    private static List<WeightedUpdate> randomUpdates(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<WeightedUpdate> u = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long numSamples = 1L << rnd.nextInt(13);
            u.add(new WeightedUpdate(randomModel(rnd, numSamples), numSamples));
        }
        return u;
    }

    private static void assertBitIdentical(ModelWeights actual, ModelWeights expected) {
        assertThat(actual.tensors().keySet()).containsExactlyElementsOf(expected.tensors().keySet());
        for (String name : expected.tensors().keySet()) {
            Tensor a = actual.tensor(name);
            Tensor e = expected.tensor(name);
            assertThat(a.shape()).as(name).containsExactly(e.shape());
            assertThat(a.size()).as(name).isEqualTo(e.size());
            for (int i = 0; i < e.size(); i++) {
                int ab = Float.floatToRawIntBits(a.values()[i]);
                int eb = Float.floatToRawIntBits(e.values()[i]);
                if (ab != eb) {
                    throw new AssertionError("tensor '" + name + "' element " + i + ": " + a.values()[i] + " (bits "
                            + Integer.toHexString(ab) + "), expected " + e.values()[i] + " (bits " + Integer.toHexString(eb) + ")");
                }
            }
        }
    }

    // ---- the sequential loops as they were before CoordinateRanges ----

    private static ModelWeights referenceFedAvg(List<WeightedUpdate> updates) {
        ModelWeights first = updates.getFirst().weights();
        long n = 0;
        for (WeightedUpdate u : updates) n = Math.addExact(n, u.numSamples());
        double total = n;
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : first.tensors().entrySet()) {
            String name = e.getKey();
            int size = e.getValue().size();
            double[] acc = new double[size];
            for (WeightedUpdate u : updates) {
                double nk = u.numSamples();
                float[] w = u.weights().tensors().get(name).values();
                for (int i = 0; i < size; i++) acc[i] += nk * w[i];
            }
            float[] avg = new float[size];
            for (int i = 0; i < size; i++) avg[i] = (float) (acc[i] / total);
            out.put(name, new Tensor(e.getValue().shape(), avg));
        }
        return new ModelWeights(out);
    }

    private static ModelWeights referenceMedian(ModelWeights global, List<WeightedUpdate> updates) {
        int n = updates.size();
        Map<String, Tensor> out = new TreeMap<>();
        float[] column = new float[n];
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            float[] med = new float[size];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < n; k++) column[k] = updates.get(k).weights().tensors().get(e.getKey()).values()[i];
                Arrays.sort(column);
                med[i] = n % 2 == 1 ? column[n / 2] : (float) (((double) column[n / 2 - 1] + column[n / 2]) / 2.0);
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), med));
        }
        return new ModelWeights(out);
    }

    private static ModelWeights referenceTrimmedMean(double beta, ModelWeights global, List<WeightedUpdate> updates) {
        int n = updates.size();
        int b = (int) Math.floor(beta * n);
        double kept = n - 2 * b;
        Map<String, Tensor> out = new TreeMap<>();
        float[] column = new float[n];
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            float[] mean = new float[size];
            for (int i = 0; i < size; i++) {
                for (int k = 0; k < n; k++) column[k] = updates.get(k).weights().tensors().get(e.getKey()).values()[i];
                Arrays.sort(column);
                double acc = 0;
                for (int k = b; k < n - b; k++) acc += column[k];
                mean[i] = (float) (acc / kept);
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), mean));
        }
        return new ModelWeights(out);
    }

    /** FedAvgM's first round (no velocity yet) on the old sequential weighted mean. */
    private static ModelWeights referenceFedAvgMFirstRound(double lr, double momentum, ModelWeights global, List<WeightedUpdate> updates) {
        long n = 0;
        for (WeightedUpdate u : updates) n = Math.addExact(n, u.numSamples());
        double total = n;
        Map<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            int size = e.getValue().size();
            double[] acc = new double[size];
            for (WeightedUpdate u : updates) {
                double nk = u.numSamples();
                float[] w = u.weights().tensors().get(e.getKey()).values();
                for (int i = 0; i < size; i++) acc[i] += nk * w[i];
            }
            for (int i = 0; i < size; i++) acc[i] /= total;
            float[] x = e.getValue().values();
            float[] next = new float[size];
            for (int i = 0; i < size; i++) {
                double vt = momentum * 0.0 + (acc[i] - x[i]);
                next[i] = (float) (x[i] + lr * vt);
            }
            out.put(e.getKey(), new Tensor(e.getValue().shape(), next));
        }
        return new ModelWeights(out);
    }

    // ---- tests ----

    @Test
    void fedAvgIsBitIdenticalForEveryRangeSizeAndThreadCount() {
        List<WeightedUpdate> updates = randomUpdates(17, 9);
        ModelWeights expected = referenceFedAvg(updates);
        for (CoordinateRanges ranges : CONFIGS) {
            assertBitIdentical(FedAvg.aggregate(updates, ranges), expected);
        }
        assertBitIdentical(FedAvg.aggregate(updates), expected);
        assertBitIdentical(new FedAvgStrategy().aggregate(updates.getFirst().weights(), updates), expected);
    }

    @Test
    void medianAndTrimmedMeanAreBitIdenticalForOddAndEvenCounts() {
        for (int n : new int[] {1, 6, 7, 33}) {
            List<WeightedUpdate> updates = randomUpdates(100 + n, n);
            ModelWeights global = updates.getFirst().weights();
            ModelWeights median = referenceMedian(global, updates);
            ModelWeights trimmed = referenceTrimmedMean(0.2, global, updates);
            ModelWeights plainMean = referenceTrimmedMean(0, global, updates);
            for (CoordinateRanges ranges : CONFIGS) {
                assertBitIdentical(new FedMedian(ranges).aggregate(global, updates), median);
                assertBitIdentical(new TrimmedMean(0.2, ranges).aggregate(global, updates), trimmed);
                assertBitIdentical(new TrimmedMean(0, ranges).aggregate(global, updates), plainMean);
            }
        }
    }

    @Test
    void fedAvgMWeightedMeanIsBitIdentical() {
        List<WeightedUpdate> updates = randomUpdates(5, 4);
        ModelWeights global = randomModel(new SplittableRandom(6), 1);
        assertBitIdentical(new FedAvgM(1.0, 0.9).aggregate(global, updates),
                referenceFedAvgMFirstRound(1.0, 0.9, global, updates));
    }

    @Test
    void aNonFiniteValueInALateRangeIsNamedAsBefore() {
        List<WeightedUpdate> updates = randomUpdates(23, 5);
        // two bad values: the error names the first in (update, tensor, element) order, whichever range meets it first
        updates.get(3).weights().tensor("e.big").values()[60_000] = Float.NaN;
        updates.get(2).weights().tensor("e.big").values()[69_000] = Float.POSITIVE_INFINITY;
        ModelWeights global = randomModel(new SplittableRandom(1), 1);
        for (CoordinateRanges ranges : CONFIGS) {
            assertThatThrownBy(() -> FedAvg.aggregate(updates, ranges))
                    .isInstanceOf(InvalidUpdateException.class)
                    .hasMessage("update 2 tensor 'e.big' element 69000 is Infinity");
            assertThatThrownBy(() -> new FedMedian(ranges).aggregate(global, updates))
                    .isInstanceOf(InvalidUpdateException.class)
                    .hasMessage("update 2 tensor 'e.big' element 69000 is Infinity");
            assertThatThrownBy(() -> new TrimmedMean(0.2, ranges).aggregate(global, updates))
                    .isInstanceOf(InvalidUpdateException.class)
                    .hasMessage("update 2 tensor 'e.big' element 69000 is Infinity");
        }
        assertThatThrownBy(() -> new FedAvgM(1.0, 0.9).aggregate(global, updates))
                .isInstanceOf(InvalidUpdateException.class)
                .hasMessage("update 2 tensor 'e.big' element 69000 is Infinity");
    }

    @Test
    void rangesCoverEveryElementExactlyOnce() {
        int[] sizes = {0, 1, 5, 1_073, 0, 64};
        for (CoordinateRanges ranges : CONFIGS) {
            int[][] hits = new int[sizes.length][];
            for (int t = 0; t < sizes.length; t++) hits[t] = new int[sizes[t]];
            ranges.forEach(sizes, (t, from, to) -> {
                assertThat(to - from).isBetween(1, ranges.rangeSize());
                for (int i = from; i < to; i++) hits[t][i]++;
            });
            for (int[] h : hits) for (int c : h) assertThat(c).isEqualTo(1);
        }
    }

    @Test
    void helpersThatNeverRunOrAreRefusedLeaveTheWorkToTheCaller() {
        List<WeightedUpdate> updates = randomUpdates(31, 3);
        ModelWeights expected = referenceFedAvg(updates);
        // a saturated pool: tasks are accepted but never run; then a pool that refuses them
        assertBitIdentical(FedAvg.aggregate(updates, new CoordinateRanges(100, 4, task -> { })), expected);
        assertBitIdentical(FedAvg.aggregate(updates, new CoordinateRanges(100, 4, task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        })), expected);
    }

    @Test
    void anActionsExceptionReachesTheCaller() {
        CoordinateRanges ranges = new CoordinateRanges(3, 4, POOL);
        assertThatThrownBy(() -> ranges.forEach(new int[] {100}, (t, from, to) -> {
            if (from == 51) throw new IllegalStateException("range at 51");
        })).isInstanceOf(IllegalStateException.class).hasMessage("range at 51");
        assertThatThrownBy(() -> new CoordinateRanges(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coordinate range size must be >= 1, got 0");
    }
}
