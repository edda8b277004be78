package dev.defl.ui.peers;

import dev.defl.engine.ledger.Role;
import dev.defl.engine.network.PeerRow;

import java.math.BigInteger;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One row of the Peers pane's participants table, as display values (the view holds no engine types): built by
 * {@link PeersViewModel} from the engine's {@link PeerRow}.
 *
 * @param address          the participant's account address, 0x-prefixed hex
 * @param roles            its roles on the task, lower case, sorted and comma-separated ("aggregator, client")
 * @param online           whether it acted in one of the {@link PeersViewModel#ONLINE_WINDOW_ROUNDS} latest rounds
 * @param lastSeenRound    the last round it acted in, 0 if none
 * @param updatesSubmitted its {@code UpdateSubmitted} events
 * @param updatesAccepted  its updates rewarded
 * @param proposals        its {@code AggregateProposed} events
 * @param votes            its {@code VoteCast} events
 * @param winningVotes     its votes for the proposal that finalized their round
 * @param rewardsEarned    reward token units (18 decimals) earned, claimed or not
 * @param suspected        rounds in which a run in this window screened its update as suspected
 *                         ({@code engine.round.UpdateScreening}); 0 for a task no run here aggregated
 */
public record ParticipantRow(String address, String roles, boolean online, long lastSeenRound, int updatesSubmitted,
        int updatesAccepted, int proposals, int votes, int winningVotes, BigInteger rewardsEarned, int suspected) {

    public ParticipantRow {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(rewardsEarned, "rewardsEarned");
    }

    /** The row of {@code peer}, suspected in {@code suspected} rounds. */
    static ParticipantRow of(PeerRow peer, int suspected) {
        String roles = peer.roles().stream().sorted().map(Role::name).map(String::toLowerCase)
                .collect(Collectors.joining(", "));
        return new ParticipantRow(peer.address(), roles, peer.online(), peer.lastSeenRound(), peer.updatesSubmitted(),
                peer.updatesAccepted(), peer.proposals(), peer.votes(), peer.winningVotes(), peer.rewardsEarned(), suspected);
    }
}
