package dev.defl.engine.ledger;

import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Set;

/**
 * A participant's packed slot of a task ({@code getParticipant}).
 *
 * @param roles              roles held (empty: not a participant)
 * @param lastSubmittedRound per-update mode: the last round the client submitted to; Merkle mode: the last round claimed
 * @param lastVotedRound     the last round the aggregator voted in
 * @param settled            the reward for lastSubmittedRound has been accounted
 * @param accrued            reward token units earned and not yet minted
 */
public record ParticipantInfo(Set<Role> roles, long lastSubmittedRound, long lastVotedRound, boolean settled,
        BigInteger accrued) {
    public ParticipantInfo {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }
}
