package dev.defl.engine.learning.attack;

import dev.defl.engine.learning.ModelWeights;

import java.util.List;
import java.util.Objects;

/**
 * What the malicious clients of one round know when they craft their updates.
 *
 * <p>Weights, not deltas: every model here has the global model's tensor names and shapes; an attack works on the
 * deltas {@code local − global} where its paper does.
 *
 * @param round     the round number (for per-round randomness)
 * @param seed      the experiment's seed (for per-round randomness); the same seed, round and attacker give the same
 *                  update
 * @param attacker  this attacker's index among the round's attackers, {@code 0 .. attackers − 1}
 * @param clients   n, the updates the round's aggregators expect (honest and malicious), {@code >= 1}
 * @param attackers f, the malicious clients among them, {@code 1 .. clients}
 * @param global    the round's global model (what every client trained from)
 * @param benign    honestly trained local models the attackers can read, in a fixed order: their own before they
 *                  replace them ({@link Attack.Knowledge#COLLUDERS}), plus the honest clients' of this round
 *                  ({@link Attack.Knowledge#HONEST}: updates are public content once submitted); may be empty for
 *                  attacks of {@link Attack.Knowledge#OWN}
 */
public record AttackRound(long round, long seed, int attacker, int clients, int attackers, ModelWeights global,
                          List<ModelWeights> benign) {

    /** @throws IllegalArgumentException naming the field out of range, or a benign model of other shapes */
    public AttackRound {
        Objects.requireNonNull(global, "global");
        benign = List.copyOf(benign);
        if (clients < 1) throw new IllegalArgumentException("clients n must be >= 1, got " + clients);
        if (attackers < 1 || attackers > clients) {
            throw new IllegalArgumentException("attackers f must be in 1.." + clients + ", got " + attackers);
        }
        if (attacker < 0 || attacker >= attackers) {
            throw new IllegalArgumentException("attacker index must be in 0.." + (attackers - 1) + ", got " + attacker);
        }
        for (int i = 0; i < benign.size(); i++) {
            if (!global.sameShapes(benign.get(i))) {
                throw new IllegalArgumentException("benign model " + i + " " + benign.get(i)
                        + " does not match the global model " + global);
            }
        }
    }

    /** A round where the attackers know nothing but their own trained models. */
    public static AttackRound own(long round, long seed, int attacker, int clients, int attackers, ModelWeights global) {
        return new AttackRound(round, seed, attacker, clients, attackers, global, List.of());
    }
}
