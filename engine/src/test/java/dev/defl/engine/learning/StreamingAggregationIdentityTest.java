package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StreamingAggregation} gives the same bits as the in-memory strategies: updates encoded as safetensors, read
 * back range by range through their headers' offsets ({@link SafetensorsCodec#header}), with range sizes that divide
 * nothing (1, 7, 300, 4096 elements) and tensors whose sizes are multiples of nothing.
 */
class StreamingAggregationIdentityTest {
    private static final List<AggregationStrategy> STREAMED = List.of(new FedAvgStrategy(), FedAvgStrategy.fedProxServer(),
            new FedMedian(), new TrimmedMean(0.2), new TrimmedMean(0.0));

    /** Random values with ±2^90/n_k terms that cancel only in update order, zeros of both signs and subnormals. */
    private static ModelWeights randomModel(SplittableRandom rnd, long numSamples) {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("a.scalar", new Tensor(new long[] {}, values(rnd, 1, numSamples)));
        t.put("b.small", new Tensor(new long[] {5}, values(rnd, 5, numSamples)));
        t.put("c.weight", new Tensor(new long[] {37, 29}, values(rnd, 37 * 29, numSamples)));
        t.put("d.big", new Tensor(new long[] {10_007}, values(rnd, 10_007, numSamples)));
        return new ModelWeights(t);
    }

