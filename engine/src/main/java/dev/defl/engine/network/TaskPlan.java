package dev.defl.engine.network;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * What a task creator decides besides the model ({@link TaskDocument}): the round rules and who takes part.
 *
 * @param rounds           rounds the task runs, &ge; 1
 * @param clientsPerRound  updates that close a round's submissions, &ge; 1
 * @param minUpdates       updates a round needs once the submission deadline passed, 1..clientsPerRound
 * @param quorum           aggregator votes that finalize a proposal, &ge; 1
 * @param submissionBlocks blocks a round accepts updates after it opened (with a block time of 1 s: seconds)
 * @param votingBlocks     blocks after that for proposals and votes
 * @param rewardPerUpdate  reward tokens (smallest unit, 18 decimals) per update in a finalized round
 * @param rewardPerVote    reward tokens per vote for the winning proposal
 * @param clients          client addresses registered at creation (more can be added later)
 * @param aggregators      aggregator addresses registered at creation
 * @param merkleMode       updates are signed off chain and committed per round as one Merkle root
 *                         ({@code TaskParams.merkleMode}); false: one {@code submitUpdate} transaction per update
 */
public record TaskPlan(long rounds, long clientsPerRound, long minUpdates, int quorum, long submissionBlocks,
                       long votingBlocks, BigInteger rewardPerUpdate, BigInteger rewardPerVote, List<String> clients,
                       List<String> aggregators, boolean merkleMode) {
    /** A plan in per-update mode. */
    public TaskPlan(long rounds, long clientsPerRound, long minUpdates, int quorum, long submissionBlocks,
                    long votingBlocks, BigInteger rewardPerUpdate, BigInteger rewardPerVote, List<String> clients,
                    List<String> aggregators) {
        this(rounds, clientsPerRound, minUpdates, quorum, submissionBlocks, votingBlocks, rewardPerUpdate, rewardPerVote,
                clients, aggregators, false);
    }

    /** This plan with Merkle mode on or off. */
    public TaskPlan withMerkleMode(boolean merkle) {
        return new TaskPlan(rounds, clientsPerRound, minUpdates, quorum, submissionBlocks, votingBlocks, rewardPerUpdate,
                rewardPerVote, clients, aggregators, merkle);
    }

    public TaskPlan {
        Objects.requireNonNull(rewardPerUpdate, "rewardPerUpdate");
        Objects.requireNonNull(rewardPerVote, "rewardPerVote");
        clients = List.copyOf(clients);
        aggregators = List.copyOf(aggregators);
        if (quorum > aggregators.size() && !aggregators.isEmpty()) {
            throw new IllegalArgumentException("quorum " + quorum + " exceeds the " + aggregators.size()
                    + " aggregators registered: no proposal could ever finalize");
        }
        if (minUpdates > clientsPerRound) {
            throw new IllegalArgumentException("minUpdates " + minUpdates + " exceeds clientsPerRound " + clientsPerRound);
        }
    }
}
