package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Norm bounding, centered clipping, the geometric median (RFA) and Bulyan against hand-computed rounds. */
class RobustRulesTest {

    private static ModelWeights vec(float... v) {
        return new ModelWeights(Map.of("w", new Tensor(new long[]{v.length}, v)));
    }

    private static WeightedUpdate up(long samples, float... v) {
        return new WeightedUpdate(vec(v), samples);
    }

    private static float[] values(ModelWeights w) {
        return w.tensor("w").values();
    }

    private static final ModelWeights ZERO = vec(0, 0);

    @Test
    void normBoundingClipsToMThenAveragesBySamples() {
        List<WeightedUpdate> u = List.of(up(1, 3, 4), up(1, 0, 1), up(2, 0, 2));
        // M = 2: (3,4) becomes (1.2, 1.6); mean by samples: (1.2 / 4, (1.6 + 1 + 4) / 4)
        assertThat(values(new NormBounding(2).aggregate(ZERO, u))).containsExactly((float) (1.2 / 4), (float) (6.6 / 4));
        // the median norm of 5, 1, 2 is 2: the same
        assertThat(values(new NormBounding(0).aggregate(ZERO, u))).containsExactly((float) (1.2 / 4), (float) (6.6 / 4));
        // relative to the global model, not to zero
        ModelWeights g = vec(10, -10);
        List<WeightedUpdate> shifted = List.of(up(1, 13, -6), up(1, 10, -9), up(2, 10, -8));
        assertThat(values(new NormBounding(2).aggregate(g, shifted)))
                .containsExactly((float) (10 + 1.2 / 4), (float) (-10 + 6.6 / 4));
    }

    @Test
    void centeredClippingMovesEachUpdateAtMostTauOverN() {
        List<WeightedUpdate> u = List.of(up(1, 10, 0), up(1, 0, 1), up(1, 0, -1));
        // L = 1, τ = 1: (10, 0) pulls with (1, 0); the others whole; v = (1/3, 0)
        assertThat(values(new CenteredClipping(1, 1).aggregate(ZERO, u))).containsExactly((float) (1.0 / 3), 0f);
        // an attacker far away barely moves the centre of 9 honest updates near (1, 1)
        Random r = new Random(1);
        List<WeightedUpdate> honest = new ArrayList<>();
        for (int k = 0; k < 9; k++) honest.add(up(1, (float) (1 + 0.1 * r.nextGaussian()), (float) (1 + 0.1 * r.nextGaussian())));
        List<WeightedUpdate> attacked = new ArrayList<>(honest);
        attacked.add(up(1, 1000, -1000));
        float[] v = values(new CenteredClipping(0, CenteredClipping.DEFAULT_ITERATIONS).aggregate(ZERO, attacked));
        assertThat((double) v[0]).isCloseTo(1, within(0.4));
        assertThat((double) v[1]).isCloseTo(1, within(0.4));
    }

    @Test
    void geometricMedianFollowsWeiszfeld() {
        ModelWeights g = vec(0);
        List<WeightedUpdate> u = List.of(up(1, 0), up(1, 0), up(1, 100));
        // one step from the mean 33.3: β = (1/3)/33.3, (1/3)/33.3, (1/3)/66.7 → 100 · β₃ / Σβ = 20
        assertThat((double) values(new GeometricMedian(1, 1e-6).aggregate(g, u))[0]).isCloseTo(20, within(1e-4));
        // more steps approach the majority's point 0
        assertThat((double) values(new GeometricMedian(8, 1e-6).aggregate(g, u))[0]).isLessThan(1);
        // weights are sample counts: a heavy update pulls harder
        List<WeightedUpdate> heavy = List.of(up(1, 0), up(1, 0), up(6, 100));
        assertThat((double) values(new GeometricMedian(8, 1e-6).aggregate(g, heavy))[0]).isGreaterThan(99);
    }

    @Test
    void bulyanLeavesOutWhatKrumRejectsThenAveragesNearTheMedian() {
        ModelWeights g = vec(0, 0);
        List<WeightedUpdate> u = new ArrayList<>();
        u.add(up(1, 50, -50)); // the attacker, first in submission order
        for (int k = 0; k < 6; k++) u.add(up(1, k, 10 - k));
        Bulyan b = new Bulyan(1);
        List<Integer> picked = b.select(u);
        assertThat(picked).hasSize(5).doesNotContain(0);
        // coordinate 0 of the picked: 5 of the values 0..5; β = 3 closest to their median, averaged
        float[] out = values(b.aggregate(g, u));
        List<Double> xs = picked.stream().map(i -> (double) values(u.get(i).weights())[0]).sorted().toList();
        double median = xs.get(2);
        double expected = xs.stream().sorted((a, c) -> {
            int cmp = Double.compare(Math.abs(a - median), Math.abs(c - median));
            return cmp != 0 ? cmp : Double.compare(a, c);
        }).limit(3).mapToDouble(Double::doubleValue).sum() / 3;
        assertThat(out[0]).isEqualTo((float) expected);
        assertThatThrownBy(() -> b.aggregate(g, u.subList(0, 6)))
                .hasMessageContaining("Bulyan with f=1 needs at least 4f + 3 = 7 updates, got 6");
    }

