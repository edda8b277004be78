package dev.defl.ui.timeline;

import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every task and round of the workspace's FederatedTasks contract, rebuilt from its indexed events
 * ({@link dev.defl.engine.ledger.index.LogIndex}, decoded to {@link TaskEvent}s). Built on a
 * background thread; immutable.
 *
 * <p>Records carry no gas ({@code gasUsed} is {@code -1}): logs do not hold it. A proposer's own
 * {@code VoteCast} (emitted in its {@code propose} transaction) is not listed as a vote, because
 * {@link RoundRow} already counts a proposal as its proposer's vote.
 *
 * @param lastBlock the last block the index covered
 * @param tasks     the tasks in id order
 * @param rounds    each task's rounds in round order, keyed by task id
 */
public record ChainTimeline(long lastBlock, List<TaskSummary> tasks, Map<Long, List<RoundHistory>> rounds) {

    /** Gas of a record read from an event: logs do not carry it. */
    public static final long UNKNOWN_GAS = -1;

    public ChainTimeline {
        tasks = List.copyOf(tasks);
        rounds = Map.copyOf(rounds);
    }

    /**
     * One round as its events tell it.
     *
     * @param round          round number, from 1
     * @param state          the latest state the events show
     * @param updates        submitted updates, in submission order
     * @param proposals      proposed aggregates, in order
     * @param votes          votes other than the proposers' own
     * @param globalModelCid the finalized aggregate's CID; empty unless FINALIZED
     * @param endedBlock     block of {@code RoundFinalized} or {@code RoundFailed}; -1 while running
     * @param failure        why a FAILED round failed and at which block; empty otherwise
     */
    public record RoundHistory(int round, RoundState state, List<UpdateRecord> updates, List<ProposalRecord> proposals,
                               List<VoteRecord> votes, String globalModelCid, long endedBlock, String failure) {
        public RoundHistory {
            updates = List.copyOf(updates);
            proposals = List.copyOf(proposals);
            votes = List.copyOf(votes);
        }
    }

    /** No tasks: before the first sync or before any task ran. */
    public static ChainTimeline empty() {
        return new ChainTimeline(-1, List.of(), Map.of());
    }

    /** The rounds of {@code taskId}; empty for an unknown task. */
    public List<RoundHistory> rounds(long taskId) {
        return rounds.getOrDefault(taskId, List.of());
    }

