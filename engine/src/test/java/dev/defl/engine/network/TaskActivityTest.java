package dev.defl.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskEvent.AggregateProposed;
import dev.defl.engine.ledger.TaskEvent.ParticipantAdded;
import dev.defl.engine.ledger.TaskEvent.RoundFailed;
import dev.defl.engine.ledger.TaskEvent.RoundFinalized;
import dev.defl.engine.ledger.TaskEvent.RoundOpened;
import dev.defl.engine.ledger.TaskEvent.TaskCreated;
import dev.defl.engine.ledger.TaskEvent.UpdateSubmitted;
import dev.defl.engine.ledger.TaskEvent.VoteCast;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.network.RoundFlow.VoteCell;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskActivity} from hand-built event lists. Task 7: clients c1, c2, aggregators a1, a2, a3, quorum 2, rewards
 * 10 per update and 100 per vote. Round 1: both clients submit, a1 proposes X, a2 proposes Y, a3 votes X: X finalizes
 * with a1 and a3. Round 2: c1 submits, the round fails (no quorum). Round 3 opens.
 */
class TaskActivityTest {
    static final long TASK = 7;
    static final String C1 = "0xc1", C2 = "0xc2", A1 = "0xa1", A2 = "0xa2", A3 = "0xa3";
    static final Cid X = cid("aggregate X"), Y = cid("aggregate Y");
    static final Cid U1 = cid("c1 r1"), U2 = cid("c2 r1"), U3 = cid("c1 r2");

    static Cid cid(String label) {
        return Cid.of(1, Cid.RAW, label.getBytes(StandardCharsets.UTF_8));
    }

    static TaskParams params() {
        return TaskParams.of(cid("spec"), cid("initial"), 3, 2, 1, 2, 10, 10)
                .withRewards(BigInteger.TEN, BigInteger.valueOf(100));
    }

    static List<TaskEvent> events() {
        List<TaskEvent> e = new ArrayList<>();
        e.add(new TaskCreated(TASK, "0xcreator", params(), "0x01", 1));
        e.add(new RoundOpened(TASK, 1, 0, 11, 21, "0x01", 1));
        e.add(new ParticipantAdded(TASK, C1, Set.of(Role.CLIENT), "0x02", 2));
        e.add(new ParticipantAdded(TASK, C2, Set.of(Role.CLIENT), "0x02", 2));
        e.add(new ParticipantAdded(TASK, A1, Set.of(Role.AGGREGATOR), "0x03", 3));
        e.add(new ParticipantAdded(TASK, A2, Set.of(Role.AGGREGATOR), "0x03", 3));
        e.add(new ParticipantAdded(TASK, A3, Set.of(Role.AGGREGATOR), "0x03", 3));
        e.add(new UpdateSubmitted(TASK, 1, C1, U1, 600, 0, "0x04", 4));
        e.add(new UpdateSubmitted(TASK, 1, C2, U2, 400, 1, "0x05", 5));
        e.add(new TaskEvent.SubmissionsClosed(TASK, 1, 2, 1000, "0xcommit", "0x05", 5));
        e.add(new AggregateProposed(TASK, 1, A1, X, "0x06", 6));
        e.add(new VoteCast(TASK, 1, A1, X, 1, "0x06", 6));
        e.add(new AggregateProposed(TASK, 1, A2, Y, "0x07", 7));
        e.add(new VoteCast(TASK, 1, A2, Y, 1, "0x07", 7));
        e.add(new VoteCast(TASK, 1, A3, X, 2, "0x08", 8));
        e.add(new RoundFinalized(TASK, 1, X, 2, "0x08", 8));
        e.add(new RoundOpened(TASK, 2, 1, 18, 28, "0x08", 8));
        // another task's events are ignored
        e.add(new UpdateSubmitted(TASK + 1, 1, C2, U3, 5, 0, "0x09", 9));
        e.add(new UpdateSubmitted(TASK, 2, C1, U3, 500, 0, "0x0a", 10));
        e.add(new RoundFailed(TASK, 2, TaskEvent.FailureReason.NO_QUORUM, 1, "0x0b", 30));
        e.add(new RoundOpened(TASK, 3, 1, 40, 50, "0x0b", 30));
        return e;
    }

