package dev.defl.engine.round;

import dev.defl.engine.content.Cid;
import dev.defl.engine.learning.Krum;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.NormBounding;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.UpdateEntry;
import dev.defl.engine.round.UpdateScreening.ScreenedUpdate;
import dev.defl.engine.round.UpdateScreening.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The screening report: what each rule discarded or down-weighted and why, and norm outliers, on hand-made rounds. */
class UpdateScreeningTest {
    private static ModelWeights vec(float... v) {
        return new ModelWeights(Map.of("w", new Tensor(new long[]{v.length}, v)));
    }

    private static final ModelWeights ZERO = vec(0, 0);

    /** Six honest updates near (1, 1) and one at (40, −40). */
    private static List<WeightedUpdate> round() {
        List<WeightedUpdate> u = new ArrayList<>();
        float[][] honest = {{1, 1}, {1.1f, 0.9f}, {0.9f, 1.1f}, {1.05f, 1}, {0.95f, 1}, {1, 1.05f}};
        for (float[] h : honest) u.add(new WeightedUpdate(vec(h), 10));
        u.add(new WeightedUpdate(vec(40, -40), 10));
        return u;
    }

    private static List<UpdateEntry> entries(int n) {
        List<UpdateEntry> e = new ArrayList<>();
        for (int k = 0; k < n; k++) e.add(new UpdateEntry("0xc" + k, Cid.of(1, Cid.RAW, new byte[]{(byte) k}), 10));
        return e;
    }

    @Test
    void multiKrumDiscardsTheFarUpdateAndSuspectsIt() {
        List<ScreenedUpdate> r = UpdateScreening.screen(Krum.multiKrumAllButF(1), ZERO, entries(7), round());
        assertThat(r).singleElement().satisfies(s -> {
            assertThat(s.client()).isEqualTo("0xc6");
            assertThat(s.verdict()).isEqualTo(Verdict.DISCARDED);
            assertThat(s.suspected()).isTrue();
            assertThat(s.share()).isZero();
            assertThat(s.reason()).startsWith("not selected by multi-krum").contains("modified z");
        });
    }

    @Test
    void krumKeepingOneOfSevenSuspectsOnlyTheOutlier() {
        List<ScreenedUpdate> r = UpdateScreening.screen(Krum.krum(1), ZERO, entries(7), round());
        assertThat(r).hasSize(6).allSatisfy(s -> assertThat(s.verdict()).isEqualTo(Verdict.DISCARDED));
        assertThat(r).filteredOn(ScreenedUpdate::suspected).singleElement()
                .satisfies(s -> assertThat(s.client()).isEqualTo("0xc6"));
    }

    @Test
    void normBoundingDownWeightsAndTheMedianOnlyReportsTheNorm() {
        List<ScreenedUpdate> clipped = UpdateScreening.screen(new NormBounding(0), ZERO, entries(7), round());
        assertThat(clipped).singleElement().satisfies(s -> {
            assertThat(s.verdict()).isEqualTo(Verdict.DOWN_WEIGHTED);
            assertThat(s.reason()).startsWith("norm-bounding gave it a share of");
            assertThat(s.share()).isLessThan(0.01);
        });
        List<ScreenedUpdate> median = UpdateScreening.screen(StrategySpec.of("fedmedian").create(), ZERO, entries(7), round());
        assertThat(median).singleElement().satisfies(s -> {
            assertThat(s.verdict()).isEqualTo(Verdict.NORM_OUTLIER);
            assertThat(s.share()).isNaN();
            assertThat(s.suspected()).isTrue();
            assertThat(s.reason()).startsWith("delta norm 56.57 is");
        });
        // a round of alike updates reports nothing
        assertThat(UpdateScreening.screen(StrategySpec.fedAvg().create(), ZERO, entries(6), round().subList(0, 6))).isEmpty();
    }
}