    /**
     * Rebuilds tasks and rounds from {@code events} in chain order; events of a task whose
     * {@code TaskCreated} is not among them are ignored.
     *
     * @param lastBlock the last block the events cover
     */
    public static ChainTimeline of(List<TaskEvent> events, long lastBlock) {
        Map<Long, TaskBuilder> tasks = new TreeMap<>();
        for (TaskEvent event : events) {
            switch (event) {
                case TaskEvent.TaskCreated e -> tasks.put(e.taskId(), new TaskBuilder(e));
                case TaskEvent.RoundOpened e -> round(tasks, e.taskId(), e.round()).state = RoundState.OPEN;
                case TaskEvent.UpdateSubmitted e -> round(tasks, e.taskId(), e.round()).updates.add(
                        new UpdateRecord(e.client(), e.cid().toString(), e.numSamples(), e.txHash(), UNKNOWN_GAS));
                case TaskEvent.SubmissionsClosed e -> round(tasks, e.taskId(), e.round()).advance(RoundState.AGGREGATING);
                case TaskEvent.AggregateProposed e -> {
                    RoundBuilder r = round(tasks, e.taskId(), e.round());
                    r.proposals.add(new ProposalRecord(e.aggregator(), e.cid().toString(), e.txHash(), UNKNOWN_GAS));
                    r.proposerVotes.add(e.txHash() + "/" + e.aggregator());
                    r.advance(RoundState.VOTING);
                }
                case TaskEvent.VoteCast e -> {
                    RoundBuilder r = round(tasks, e.taskId(), e.round());
                    if (!r.proposerVotes.contains(e.txHash() + "/" + e.voter())) {
                        r.votes.add(new VoteRecord(e.voter(), e.cid().toString(), e.txHash(), UNKNOWN_GAS));
                    }
                    r.advance(RoundState.VOTING);
                }
                case TaskEvent.RoundFinalized e -> {
                    RoundBuilder r = round(tasks, e.taskId(), e.round());
                    r.state = RoundState.FINALIZED;
                    r.globalModelCid = e.cid().toString();
                    r.endedBlock = e.blockNumber();
                }
                case TaskEvent.RoundFailed e -> {
                    RoundBuilder r = round(tasks, e.taskId(), e.round());
                    r.state = RoundState.FAILED;
                    r.endedBlock = e.blockNumber();
                    r.failure = switch (e.reason()) {
                        case TOO_FEW_UPDATES -> "too few updates (" + e.updateCount() + ")";
                        case NO_QUORUM -> "no proposal reached the quorum";
                        case ABANDONED -> "task abandoned by its creator";
                    } + " at block " + e.blockNumber();
                }
                case TaskEvent.TaskCompleted e -> {
                    TaskBuilder t = tasks.get(e.taskId());
                    if (t != null) t.completed = true;
                }
                case TaskEvent.TaskAbandoned e -> {
                    TaskBuilder t = tasks.get(e.taskId());
                    if (t != null) t.abandoned = true;
                }
                default -> { } // participants, rewards, token transfers, Merkle commitments: not on the timeline
            }
        }
        List<TaskSummary> summaries = new ArrayList<>();
        Map<Long, List<RoundHistory>> rounds = new TreeMap<>();
        for (TaskBuilder t : tasks.values()) {
            List<RoundHistory> list = t.rounds.values().stream().map(RoundBuilder::build).toList();
            rounds.put(t.created.taskId(), list);
            summaries.add(new TaskSummary(t.created.taskId(), t.created.blockNumber(), t.completed, t.abandoned,
                    t.created.params().rounds(), list.size(),
                    list.stream().filter(r -> r.state() == RoundState.FINALIZED).count(),
                    list.stream().filter(r -> r.state() == RoundState.FAILED).count(), t.created.params().quorum()));
        }
        return new ChainTimeline(lastBlock, summaries, rounds);
    }

    /** The builder of a round of a known task; a throwaway one for an unknown task. */
    private static RoundBuilder round(Map<Long, TaskBuilder> tasks, long taskId, long round) {
        TaskBuilder t = tasks.get(taskId);
        if (t == null) return new RoundBuilder((int) round);
        return t.rounds.computeIfAbsent(round, n -> new RoundBuilder(Math.toIntExact(n)));
    }

    private static final class TaskBuilder {
        final TaskEvent.TaskCreated created;
        final Map<Long, RoundBuilder> rounds = new TreeMap<>();
        boolean abandoned;
        boolean completed;

        TaskBuilder(TaskEvent.TaskCreated created) {
            this.created = Objects.requireNonNull(created);
        }
    }

    private static final class RoundBuilder {
        final int round;
        RoundState state = RoundState.OPEN;
        final List<UpdateRecord> updates = new ArrayList<>();
        final List<ProposalRecord> proposals = new ArrayList<>();
        final List<VoteRecord> votes = new ArrayList<>();
        final Set<String> proposerVotes = new HashSet<>();
        String globalModelCid = "";
        long endedBlock = -1;
        String failure = "";

        RoundBuilder(int round) {
            this.round = round;
        }

        /** Moves forward to {@code next} unless the round already ended or is further along. */
        void advance(RoundState next) {
            if (state.ordinal() < next.ordinal() && state != RoundState.FINALIZED && state != RoundState.FAILED) {
                state = next;
            }
        }

        RoundHistory build() {
            return new RoundHistory(round, state, updates, proposals, votes, globalModelCid, endedBlock, failure);
        }
    }
}