    @Test
    void countsEachParticipantsUpdatesProposalsAndVotesInTheOrderAdded() {
        TaskActivity activity = TaskActivity.of(TASK, events(), 2);
        assertThat(activity.peers()).extracting(PeerRow::address).containsExactly(C1, C2, A1, A2, A3);
        PeerRow c1 = activity.peer(C1).orElseThrow();
        assertThat(c1.roles()).containsExactly(Role.CLIENT);
        assertThat(c1.updatesSubmitted()).isEqualTo(2);
        assertThat(c1.updatesAccepted()).as("round 2 failed").isEqualTo(1);
        assertThat(c1.lastSeenRound()).isEqualTo(2);
        PeerRow a1 = activity.peer(A1).orElseThrow();
        assertThat(a1.proposals()).isEqualTo(1);
        assertThat(a1.votes()).as("the proposer's own vote counts").isEqualTo(1);
        assertThat(a1.winningVotes()).isEqualTo(1);
        assertThat(activity.peer(A2).orElseThrow().winningVotes()).isZero();
        assertThat(activity.peer(A3).orElseThrow().proposals()).isZero();
        assertThat(activity.aggregators()).containsExactly(A1, A2, A3);
    }

    @Test
    void rewardsAreAcceptedUpdatesTimesRewardPerUpdatePlusWinningVotesTimesRewardPerVote() {
        TaskActivity activity = TaskActivity.of(TASK, events(), 2);
        assertThat(activity.peer(C1).orElseThrow().rewardsEarned()).isEqualTo(BigInteger.valueOf(10));
        assertThat(activity.peer(C2).orElseThrow().rewardsEarned()).isEqualTo(BigInteger.valueOf(10));
        assertThat(activity.peer(A1).orElseThrow().rewardsEarned()).isEqualTo(BigInteger.valueOf(100));
        assertThat(activity.peer(A2).orElseThrow().rewardsEarned()).as("voted for the losing proposal")
                .isEqualTo(BigInteger.ZERO);
        assertThat(activity.peer(A3).orElseThrow().rewardsEarned()).isEqualTo(BigInteger.valueOf(100));
    }

    @Test
    void onlineMeansActiveInOneOfTheLastOpenedRounds() {
        // window 2: rounds 3 and 2 opened last; only c1 acted in round 2
        TaskActivity two = TaskActivity.of(TASK, events(), 2);
        assertThat(two.peers()).filteredOn(PeerRow::online).extracting(PeerRow::address).containsExactly(C1);
        TaskActivity three = TaskActivity.of(TASK, events(), 3);
        assertThat(three.peers()).allMatch(PeerRow::online);
        assertThat(TaskActivity.of(TASK, events(), 0).peers()).noneMatch(PeerRow::online);
    }

    @Test
    void roundFlowsListUpdatesProposalsVotersAndTheFinalizedCid() {
        TaskActivity activity = TaskActivity.of(TASK, events(), 2);
        assertThat(activity.rounds()).extracting(RoundFlow::round).containsExactly(1L, 2L, 3L);
        assertThat(activity.rounds()).extracting(RoundFlow::state)
                .containsExactly(RoundFlow.State.FINALIZED, RoundFlow.State.FAILED, RoundFlow.State.OPEN);
        RoundFlow r1 = activity.round(1).orElseThrow();
        assertThat(r1.updates()).extracting(UpdateSubmitted::client).containsExactly(C1, C2);
        assertThat(r1.proposals()).extracting(RoundFlow.Proposal::cid).containsExactly(X, Y);
        assertThat(r1.proposals().getFirst().voters()).containsExactly(A1, A3);
        assertThat(r1.proposals().get(1).voters()).containsExactly(A2);
        assertThat(r1.finalized()).contains(X);
        assertThat(r1.rejected(r1.proposals().getFirst())).isFalse();
        assertThat(r1.rejected(r1.proposals().get(1))).isTrue();
        RoundFlow r2 = activity.round(2).orElseThrow();
        assertThat(r2.finalized()).isEmpty();
        assertThat(r2.failure()).contains(TaskEvent.FailureReason.NO_QUORUM);
        assertThat(r2.updates()).extracting(UpdateSubmitted::cid).containsExactly(U3);
    }

    @Test
    void theVotesMatrixTellsProposedFromVotedFromNothing() {
        RoundFlow r1 = TaskActivity.of(TASK, events(), 2).round(1).orElseThrow();
        assertThat(r1.cell(A1, X)).isEqualTo(VoteCell.PROPOSED);
        assertThat(r1.cell(A3, X)).isEqualTo(VoteCell.VOTED);
        assertThat(r1.cell(A2, X)).isEqualTo(VoteCell.NONE);
        assertThat(r1.cell(A2, Y)).isEqualTo(VoteCell.PROPOSED);
        assertThat(r1.cell(A1, Y)).isEqualTo(VoteCell.NONE);
    }

