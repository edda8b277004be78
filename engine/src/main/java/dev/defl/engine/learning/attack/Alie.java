package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.ModelWeights;
import org.apache.commons.math3.distribution.NormalDistribution;


/**
 * "A Little Is Enough" (ALIE; Baruch, Baruch, Goldberg 2019, "A Little Is Enough: Circumventing Defenses For
 * Distributed Learning", NeurIPS, Algorithm 3). The malicious clients estimate, coordinate by coordinate, the mean
 * {@code μ_j} and the standard deviation {@code σ_j} of the benign deltas ({@code local − global}) from the models
 * they trained honestly, and all submit {@code global + μ − z·σ}: a shift small enough to stay inside the spread of
 * honest updates (so distance- and rank-based rules such as Krum, Bulyan and the trimmed mean keep it), consistent
 * across attackers, and against the direction of progress on every coordinate at once.
 *
 * <p>{@code z}: with {@code n} updates of which {@code f} are malicious, the attackers need
 * {@code s = ⌊n/2 + 1⌋ − f} honest clients "on their side"; {@code z} is the largest value with
 * {@code Φ(z) < (n − s)/n} ({@code Φ} the standard normal CDF), i.e. {@code z = Φ⁻¹((n − s)/n)} (the paper's
 * {@code z^max}). For n = 10, f = 3: s = 3, z = Φ⁻¹(0.7) = 0.524. When {@code s < 1} (the attackers are a
 * majority) {@code s = 1} is used. Knowledge: {@link Knowledge#COLLUDERS} (the paper's attackers use their own
 * benign gradients; given the honest clients' too, the estimate only improves).
 *
 * @param z the multiplier, or {@code NaN} to derive it from {@code n} and {@code f} each round as above
 */
public record Alie(double z) implements Attack {

    public Alie {
        if (!Double.isNaN(z) && (Double.isInfinite(z) || z < 0)) {
            throw new IllegalArgumentException("ALIE z must be a finite number >= 0 (or derived from n and f), got " + z);
        }
    }

    /** ALIE with {@code z} derived from each round's {@code n} and {@code f}. */
    public static Alie derived() {
        return new Alie(Double.NaN);
    }

    /**
     * The paper's {@code z^max = Φ⁻¹((n − s)/n)} with {@code s = max(1, ⌊n/2 + 1⌋ − f)}.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code f} is not in {@code 1..n}
     */
    public static double zMax(int n, int f) {
        if (n < 1 || f < 1 || f > n) throw new IllegalArgumentException("ALIE needs 1 <= f <= n, got n=" + n + ", f=" + f);
        int s = Math.max(1, n / 2 + 1 - f);
        return new NormalDistribution(0, 1).inverseCumulativeProbability((double) (n - s) / n);
    }

    @Override
    public String kind() {
        return "alie";
    }

    @Override
    public Knowledge knowledge() {
        return Knowledge.COLLUDERS;
    }

    @Override
    public ModelWeights craft(AttackRound round, ModelWeights trained) {
        Checks.shapes(round, trained);
        Checks.needBenign(kind(), round);
        double zz = Double.isNaN(z) ? zMax(round.clients(), round.attackers()) : z;
        return Checks.shiftedByStats(round, 1, -zz);
    }

    @Override
    public String describe() {
        return Double.isNaN(z) ? kind() : kind() + ":" + Checks.number(z);
    }
}
