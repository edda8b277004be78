package dev.defl.engine.network;

import dev.defl.engine.ledger.Role;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Set;

/**
 * One participant of a task as its contract events tell it ({@link TaskActivity}).
 *
 * @param address          the participant's account, lower-case 0x-hex
 * @param roles            its roles on the task (from {@code ParticipantAdded}; inferred from what it did when the
 *                         events hold no {@code ParticipantAdded} for it)
 * @param online           it submitted, committed, proposed or voted in one of the last opened rounds
 *                         ({@link TaskActivity#of}'s {@code onlineWindowRounds})
 * @param lastSeenRound    the highest round it submitted, committed, proposed or voted in; 0 when it never did
 * @param updatesSubmitted {@code UpdateSubmitted} events of the client (per-update mode; Merkle mode emits none)
 * @param updatesAccepted  its updates that earn {@code rewardPerUpdate}: per-update mode, its updates in finalized
 *                         rounds; Merkle mode, its {@code UpdateRewarded} events
 * @param proposals        {@code AggregateProposed} events of the aggregator
 * @param votes            {@code VoteCast} events of the aggregator, the proposer's own vote in its propose
 *                         transaction included (the contract counts it)
 * @param winningVotes     its votes for the proposal that finalized their round
 * @param rewardsEarned    reward token units (18 decimals) earned: {@code updatesAccepted × rewardPerUpdate +
 *                         winningVotes × rewardPerVote}, the FederatedTasks.sol rules; claimed or not
 */
public record PeerRow(String address, Set<Role> roles, boolean online, long lastSeenRound, int updatesSubmitted,
        int updatesAccepted, int proposals, int votes, int winningVotes, BigInteger rewardsEarned) {
    public PeerRow {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(rewardsEarned, "rewardsEarned");
        roles = Set.copyOf(roles);
    }
}
