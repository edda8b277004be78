package dev.defl.engine.learning;

import java.util.List;
import java.util.Map;

/**
 * One round's updates as flat deltas from the global model ({@code d_k = w_k − global}, tensors in name order, each
 * row-major, in {@code double}): what the vector-wise robust rules ({@link NormBounding}, {@link CenteredClipping},
 * {@link GeometricMedian}, {@link Bulyan}) work on. Holds {@code n × P} doubles: these rules need every update whole.
 * Sums run in a fixed order (coordinates ascending, updates in submission order), so every result is the same bits on
 * every run and platform.
 */
final class UpdateDeltas {
    final ModelWeights global;
    final double[] base;
    final double[][] d;
    final long[] samples;

    private UpdateDeltas(ModelWeights global, double[] base, double[][] d, long[] samples) {
        this.global = global;
        this.base = base;
        this.d = d;
        this.samples = samples;
    }

    /**
     * Checks the inputs ({@link RoundInputs#check}) and flattens them.
     *
     * @throws IllegalArgumentException if {@code updates} is empty
     * @throws InvalidUpdateException   naming the update, tensor and element of a bad value or shape
     */
    static UpdateDeltas of(String strategy, ModelWeights global, List<WeightedUpdate> updates) {
        RoundInputs.check(strategy, global, updates);
        int p = (int) global.parameterCount();
        double[] base = new double[p];
        int at = 0;
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            for (float v : e.getValue().values()) base[at++] = v;
        }
        double[][] d = new double[updates.size()][p];
        long[] samples = new long[updates.size()];
        for (int k = 0; k < updates.size(); k++) {
            samples[k] = updates.get(k).numSamples();
            int i = 0;
            for (Map.Entry<String, Tensor> e : updates.get(k).weights().tensors().entrySet()) {
                for (float v : e.getValue().values()) {
                    d[k][i] = v - base[i];
                    i++;
                }
            }
        }
        return new UpdateDeltas(global, base, d, samples);
    }

    int n() {
        return d.length;
    }

    int p() {
        return base.length;
    }

    /** The Euclidean norm of {@code v}. */
    static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    /** {@code ‖a − b‖}. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double x = a[i] - b[i];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** The median of {@code values} (the mean of the two middle ones for an even count); {@code values} is sorted. */
    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** {@code global + delta} as a model like the global one, each value rounded to {@code float} once. */
    ModelWeights plus(double[] delta) {
        float[][] out = new float[global.tensors().size()][];
        int t = 0, at = 0;
        for (Tensor tensor : global.tensors().values()) {
            float[] v = new float[tensor.size()];
            for (int i = 0; i < v.length; i++, at++) v[i] = (float) (base[at] + delta[at]);
            out[t++] = v;
        }
        return RoundInputs.weightsLike(global, out);
    }
}
