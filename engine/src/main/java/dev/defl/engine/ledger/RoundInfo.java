package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.util.Optional;

/**
 * One round of a task ({@code getRound}): its packed header slot, commitment and global model.
 *
 * @param state              round state
 * @param merkleMode         updates are committed as a Merkle root
 * @param proposals          distinct aggregates proposed (the contract saturates at 255)
 * @param updateCount        updates submitted (or committed in Merkle mode)
 * @param maxUpdates         updates that close submissions (the task's clientsPerRound)
 * @param submissionDeadline last block accepting updates
 * @param voteDeadline       last block accepting proposals, votes and Merkle commitments
 * @param totalSamples       sum of the updates' numSamples
 * @param failuresBefore     rounds of the task that had failed when this one opened
 * @param commitment         32 bytes: the rolling updates hash ({@link UpdatesHash}) or the Merkle root;
 *                           zero for a Merkle round without commitment
 * @param globalModel        the finalized aggregate's CID (round 0: the initial model); empty unless FINALIZED
 */
public record RoundInfo(State state, boolean merkleMode, int proposals, long updateCount, long maxUpdates,
        long submissionDeadline, long voteDeadline, long totalSamples, long failuresBefore, byte[] commitment, Optional<Cid> globalModel) {
    public RoundInfo {
        commitment = commitment.clone();
    }

    @Override
    public byte[] commitment() {
        return commitment.clone();
    }

    /** Round state, in the contract's enum order: NONE (never opened), OPEN, AGGREGATING, VOTING, FINALIZED, FAILED. */
    public enum State { NONE, OPEN, AGGREGATING, VOTING, FINALIZED, FAILED }
}