    @Test
    void everyRuleIsBitReproducibleAndNamesABadUpdate() {
        Random r = new Random(4);
        float[] base = new float[300];
        for (int i = 0; i < base.length; i++) base[i] = (float) r.nextGaussian();
        ModelWeights g = vec(base);
        List<WeightedUpdate> u = new ArrayList<>();
        for (int k = 0; k < 11; k++) {
            float[] v = base.clone();
            for (int i = 0; i < v.length; i++) v[i] += (float) (0.01 * r.nextGaussian());
            u.add(new WeightedUpdate(vec(v), 10 + k));
        }
        float[] nan = base.clone();
        nan[7] = Float.NaN;
        List<WeightedUpdate> bad = new ArrayList<>(u);
        bad.set(3, new WeightedUpdate(vec(nan), 5));
        for (AggregationStrategy s : List.of(new NormBounding(0), new CenteredClipping(0, 3), new GeometricMedian(3, 1e-6),
                new Bulyan(2))) {
            assertThat(s.aggregate(g, u)).as(s.toString()).isEqualTo(s.aggregate(g, List.copyOf(u)));
            assertThat(s.copy()).isSameAs(s);
            assertThatThrownBy(() -> s.aggregate(g, bad)).as(s.toString()).isInstanceOf(InvalidUpdateException.class)
                    .hasMessageContaining("update 3").hasMessageContaining("element 7");
            assertThatThrownBy(() -> s.aggregate(g, List.of())).as(s.toString()).hasMessageContaining("at least one update");
        }
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new NormBounding(-1)).hasMessageContaining("norm bound M");
        assertThatThrownBy(() -> new CenteredClipping(1, 0)).hasMessageContaining("iterations L must be >= 1");
        assertThatThrownBy(() -> new GeometricMedian(3, 0)).hasMessageContaining("smoothing ν");
        assertThatThrownBy(() -> new Bulyan(-1)).hasMessageContaining("Bulyan f");
    }

    @Test
    void flTrustWeighsByCosineWithTheRootUpdateAndRescalesToItsNorm() {
        long[] asked = new long[1];
        // the root update g0 = (2, 0): norm 2
        FlTrust rule = new FlTrust((global, clientSamples) -> {
            asked[0] = clientSamples;
            return vec(values(global)[0] + 2, values(global)[1]);
        });
        // (3, 4): cos 0.6, rescaled to (1.2, 1.6); (0, 5): cos 0, dropped; (-1, 0): cos -1, ReLU 0, dropped;
        // (10, 0): cos 1, rescaled to (2, 0) whatever its size or claimed samples
        List<WeightedUpdate> u = List.of(up(10, 3, 4), up(20, 0, 5), up(30, -1, 0), up(1000, 10, 0));
        float[] out = values(rule.aggregate(ZERO, u));
        // (0.6·(1.2, 1.6) + 1·(2, 0)) / 1.6
        assertThat(out[0]).isCloseTo((float) ((0.6 * 1.2 + 2) / 1.6), within(1e-6f));
        assertThat(out[1]).isCloseTo((float) (0.6 * 1.6 / 1.6), within(1e-6f));
        assertThat(asked[0]).as("median claimed samples (lower middle)").isEqualTo(20);
        // the same inputs, the same bits
        assertThat(values(rule.aggregate(ZERO, u))).containsExactly(out);
    }

    @Test
    void flTrustKeepsTheGlobalModelWhenNoUpdatePointsTheRootsWay() {
        FlTrust rule = new FlTrust((global, clientSamples) -> vec(values(global)[0] + 1, values(global)[1]));
        ModelWeights g = vec(5, 5);
        assertThat(values(rule.aggregate(g, List.of(up(1, 4, 5), up(1, 5, 9))))).containsExactly(5f, 5f);
        // a root model that did not move: nothing to trust
        FlTrust still = new FlTrust((global, clientSamples) -> global);
        assertThat(values(still.aggregate(g, List.of(up(1, 6, 5))))).containsExactly(5f, 5f);
        // a root model of other shapes is refused naming it
        FlTrust wrong = new FlTrust((global, clientSamples) -> vec(1, 2, 3));
        assertThatThrownBy(() -> wrong.aggregate(g, List.of(up(1, 6, 5)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root-trained model");
        // the spec's own instance cannot aggregate: only an aggregator holding the root dataset can
        assertThatThrownBy(() -> StrategySpec.of("fltrust").create().aggregate(g, List.of(up(1, 6, 5))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("root dataset");
    }

    @Test
    void bulyanSelectingFromNoUpdatesNamesTheBound() {
        assertThatThrownBy(() -> new Bulyan(1).select(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Bulyan with f=1 needs at least 4f + 3 = 7 updates, got 0");
    }
}