    private static float[] values(SplittableRandom rnd, int n, long numSamples) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (rnd.nextInt(20)) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2, 4, 5 -> (rnd.nextBoolean() ? 0x1p90f : -0x1p90f) / numSamples;
                case 3 -> Float.MIN_VALUE;
                default -> (float) rnd.nextGaussian();
            };
        }
        return v;
    }

    private record Encoded(List<WeightedUpdate> updates, List<byte[]> files, List<SafetensorsHeader> headers) {
        long[] samples() {
            return updates.stream().mapToLong(WeightedUpdate::numSamples).toArray();
        }

        SortedMap<String, long[]> shapes() {
            SortedMap<String, long[]> m = new TreeMap<>();
            updates.getFirst().weights().tensors().forEach((k, v) -> m.put(k, v.shape()));
            return m;
        }

        /** Reads tensor t (name order) of update k from its encoded file, as a store's ranged read would. */
        StreamingAggregation.UpdateBytes source() {
            return (k, t, offset, dst, length) -> {
                SafetensorsHeader h = headers.get(k);
                SafetensorsHeader.Entry e = new ArrayList<>(h.byName().values()).get(t);
                if (offset < 0 || offset + length > e.byteLength()) throw new IOException("range beyond tensor " + e);
                System.arraycopy(files.get(k), (int) (h.dataStart() + e.begin() + offset), dst, 0, length);
            };
        }
    }

    private static Encoded encoded(long seed, int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<WeightedUpdate> updates = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        List<SafetensorsHeader> headers = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long numSamples = 1L << rnd.nextInt(13);
            ModelWeights w = randomModel(rnd, numSamples);
            updates.add(new WeightedUpdate(w, numSamples));
            // metadata of varying length: the tensors' data starts at another offset in every file
            byte[] file = SafetensorsCodec.encode(w, Map.of("client", "x".repeat(k * 3)));
            files.add(file);
            headers.add(SafetensorsCodec.header(file, file.length));
        }
        return new Encoded(updates, files, headers);
    }

    private static void assertBitIdentical(ModelWeights actual, ModelWeights expected) {
        assertThat(actual.tensors().keySet()).containsExactlyElementsOf(expected.tensors().keySet());
        for (String name : expected.tensors().keySet()) {
            assertThat(actual.tensor(name).shape()).isEqualTo(expected.tensor(name).shape());
            float[] a = actual.tensor(name).values();
            float[] e = expected.tensor(name).values();
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
                    throw new AssertionError(name + "[" + i + "]: " + a[i] + " but in memory " + e[i]);
                }
            }
        }
        assertThat(SafetensorsCodec.encode(actual, Map.of())).isEqualTo(SafetensorsCodec.encode(expected, Map.of()));
    }

    @Test
    void everyStreamingStrategyGivesTheInMemoryBitsForEveryRangeSizeAndThreadCount() throws IOException {
        for (int n : new int[] {1, 2, 5, 11}) {
            Encoded enc = encoded(40 + n, n);
            for (AggregationStrategy s : STREAMED) {
                ModelWeights expected = s.aggregate(enc.updates().getFirst().weights(), enc.updates());
                StreamingAggregation streaming = StreamingAggregation.of(s).orElseThrow();
                for (int[] cfg : new int[][] {{1, 1}, {7, 3}, {300, 2}, {4096, 4}, {streaming.rangeElements(n, 2, 1 << 20), 2}}) {
                    ModelWeights got = streaming.aggregate(enc.shapes(), enc.samples(), enc.source(), cfg[0], cfg[1]);
                    assertThat(got).as("%s, %d updates, ranges of %d on %d threads", s, n, cfg[0], cfg[1]).isNotNull();
                    assertBitIdentical(got, expected);
                }
            }
        }
    }

    @Test
    void aNonFiniteValueOrANonPositiveSampleCountGivesNullForTheCallerToName() throws IOException {
        Encoded enc = encoded(3, 4);
        byte[] file = enc.files().get(2);
        SafetensorsHeader h = enc.headers().get(2);
        SafetensorsHeader.Entry big = h.byName().get("d.big");
        int at = (int) (h.dataStart() + big.begin() + 4 * 9_999);
        java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(at, Float.NaN);
        for (AggregationStrategy s : STREAMED) {
            assertThat(StreamingAggregation.of(s).orElseThrow().aggregate(enc.shapes(), enc.samples(), enc.source(), 512, 2))
                    .as("%s", s).isNull();
        }
        Encoded clean = encoded(3, 4);
        long[] samples = clean.samples();
        samples[1] = 0;
        assertThat(StreamingAggregation.of(new FedAvgStrategy()).orElseThrow()
                .aggregate(clean.shapes(), samples, clean.source(), 512, 2)).isNull();
        assertThat(StreamingAggregation.of(new FedAvgStrategy()).orElseThrow()
                .aggregate(clean.shapes(), new long[] {Long.MAX_VALUE, 1, 1, 1}, clean.source(), 512, 2)).isNull();
    }

    @Test
    void aFailingSourceStopsTheAggregationWithItsException() throws IOException {
        Encoded enc = encoded(5, 3);
        StreamingAggregation.UpdateBytes failing = (k, t, offset, dst, length) -> {
            if (k == 1 && t == 3 && offset > 8000) throw new IOException("block gone");
            enc.source().read(k, t, offset, dst, length);
        };
        assertThatThrownBy(() -> StreamingAggregation.of(new FedMedian()).orElseThrow()
                .aggregate(enc.shapes(), enc.samples(), failing, 1000, 2))
                .isInstanceOf(IOException.class).hasMessage("block gone");
    }

    @Test
    void krumAndTheServerOptimizersHaveNoStreamingForm() {
        assertThat(StreamingAggregation.supports(StrategySpec.of("krum").create())).isFalse();
        assertThat(StreamingAggregation.supports(StrategySpec.of("fedavgm").create())).isFalse();
        assertThat(StreamingAggregation.supports(StrategySpec.of("fedadam").create())).isFalse();
        assertThat(StreamingAggregation.supports(StrategySpec.of("fedmedian").create())).isTrue();
        assertThat(StreamingAggregation.supports(StrategySpec.of("trimmed-mean").create())).isTrue();
        assertThat(StreamingAggregation.supports(StrategySpec.of("fedprox").create())).isTrue();
    }

    @Test
    void rangeSizesFitTheBudget() {
        StreamingAggregation fedAvg = StreamingAggregation.of(new FedAvgStrategy()).orElseThrow();
        StreamingAggregation median = StreamingAggregation.of(new FedMedian()).orElseThrow();
        assertThat(fedAvg.rangeElements(100, 2, 256L << 20)).isEqualTo(StreamingAggregation.MAX_RANGE_ELEMENTS);
        int m = median.rangeElements(100, 2, 256L << 20);
        assertThat(m % 256).isZero();
        assertThat(2L * m * (4 * 100 + 4)).isLessThanOrEqualTo(256L << 20);
        assertThat(median.rangeElements(100_000, 16, 1)).isEqualTo(256);
    }
}
