package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.ModelWeights;


/**
 * Inner-product manipulation (IPM; Xie, Koyejo, Gupta 2019, "Fall of Empires: Breaking Byzantine-tolerant SGD by
 * Inner Product Manipulation", UAI, Section 4). The malicious clients submit {@code global − ε·mean(benign deltas)}:
 * the mean honest step, reversed and scaled by {@code ε}. With a small {@code ε} the malicious updates sit close to
 * the honest ones (Krum and the median pick or keep them), yet the aggregate's inner product with the true step turns
 * negative once enough of them are averaged in. Knowledge: {@link Knowledge#HONEST} (the paper's attackers know the
 * mean of the correct updates).
 *
 * @param epsilon ε, finite and {@code > 0}; the paper uses 0.1 against Krum and the median and large values (e.g. 100)
 *                against the mean
 */
public record Ipm(double epsilon) implements Attack {
    /** The default ε. */
    public static final double DEFAULT_EPSILON = 0.1;

    public Ipm {
        Checks.positive("IPM ε", epsilon);
    }

    @Override
    public String kind() {
        return "ipm";
    }

    @Override
    public Knowledge knowledge() {
        return Knowledge.HONEST;
    }

    @Override
    public ModelWeights craft(AttackRound round, ModelWeights trained) {
        Checks.shapes(round, trained);
        Checks.needBenign(kind(), round);
        return Checks.shiftedByStats(round, -epsilon, 0);
    }

    @Override
    public String describe() {
        return kind() + ":" + Checks.number(epsilon);
    }
}
