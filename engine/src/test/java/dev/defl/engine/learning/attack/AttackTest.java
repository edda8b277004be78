package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.Krum;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.TrimmedMean;
import dev.defl.engine.learning.WeightedUpdate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each attack against its paper's formula, on small hand-made models and on seeded random ones. */
class AttackTest {

    /** Two tensors, "a" [2] and "b" [2, 2]. */
    private static ModelWeights model(float a0, float a1, float b0, float b1, float b2, float b3) {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("a", new Tensor(new long[]{2}, new float[]{a0, a1}));
        t.put("b", new Tensor(new long[]{2, 2}, new float[]{b0, b1, b2, b3}));
        return new ModelWeights(t);
    }

    private static ModelWeights random(Random r, ModelWeights around, double spread) {
        Map<String, Tensor> t = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : around.tensors().entrySet()) {
            float[] g = e.getValue().values();
            float[] v = new float[g.length];
            for (int i = 0; i < g.length; i++) v[i] = (float) (g[i] + spread * r.nextGaussian());
            t.put(e.getKey(), new Tensor(e.getValue().shape(), v));
        }
        return new ModelWeights(t);
    }

    private static ModelWeights big(int size, float value) {
        float[] v = new float[size];
        java.util.Arrays.fill(v, value);
        return new ModelWeights(Map.of("w", new Tensor(new long[]{size}, v)));
    }

    private static float[] flat(ModelWeights w) {
        List<Float> out = new ArrayList<>();
        for (Tensor t : w.tensors().values()) for (float f : t.values()) out.add(f);
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    private static void between(float x, double a, double b) {
        assertThat((double) x).isBetween(Math.min(a, b) - 1e-6, Math.max(a, b) + 1e-6);
    }

    private static final ModelWeights GLOBAL = model(1, -1, 0, 2, -2, 0.5f);

    @Test
    void signFlipReversesAndScalesTheStep() {
        ModelWeights trained = model(1.5f, -1, 1, 1, -2, 0.25f);
        ModelWeights out = new Attack.SignFlip(10).craft(AttackRound.own(1, 7, 0, 10, 3, GLOBAL), trained);
        assertThat(flat(out)).containsExactly(1 - 10 * 0.5f, -1, -10, 2 + 10, -2, 0.5f + 10 * 0.25f);
    }

    @Test
    void gaussianNoiseIsSeededAndHasTheStandardDeviation() {
        ModelWeights global = big(20_000, 0.5f);
        Attack.GaussianNoise g = new Attack.GaussianNoise(2);
        float[] x = flat(g.craft(AttackRound.own(3, 11, 0, 10, 3, global), global));
        float[] again = flat(g.craft(AttackRound.own(3, 11, 0, 10, 3, global), global));
        float[] other = flat(g.craft(AttackRound.own(3, 11, 1, 10, 3, global), global));
        float[] nextRound = flat(g.craft(AttackRound.own(4, 11, 0, 10, 3, global), global));
        assertThat(x).containsExactly(again);
        assertThat(x).isNotEqualTo(other).isNotEqualTo(nextRound);
        double mean = 0, sq = 0;
        for (float v : x) mean += v - 0.5;
        mean /= x.length;
        for (float v : x) sq += (v - 0.5 - mean) * (v - 0.5 - mean);
        assertThat(mean).isCloseTo(0, within(0.05));
        assertThat(Math.sqrt(sq / x.length)).isCloseTo(2, within(0.05));
    }

    @Test
    void labelFlipPermutesTheClasses() {
        assertThat(Attack.LabelFlip.flip(0, 10)).isEqualTo(9);
        assertThat(Attack.LabelFlip.flip(9, 10)).isEqualTo(0);
        assertThat(Attack.LabelFlip.flip(4, 10)).isEqualTo(5);
        assertThat(Attack.LabelFlip.flip(1, 2)).isEqualTo(0);
        assertThatThrownBy(() -> Attack.LabelFlip.flip(10, 10)).hasMessageContaining("label 10 is not a class index 0..9");
        ModelWeights trained = model(1, 2, 3, 4, 5, 6);
        assertThat(new Attack.LabelFlip().craft(AttackRound.own(1, 1, 0, 10, 3, GLOBAL), trained)).isSameAs(trained);
    }

    @Test
    void alieZIsThePapersQuantile() {
        // n = 10, f = 3: s = ⌊10/2 + 1⌋ − 3 = 3, z = Φ⁻¹(7/10)
        assertThat(Alie.zMax(10, 3)).isCloseTo(0.5244005, within(1e-6));
        // n = 50, f = 10 (the paper's CIFAR setting... any n): s = 26 − 10 = 16, z = Φ⁻¹(34/50)
        assertThat(Alie.zMax(50, 10)).isCloseTo(0.4676988, within(1e-6));
        // attackers a majority: s is held at 1
        assertThat(Alie.zMax(10, 8)).isCloseTo(1.2815516, within(1e-6));
        assertThatThrownBy(() -> Alie.zMax(10, 0)).hasMessageContaining("1 <= f <= n");
    }

    @Test
    void alieShiftsTheBenignMeanByZStandardDeviations() {
        ModelWeights b1 = model(2, -1, 0, 2, -2, 0.5f);   // deltas 1, 0, 0, 0, 0, 0
        ModelWeights b2 = model(4, -1, 1, 2, -2, 0.5f);   // deltas 3, 0, 1, 0, 0, 0
        AttackRound round = new AttackRound(1, 7, 0, 10, 3, GLOBAL, List.of(b1, b2));
        // coordinate a0: μ = 2, σ = 1 → 2 − z; b0: μ = 0.5, σ = 0.5 → 0.5 − z/2; the rest: no spread, no change
        float[] out = flat(new Alie(1.5).craft(round, b1));
        assertThat(out).containsExactly(1 + (2 - 1.5f), -1, 0.5f - 0.75f, 2, -2, 0.5f);
        double z = Alie.zMax(10, 3);
        float[] derived = flat(Alie.derived().craft(round, b1));
        assertThat(derived[0]).isEqualTo((float) (1 + 2 - z));
        assertThat(derived[2]).isEqualTo((float) (0.5 - z * 0.5));
        assertThatThrownBy(() -> Alie.derived().craft(AttackRound.own(1, 7, 0, 10, 3, GLOBAL), b1))
                .hasMessageContaining("alie needs the benign models");
    }

    @Test
    void ipmReversesTheBenignMeanTimesEpsilon() {
        ModelWeights b1 = model(2, -1, 0, 2, -2, 0.5f);
        ModelWeights b2 = model(4, -3, 1, 2, -2, 0.5f);
        AttackRound round = new AttackRound(1, 7, 0, 10, 3, GLOBAL, List.of(b1, b2));
        // mean deltas: a0 2, a1 −1, b0 0.5
        float[] out = flat(new Ipm(0.5).craft(round, b1));
        assertThat(out).containsExactly(1 - 1f, -1 + 0.5f, -0.25f, 2, -2, 0.5f);
    }

    @Test
    void fangTrimmedMeanDrawsBeyondTheBenignExtremesAgainstTheDirection() {
        Random r = new Random(5);
        ModelWeights global = random(r, big(2_000, 0), 1);
        List<ModelWeights> benign = new ArrayList<>();
        for (int i = 0; i < 7; i++) benign.add(random(r, global, 0.1));
        float[] g = flat(global);
        List<float[]> b = benign.stream().map(AttackTest::flat).toList();
        List<ModelWeights> malicious = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            malicious.add(new FangTrimmedMean(2).craft(new AttackRound(2, 9, a, 10, 3, global, benign), benign.getFirst()));
        }
        for (ModelWeights m : malicious) {
            float[] x = flat(m);
            for (int i = 0; i < g.length; i++) {
                double mean = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
                for (float[] v : b) {
                    mean += v[i];
                    max = Math.max(max, v[i]);
                    min = Math.min(min, v[i]);
                }
                mean /= b.size();
                if (mean - g[i] < 0) {
                    between(x[i], max, max > 0 ? 2 * max : max / 2); // at or above every benign value
                } else {
                    between(x[i], min, min > 0 ? min / 2 : 2 * min); // at or below every benign value
                }
            }
        }
        // the trimmed mean (β = 0.1: one of 10 trimmed each side) of benign + malicious moves against progress
        List<WeightedUpdate> all = new ArrayList<>();
        for (ModelWeights w : benign) all.add(new WeightedUpdate(w, 1));
        for (ModelWeights w : malicious) all.add(new WeightedUpdate(w, 1));
        float[] attacked = flat(new TrimmedMean(0.1).aggregate(global, all));
        int against = 0;
        for (int i = 0; i < g.length; i++) {
            double mean = 0;
            for (float[] v : b) mean += v[i];
            mean /= b.size();
            if (Math.signum(attacked[i] - g[i]) != Math.signum(mean - g[i])) against++;
        }
        assertThat(against).as("coordinates moved against the benign direction").isGreaterThan(g.length * 9 / 10);
    }

    @Test
    void fangKrumIsSelectedByKrumAndStepsAgainstTheDirection() {
        Random r = new Random(3);
        ModelWeights global = random(r, big(1_000, 0), 1);
        List<ModelWeights> benign = new ArrayList<>();
        for (int i = 0; i < 7; i++) benign.add(random(r, global, 0.05));
        AttackRound round = new AttackRound(1, 1, 0, 10, 3, global, benign);
        ModelWeights crafted = new FangKrum().craft(round, benign.getFirst());
        List<WeightedUpdate> all = new ArrayList<>();
        for (ModelWeights w : benign) all.add(new WeightedUpdate(w, 1));
        for (int i = 0; i < 3; i++) all.add(new WeightedUpdate(crafted, 1));
        assertThat(Krum.krum(3).select(all).getFirst()).as("Krum selects a crafted model").isGreaterThanOrEqualTo(7);
        // w' = global − λ·s: every coordinate moved by the same λ, against the benign mean's sign
        float[] g = flat(global), x = flat(crafted);
        double lambda = Math.abs((double) x[0] - g[0]);
        assertThat(lambda).isPositive().isLessThanOrEqualTo(FangKrum.lambdaZero(round) * 1.000001);
        for (int i = 0; i < g.length; i++) {
            double mean = 0;
            for (ModelWeights w : benign) mean += flat(w)[i] - g[i];
            assertThat((double) Math.signum(x[i] - g[i])).isEqualTo(mean < 0 ? 1.0 : -1.0);
            assertThat(Math.abs((double) x[i] - g[i])).isCloseTo(lambda, within(1e-5));
        }
        // the same inputs give every attacker the same model
        assertThat(new FangKrum().craft(new AttackRound(1, 1, 2, 10, 3, global, benign), benign.get(1))).isEqualTo(crafted);
    }

    @Test
    void plansParseBothFormsAndNameWhatIsWrong() {
        assertThat(AttackPlan.parse("alie:3")).isEqualTo(new AttackPlan(3, Alie.derived()));
        assertThat(AttackPlan.parse("signflip:3:10")).isEqualTo(new AttackPlan(3, new Attack.SignFlip(10)));
        assertThat(AttackPlan.parse("3:signflip:10")).as("the --poison form").isEqualTo(new AttackPlan(3, new Attack.SignFlip(10)));
        assertThat(AttackPlan.parse("IPM:2")).isEqualTo(new AttackPlan(2, new Ipm(0.1)));
        assertThat(AttackPlan.parse("fang-trimmed:3")).isEqualTo(new AttackPlan(3, new FangTrimmedMean(2)));
        assertThat(AttackPlan.parse("none").active()).isFalse();
        assertThat(AttackPlan.parse("signflip:3:10").describe()).isEqualTo("signflip:3:10");
        assertThat(AttackPlan.parse("alie:3").describe()).isEqualTo("alie:3");
        assertThat(AttackPlan.parse("alie:3:1.5").describe()).isEqualTo("alie:3:1.5");
        for (String kind : Attack.KINDS) {
            AttackPlan p = AttackPlan.parse(kind + ":2");
            assertThat(p.attack().kind()).isEqualTo(kind);
            assertThat(AttackPlan.parse(p.describe())).isEqualTo(p);
        }
        assertThatThrownBy(() -> AttackPlan.parse("boost:3")).hasMessageContaining("unknown attack 'boost'")
                .hasMessageContaining("alie, ipm, fang-krum, fang-trimmed");
        assertThatThrownBy(() -> AttackPlan.parse("alie:x")).hasMessageContaining("K 'x' is not a whole number");
        assertThatThrownBy(() -> AttackPlan.parse("labelflip:3:2")).hasMessageContaining("labelflip takes no parameter");
        assertThatThrownBy(() -> AttackPlan.parse("ipm:3:-1")).hasMessageContaining("IPM ε must be a finite number > 0");
        assertThatThrownBy(() -> AttackPlan.parse("alie")).hasMessageContaining("must be KIND:K[:PARAM]");
        assertThatThrownBy(() -> AttackPlan.parse("alie:-1")).hasMessageContaining("K must be >= 0");
    }

    @Test
    void aRoundRejectsModelsOfOtherShapesAndImpossibleCounts() {
        ModelWeights other = big(3, 0);
        assertThatThrownBy(() -> new AttackRound(1, 1, 0, 10, 3, GLOBAL, List.of(other)))
                .hasMessageContaining("benign model 0");
        assertThatThrownBy(() -> AttackRound.own(1, 1, 3, 10, 3, GLOBAL)).hasMessageContaining("attacker index");
        assertThatThrownBy(() -> AttackRound.own(1, 1, 0, 10, 11, GLOBAL)).hasMessageContaining("attackers f must be in 1..10");
        assertThatThrownBy(() -> new Attack.SignFlip(2).craft(AttackRound.own(1, 1, 0, 10, 3, GLOBAL), other))
                .hasMessageContaining("do not match the global model");
    }
}
