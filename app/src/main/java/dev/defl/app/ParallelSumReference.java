package dev.defl.app;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The memory-bandwidth reference of {@code defl bench aggregate}: the plain, unweighted sum of the updates per
 * coordinate (float32 read, added into a {@code double}, stored as float32), over coordinate ranges of
 * {@value #RANGE} elements in parallel on the common fork-join pool (all cores). It reads every update byte once, as
 * FedAvg must, and does no more arithmetic than that: an aggregation cannot read the updates faster.
 */
final class ParallelSumReference {
    static final int RANGE = 1 << 16;

    private ParallelSumReference() {
    }

    /** Threads the sum runs on: the common pool's parallelism plus the calling thread. */
    static int threads() {
        return java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    /** The per-coordinate sums, one array per tensor in name order. */
    static List<float[]> sum(List<ModelWeights> updates) {
        record Range(float[][] inputs, float[] out, int from, int to) {
        }
        List<Range> ranges = new ArrayList<>();
        List<float[]> outs = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : updates.getFirst().tensors().entrySet()) {
            float[][] inputs = new float[updates.size()][];
            for (int k = 0; k < inputs.length; k++) inputs[k] = updates.get(k).tensors().get(e.getKey()).values();
            float[] out = new float[e.getValue().size()];
            outs.add(out);
            for (int from = 0; from < out.length; from += RANGE) ranges.add(new Range(inputs, out, from, Math.min(out.length, from + RANGE)));
        }
        IntStream.range(0, ranges.size()).parallel().forEach(r -> {
            Range range = ranges.get(r);
            double[] acc = new double[range.to() - range.from()];
            for (float[] w : range.inputs()) {
                for (int i = range.from(), j = 0; i < range.to(); i++, j++) acc[j] += w[i];
            }
            for (int j = 0; j < acc.length; j++) range.out()[range.from() + j] = (float) acc[j];
        });
        return outs;
    }
}
