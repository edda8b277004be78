package dev.defl.engine.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * A participant's packed slot of a task ({@code getParticipant}).
 *
 * @param roles              roles held (empty: not a participant)
 * @param lastSubmittedRound per-update mode: the last round the client submitted to; Merkle mode: the last round claimed
 * @param lastVotedRound     the last round the aggregator voted in
 * @param settled            the reward for lastSubmittedRound has been counted (or that round failed)
 * @param failuresAtSubmit   failed rounds of the task before lastSubmittedRound opened (lazy settlement)
 * @param rewardedUpdates    updates in finalized rounds not paid out yet; claimRewards mints this times rewardPerUpdate
 * @param keyPublished       private task: the aggregator published its public key ({@link TaskContract#publishKey})
 */
public record ParticipantInfo(Set<Role> roles, long lastSubmittedRound, long lastVotedRound, boolean settled,
        long failuresAtSubmit, long rewardedUpdates, boolean keyPublished) {
    public ParticipantInfo {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }
}
