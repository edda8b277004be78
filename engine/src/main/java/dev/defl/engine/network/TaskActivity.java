package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.network.RoundFlow.Proposal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who did what in one task of the FederatedTasks contract ({@code resources/contracts/FederatedTasks.sol}), computed
 * from its decoded events alone: each participant with its counts and earned rewards ({@link #peers()}), and each round's
 * flow of updates, proposals and votes ({@link #rounds()}). A pure function of the event list; immutable.
 *
 * <p>Rewards follow the contract: {@code rewardPerUpdate} for each update in a finalized round (per-update mode), or
 * for each {@code UpdateRewarded} (Merkle mode); {@code rewardPerVote} for each vote for the proposal that finalized its
 * round, the proposer's own vote included.
 *
 * @param taskId  the task
 * @param params  its parameters, from its {@code TaskCreated}
 * @param peers   every participant, in the order added (an account that acted without a {@code ParticipantAdded}
 *                among the events after them, in the order first seen)
 * @param rounds  every round the events mention, in round order
 * @param claimed reward units each account minted with {@code claimRewards} ({@code RewardsClaimed}), by address
 */
public record TaskActivity(long taskId, TaskParams params, List<PeerRow> peers, List<RoundFlow> rounds,
        Map<String, BigInteger> claimed) {

    public TaskActivity {
        Objects.requireNonNull(params, "params");
        peers = List.copyOf(peers);
        rounds = List.copyOf(rounds);
        claimed = Map.copyOf(claimed);
    }

    /**
     * The activity of task {@code taskId} in {@code events} (events of other tasks, and token transfers, are ignored).
     *
     * <p>Online: let {@code W} be the {@code onlineWindowRounds} highest round numbers among the task's
     * {@code RoundOpened} events (round 1 opens with the task, in its creation transaction). A participant is online
     * when it submitted an update, committed an update set, proposed or voted in a round of {@code W}. With
     * {@code onlineWindowRounds} 0 no one is online.
     *
     * @param events             the contract's decoded events in chain order ({@code TaskContract.events}, or the
     *                           event index decoded)
     * @param onlineWindowRounds how many of the latest opened rounds count for "online", &ge; 0
     * @throws IllegalArgumentException if {@code onlineWindowRounds} is negative, or {@code events} hold no
     *                                  {@code TaskCreated} of {@code taskId} (naming how many events there were)
     */
    public static TaskActivity of(long taskId, List<TaskEvent> events, long onlineWindowRounds) {
        if (onlineWindowRounds < 0) {
            throw new IllegalArgumentException("onlineWindowRounds must be >= 0, got " + onlineWindowRounds);
        }
        TaskParams params = null;
        Map<String, PeerBuilder> peers = new LinkedHashMap<>();
        Map<Long, RoundBuilder> rounds = new TreeMap<>();
        TreeSet<Long> opened = new TreeSet<>();
        Map<String, BigInteger> claimed = new TreeMap<>();
        for (TaskEvent event : events) {
            switch (event) {
                case TaskEvent.TaskCreated e when e.taskId() == taskId -> params = e.params();
                case TaskEvent.ParticipantAdded e when e.taskId() == taskId -> {
                    PeerBuilder p = peer(peers, e.account());
                    p.roles.clear();
                    p.roles.addAll(e.roles());
                    p.registered = true;
                }
                case TaskEvent.RoundOpened e when e.taskId() == taskId -> {
                    opened.add(e.round());
                    round(rounds, e.round()).state = RoundFlow.State.OPEN;
                }
                case TaskEvent.UpdateSubmitted e when e.taskId() == taskId -> {
                    round(rounds, e.round()).updates.add(e);
                    PeerBuilder p = peer(peers, e.client());
                    p.inferred.add(Role.CLIENT);
                    p.submitted++;
                    p.seen(e.round());
                }
                case TaskEvent.UpdatesCommitted e when e.taskId() == taskId -> {
                    PeerBuilder p = peer(peers, e.aggregator());
                    p.inferred.add(Role.AGGREGATOR);
                    p.seen(e.round());
                    round(rounds, e.round());
                }
                case TaskEvent.SubmissionsClosed e when e.taskId() == taskId ->
                        round(rounds, e.round()).advance(RoundFlow.State.AGGREGATING);
                case TaskEvent.AggregateProposed e when e.taskId() == taskId -> {
                    RoundBuilder r = round(rounds, e.round());
                    r.proposal(e.aggregator(), e.cid()).proposers.add(e.aggregator());
                    r.advance(RoundFlow.State.VOTING);
                    PeerBuilder p = peer(peers, e.aggregator());
                    p.inferred.add(Role.AGGREGATOR);
                    p.proposals++;
                    p.seen(e.round());
                }
                case TaskEvent.VoteCast e when e.taskId() == taskId -> {
                    RoundBuilder r = round(rounds, e.round());
                    r.proposal(e.voter(), e.cid()).voters.add(e.voter());
                    r.advance(RoundFlow.State.VOTING);
                    PeerBuilder p = peer(peers, e.voter());
                    p.inferred.add(Role.AGGREGATOR);
                    p.votes++;
                    p.seen(e.round());
                }
                case TaskEvent.RoundFinalized e when e.taskId() == taskId -> {
                    RoundBuilder r = round(rounds, e.round());
                    r.state = RoundFlow.State.FINALIZED;
                    r.finalized = e.cid();
                }
                case TaskEvent.RoundFailed e when e.taskId() == taskId -> {
                    RoundBuilder r = round(rounds, e.round());
                    r.state = RoundFlow.State.FAILED;
                    r.failure = e.reason();
                }
                case TaskEvent.UpdateRewarded e when e.taskId() == taskId -> peer(peers, e.client()).rewarded++;
                case TaskEvent.RewardsClaimed e when e.taskId() == taskId ->
                        claimed.merge(e.account(), e.amount(), BigInteger::add);
                default -> { } // other tasks, TaskCompleted, token transfers
            }
        }
        if (params == null) {
            throw new IllegalArgumentException("task " + taskId + " has no TaskCreated event among the "
                    + events.size() + " events given");
        }
        Set<Long> window = new TreeSet<>(opened.descendingSet().stream().limit(onlineWindowRounds).toList());
        // accepted updates and winning votes, per account
        Map<String, Integer> accepted = new LinkedHashMap<>();
        Map<String, Integer> winning = new LinkedHashMap<>();
        for (RoundBuilder r : rounds.values()) {
            if (r.state != RoundFlow.State.FINALIZED) continue;
            for (TaskEvent.UpdateSubmitted u : r.updates) accepted.merge(u.client(), 1, Integer::sum);
            ProposalBuilder won = r.proposals.get(r.finalized);
            if (won != null) {
                for (String voter : won.voters) winning.merge(voter, 1, Integer::sum);
            }
        }
        List<PeerRow> rows = new ArrayList<>();
        for (PeerBuilder p : peers.values()) {
            int acceptedUpdates = params.merkleMode() ? p.rewarded : accepted.getOrDefault(p.address, 0);
            int winningVotes = winning.getOrDefault(p.address, 0);
            BigInteger earned = params.rewardPerUpdate().multiply(BigInteger.valueOf(acceptedUpdates))
                    .add(params.rewardPerVote().multiply(BigInteger.valueOf(winningVotes)));
            boolean online = p.rounds.stream().anyMatch(window::contains);
            rows.add(new PeerRow(p.address, p.registered ? p.roles : p.inferred, online,
                    p.rounds.isEmpty() ? 0 : p.rounds.last(), p.submitted, acceptedUpdates, p.proposals, p.votes,
                    winningVotes, earned));
        }
        rows.sort((a, b) -> Boolean.compare(!peers.get(a.address()).registered, !peers.get(b.address()).registered));
        List<RoundFlow> flows = rounds.values().stream().map(RoundBuilder::build).toList();
        return new TaskActivity(taskId, params, rows, flows, claimed);
    }

    /** The participants with the {@link Role#AGGREGATOR} role, in {@link #peers()} order: the votes matrix rows. */
    public List<String> aggregators() {
        return peers.stream().filter(p -> p.roles().contains(Role.AGGREGATOR)).map(PeerRow::address).toList();
    }

    /** Round {@code round}, if the events mention it. */
    public Optional<RoundFlow> round(long round) {
        return rounds.stream().filter(r -> r.round() == round).findFirst();
    }

    /** The participant {@code address} (lower-case 0x-hex), if it is one. */
    public Optional<PeerRow> peer(String address) {
        return peers.stream().filter(p -> p.address().equals(address)).findFirst();
    }

    private static PeerBuilder peer(Map<String, PeerBuilder> peers, String address) {
        return peers.computeIfAbsent(address, PeerBuilder::new);
    }

    private static RoundBuilder round(Map<Long, RoundBuilder> rounds, long round) {
        return rounds.computeIfAbsent(round, RoundBuilder::new);
    }

    private static final class PeerBuilder {
        final String address;
        final Set<Role> roles = EnumSet.noneOf(Role.class);
        final Set<Role> inferred = EnumSet.noneOf(Role.class);
        final TreeSet<Long> rounds = new TreeSet<>();
        boolean registered;
        int submitted;
        int proposals;
        int votes;
        int rewarded;

        PeerBuilder(String address) {
            this.address = address;
        }

        void seen(long round) {
            rounds.add(round);
        }
    }

    private static final class ProposalBuilder {
        final String aggregator;
        final Cid cid;
        final List<String> voters = new ArrayList<>();
        final List<String> proposers = new ArrayList<>();

        ProposalBuilder(String aggregator, Cid cid) {
            this.aggregator = aggregator;
            this.cid = cid;
        }
    }

    private static final class RoundBuilder {
        final long round;
        RoundFlow.State state = RoundFlow.State.OPEN;
        final List<TaskEvent.UpdateSubmitted> updates = new ArrayList<>();
        final Map<Cid, ProposalBuilder> proposals = new LinkedHashMap<>();
        Cid finalized;
        TaskEvent.FailureReason failure;

        RoundBuilder(long round) {
            this.round = round;
        }

        /** The proposal of {@code cid}, created with {@code by} as its aggregator when first seen. */
        ProposalBuilder proposal(String by, Cid cid) {
            return proposals.computeIfAbsent(cid, c -> new ProposalBuilder(by, c));
        }

        /** Moves forward to {@code next} unless the round ended or is further along. */
        void advance(RoundFlow.State next) {
            if (state.ordinal() < next.ordinal() && state != RoundFlow.State.FINALIZED
                    && state != RoundFlow.State.FAILED) {
                state = next;
            }
        }

        RoundFlow build() {
            List<Proposal> list = proposals.values().stream()
                    .map(p -> new Proposal(p.aggregator, p.cid, p.voters,
                            p.proposers.isEmpty() ? List.of(p.aggregator) : p.proposers))
                    .toList();
            return new RoundFlow(round, state, updates, list, Optional.ofNullable(finalized),
                    Optional.ofNullable(failure));
        }
    }
}
