package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskEvent.UpdateSubmitted;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of a task as its contract events tell it: who sent which update, which aggregates were proposed and who
 * voted for each, and which one finalized. The data of the Peers pane's flow graph (clients → updates → aggregators →
 * proposals → votes) and of its votes matrix ({@link #cell}).
 *
 * @param round     round number, from 1
 * @param state     the latest state the events show
 * @param updates   the round's {@code UpdateSubmitted} events in submission order (Merkle mode: none)
 * @param proposals the distinct proposed CIDs in the order first proposed
 * @param finalized the CID that reached the quorum; empty unless {@link State#FINALIZED}
 * @param failure   why a {@link State#FAILED} round failed; empty otherwise
 */
public record RoundFlow(long round, State state, List<UpdateSubmitted> updates, List<Proposal> proposals,
        Optional<Cid> finalized, Optional<TaskEvent.FailureReason> failure) {

    /** A round's state, in the contract's order. */
    public enum State { OPEN, AGGREGATING, VOTING, FINALIZED, FAILED }

    /** What an aggregator did about a proposed CID in a round: a votes-matrix cell. */
    public enum VoteCell {
        /** It proposed the CID (which counts as its vote). */
        PROPOSED,
        /** It voted for a CID another aggregator proposed. */
        VOTED,
        /** Neither. */
        NONE
    }

    /**
     * A proposed aggregate.
     *
     * @param aggregator the first aggregator that proposed {@code cid}
     * @param cid        the proposed aggregate
     * @param voters     every aggregator whose {@code VoteCast} counted for it, in order; the proposers' own votes
     *                   included
     * @param proposers  every aggregator that proposed it (a second {@code propose} of the same CID is a vote), in
     *                   order; {@code aggregator} first
     */
    public record Proposal(String aggregator, Cid cid, List<String> voters, List<String> proposers) {
        public Proposal {
            Objects.requireNonNull(aggregator, "aggregator");
            Objects.requireNonNull(cid, "cid");
            voters = List.copyOf(voters);
            proposers = List.copyOf(proposers);
        }

        /** A proposal only {@code aggregator} proposed. */
        public Proposal(String aggregator, Cid cid, List<String> voters) {
            this(aggregator, cid, voters, List.of(aggregator));
        }
    }

    public RoundFlow {
        Objects.requireNonNull(state, "state");
        updates = List.copyOf(updates);
        proposals = List.copyOf(proposals);
        Objects.requireNonNull(finalized, "finalized");
        Objects.requireNonNull(failure, "failure");
    }

    /** The votes-matrix cell of {@code aggregator} (lower-case 0x-hex) for the proposed {@code cid}. */
    public VoteCell cell(String aggregator, Cid cid) {
        for (Proposal p : proposals) {
            if (!p.cid().equals(cid)) continue;
            if (p.proposers().contains(aggregator)) return VoteCell.PROPOSED;
            if (p.voters().contains(aggregator)) return VoteCell.VOTED;
        }
        return VoteCell.NONE;
    }

    /**
     * Whether {@code proposal} lost: the round finalized another CID, or it failed with no proposal reaching the
     * quorum. False while the round is still voting.
     */
    public boolean rejected(Proposal proposal) {
        return switch (state) {
            case FINALIZED -> !finalized.orElseThrow().equals(proposal.cid());
            case FAILED -> true;
            default -> false;
        };
    }
}
