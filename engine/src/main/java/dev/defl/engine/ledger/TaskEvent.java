package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.math.BigInteger;
import java.util.Set;

/**
 * An event of the FederatedTasks contract ({@code resources/contracts/FederatedTasks.sol}) decoded
 * from a log. Addresses are lower-case 0x-hex, 32-byte commitments 0x-hex; CIDs are rebuilt as
 * CIDv1 from the emitted digest and codec ({@link CompactCid}). Immutable values.
 */
public sealed interface TaskEvent {
    /** Hash of the transaction that emitted the event, 0x-hex. */
    String txHash();

    /** Block the transaction was mined in. */
    long blockNumber();

    /** A task was created with {@code params}; round 1 opens in the same transaction. */
    record TaskCreated(long taskId, String creator, TaskParams params, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /** The creator added {@code account}; {@code roles} are all its roles afterwards. */
    record ParticipantAdded(long taskId, String account, Set<Role> roles, String txHash, long blockNumber)
            implements TaskEvent {
        public ParticipantAdded {
            roles = Set.copyOf(roles);
        }
    }

    /** Round {@code round} opened on the global model of {@code baseRound} (0: the initial model). */
    record RoundOpened(long taskId, long round, long baseRound, long submissionDeadline, long voteDeadline,
            String txHash, long blockNumber) implements TaskEvent {
    }

    /** A client submitted update number {@code index} (from 0) of the round. */
    record UpdateSubmitted(long taskId, long round, String client, Cid cid, long numSamples, long index,
            String txHash, long blockNumber) implements TaskEvent {
    }

    /** Merkle mode: an aggregator committed the round's update set ({@code root}) and its signed manifest. */
    record UpdatesCommitted(long taskId, long round, String aggregator, String root, Cid manifest, long count,
            long totalSamples, String txHash, long blockNumber) implements TaskEvent {
    }

    /** Open → aggregating: the update set is fixed; {@code commitment} is the updates hash or Merkle root. */
    record SubmissionsClosed(long taskId, long round, long count, long totalSamples, String commitment,
            String txHash, long blockNumber) implements TaskEvent {
    }

    /** An aggregator proposed {@code cid} (the first proposal moves the round to voting); followed by its VoteCast. */
    record AggregateProposed(long taskId, long round, String aggregator, Cid cid, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /** An aggregator voted for {@code cid}, which now has {@code votes} votes. */
    record VoteCast(long taskId, long round, String voter, Cid cid, long votes, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /** {@code cid} reached the quorum with {@code votes} votes and is the round's global model. */
    record RoundFinalized(long taskId, long round, Cid cid, long votes, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /** The round failed at a deadline; the next round opens on the same global model. */
    record RoundFailed(long taskId, long round, FailureReason reason, long updateCount, String txHash,
            long blockNumber) implements TaskEvent {
    }

    /** The last round ended; {@code model} (the global model of {@code modelRound}) is the task's result. */
    record TaskCompleted(long taskId, long modelRound, Cid model, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /**
     * The creator ended the task before its last round ({@code abandonTask}: its run was stopped, or the process that
     * drove it died); {@code round} was the current round, which failed with reason ABANDONED if still undecided.
     */
    record TaskAbandoned(long taskId, long round, long modelRound, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /**
     * Merkle mode: a client proved its update in finalized round {@code round} and earned the task's
     * rewardPerUpdate (paid by claimRewards). Per-update mode emits none: every update of a finalized
     * round earns it, counted when the client next submits or claims.
     */
    record UpdateRewarded(long taskId, long round, String client, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /** {@code account} minted its accrued {@code amount} reward units of the task. */
    record RewardsClaimed(long taskId, String account, BigInteger amount, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /**
     * Private task: an aggregator published its secp256k1 public key (64 bytes {@code X || Y}, which the contract
     * checked derives {@code aggregator}) and its EIP-191 signature of the key statement (65 bytes, checked off chain:
     * {@code envelope.KeyStatement}). The arrays are copies.
     */
    record AggregatorKeyPublished(long taskId, String aggregator, byte[] publicKey, byte[] signature, String txHash,
            long blockNumber) implements TaskEvent {
        public AggregatorKeyPublished {
            publicKey = publicKey.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AggregatorKeyPublished k && k.taskId == taskId && k.aggregator.equals(aggregator)
                    && java.util.Arrays.equals(k.publicKey, publicKey) && java.util.Arrays.equals(k.signature, signature)
                    && k.txHash.equals(txHash) && k.blockNumber == blockNumber;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(taskId, aggregator, txHash, blockNumber);
        }

        @Override
        public String toString() {
            return "AggregatorKeyPublished[task " + taskId + ", " + aggregator + ", block " + blockNumber + "]";
        }
    }

    /** ERC-20 Transfer of the reward token ({@code from} zero address: minted). */
    record TokenTransfer(String from, String to, BigInteger amount, String txHash, long blockNumber)
            implements TaskEvent {
    }

    /** Why a round failed, in the contract's enum order. */
    enum FailureReason { TOO_FEW_UPDATES, NO_QUORUM, ABANDONED }
}