    @Test
    void aSecondProposalOfTheSameCidIsItsProposersVoteAndMarksItAsProposer() {
        List<TaskEvent> e = new ArrayList<>(events().subList(0, 12));
        e.add(new AggregateProposed(TASK, 1, A2, X, "0x07", 7));
        e.add(new VoteCast(TASK, 1, A2, X, 2, "0x07", 7));
        RoundFlow r1 = TaskActivity.of(TASK, e, 1).round(1).orElseThrow();
        assertThat(r1.proposals()).hasSize(1);
        RoundFlow.Proposal x = r1.proposals().getFirst();
        assertThat(x.aggregator()).isEqualTo(A1);
        assertThat(x.proposers()).containsExactly(A1, A2);
        assertThat(x.voters()).containsExactly(A1, A2);
        assertThat(r1.cell(A2, X)).isEqualTo(VoteCell.PROPOSED);
        assertThat(r1.state()).isEqualTo(RoundFlow.State.VOTING);
    }

    @Test
    void anAccountActingWithoutParticipantAddedGetsRolesFromWhatItDid() {
        List<TaskEvent> e = new ArrayList<>();
        e.add(new TaskCreated(TASK, "0xcreator", params(), "0x01", 1));
        e.add(new UpdateSubmitted(TASK, 1, "0xdd", U1, 1, 0, "0x02", 2));
        PeerRow row = TaskActivity.of(TASK, e, 1).peers().getFirst();
        assertThat(row.address()).isEqualTo("0xdd");
        assertThat(row.roles()).containsExactly(Role.CLIENT);
    }

    @Test
    void merkleModeAcceptsTheUpdatesRewarded() {
        List<TaskEvent> e = new ArrayList<>();
        e.add(new TaskCreated(TASK, "0xcreator", params().withMerkleMode(true), "0x01", 1));
        e.add(new ParticipantAdded(TASK, C1, Set.of(Role.CLIENT), "0x02", 2));
        e.add(new TaskEvent.UpdateRewarded(TASK, 1, C1, "0x03", 3));
        e.add(new TaskEvent.UpdateRewarded(TASK, 2, C1, "0x04", 4));
        e.add(new TaskEvent.RewardsClaimed(TASK, C1, BigInteger.valueOf(20), "0x05", 5));
        TaskActivity activity = TaskActivity.of(TASK, e, 1);
        assertThat(activity.peer(C1).orElseThrow().updatesAccepted()).isEqualTo(2);
        assertThat(activity.peer(C1).orElseThrow().rewardsEarned()).isEqualTo(BigInteger.valueOf(20));
        assertThat(activity.claimed()).containsEntry(C1, BigInteger.valueOf(20));
    }

    @Test
    void aTaskWithoutTaskCreatedIsAClearError() {
        assertThatThrownBy(() -> TaskActivity.of(99, events(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task 99 has no TaskCreated event among the 21 events given");
        assertThatThrownBy(() -> TaskActivity.of(TASK, events(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onlineWindowRounds");
    }

    @Test
    void pubsubTrafficKeepsBadMessagesWithTheirParseError() {
        var at = java.time.Instant.parse("2026-11-22T03:00:00Z");
        PubsubTraffic good = PubsubTraffic.of(new dev.defl.engine.content.kubo.PubsubMessage("12D3Koo",
                ("CID:3:" + U1).getBytes(StandardCharsets.UTF_8), List.of("t")), at);
        assertThat(good.parsed()).contains(new Announcement(Announcement.Kind.UPDATE, 3, U1));
        assertThat(good.parseError()).isEmpty();
        assertThat(good.fromPeer()).isEqualTo("12D3Koo");
        PubsubTraffic bad = PubsubTraffic.of(new dev.defl.engine.content.kubo.PubsubMessage("12D3Koo",
                "hello".getBytes(StandardCharsets.UTF_8), List.of("t")), at);
        assertThat(bad.parsed()).isEmpty();
        assertThat(bad.text()).isEqualTo("hello");
        assertThat(bad.parseError()).isEqualTo("announcement 'hello' is not <KIND>:<round>:<cid>");
        assertThat(bad.at()).isEqualTo(at);
        assertThatThrownBy(() -> new PubsubTraffic(at, "", "x", Optional.empty(), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
