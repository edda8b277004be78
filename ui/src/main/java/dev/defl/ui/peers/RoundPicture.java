package dev.defl.ui.peers;

import dev.defl.engine.ledger.TaskEvent.UpdateSubmitted;
import dev.defl.engine.network.RoundFlow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of the Peers pane's flow graph and votes matrix, as display values (the view holds no engine types):
 * built by {@link PeersViewModel} from the engine's {@link RoundFlow} and the task's aggregators.
 *
 * @param round       the round number, from 1
 * @param label       what the round picker shows: "Round 2 — finalized", "Round 3 — failed (no quorum)"
 * @param updates     the round's submitted updates, in submission order
 * @param proposals   the proposed aggregates, in proposal order
 * @param aggregators the task's registered aggregators, in registration order
 * @param finalized   the finalized global model's CID, if the round finalized
 */
public record RoundPicture(long round, String label, List<Update> updates, List<Proposal> proposals,
        List<String> aggregators, Optional<String> finalized) {

    /** A submitted update: its client's address, its CID and its number of training samples. */
    public record Update(String client, String cid, long numSamples) {
    }

    /** How a proposal fared: the round finalized it, the round finalized another one (or failed), or still open. */
    public enum Outcome { FINALIZED, REJECTED, PENDING }

    /** What an aggregator did about a proposal. */
    public enum Vote { PROPOSED, VOTED, NONE }

    /**
     * A proposed aggregate.
     *
     * @param aggregator the first aggregator that proposed it
     * @param cid        its CID
     * @param voters     the aggregators that voted for it, proposers included (the contract counts a proposal as a vote)
     * @param proposers  the aggregators that proposed it
     * @param outcome    how it fared
     */
    public record Proposal(String aggregator, String cid, List<String> voters, List<String> proposers,
            Outcome outcome) {
        public Proposal {
            voters = List.copyOf(voters);
            proposers = List.copyOf(proposers);
        }

        /** What {@code aggregator} did about this proposal. */
        public Vote vote(String aggregator) {
            return proposers.contains(aggregator) ? Vote.PROPOSED : voters.contains(aggregator) ? Vote.VOTED : Vote.NONE;
        }
    }

    public RoundPicture {
        Objects.requireNonNull(label, "label");
        updates = List.copyOf(updates);
        proposals = List.copyOf(proposals);
        aggregators = List.copyOf(aggregators);
        Objects.requireNonNull(finalized, "finalized");
    }

    /** The picture of {@code flow} in a task whose aggregators are {@code taskAggregators}. */
    static RoundPicture of(RoundFlow flow, List<String> taskAggregators) {
        String label = "Round " + flow.round() + " — " + flow.state().name().toLowerCase()
                + flow.failure().map(f -> " (" + f.name().toLowerCase().replace('_', ' ') + ")").orElse("");
        List<Update> updates = flow.updates().stream()
                .map((UpdateSubmitted u) -> new Update(u.client(), u.cid().toString(), u.numSamples())).toList();
        List<Proposal> proposals = flow.proposals().stream().map(p -> new Proposal(p.aggregator(), p.cid().toString(),
                p.voters(), p.proposers(), flow.finalized().map(p.cid()::equals).orElse(false) ? Outcome.FINALIZED
                        : flow.rejected(p) ? Outcome.REJECTED : Outcome.PENDING)).toList();
        return new RoundPicture(flow.round(), label, updates, proposals, taskAggregators,
                flow.finalized().map(Object::toString));
    }
}
