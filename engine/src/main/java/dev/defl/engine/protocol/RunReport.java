package dev.defl.engine.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.List;

/**
 * What a federated run did, as written to {@code report.json}: the chain it ran on, the round
 * contract's address, and one {@link RoundReport} per finalized round.
 *
 * @param chainId  EIP-155 chain id of the chain the run used
 * @param contract address of the workspace's FederatedTasks contract, 0x-prefixed hex
 * @param taskId   the task this run created in that contract
 * @param rounds   finalized rounds, in order
 * @param device   DJL device clients trained and the evaluator evaluated on, e.g. {@code "cpu()"} or {@code "gpu(0)"}
 */
public record RunReport(long chainId, String contract, long taskId, List<RoundReport> rounds, String device) {
    /** The device a run uses unless told otherwise (DJL's name of the CPU). */
    public static final String CPU = "cpu()";

    public RunReport {
        rounds = List.copyOf(rounds);
        java.util.Objects.requireNonNull(device, "device");
    }

    /** A report of a run on the CPU ({@link #CPU}). */
    public RunReport(long chainId, String contract, long taskId, List<RoundReport> rounds) {
        this(chainId, contract, taskId, rounds, CPU);
    }

    /**
     * One finalized round. A classification run fills {@code testAccuracy} and {@code testLoss} and leaves the
     * regression fields {@code null}; a regression run has {@code testAccuracy = NaN} (written as JSON {@code null}),
     * {@code testLoss} = MSE and the three regression fields.
     *
     * @param round          round number, starting at 1
     * @param globalModelCid CID of the finalized global model (safetensors, UnixFS, CIDv1)
     * @param testAccuracy   evaluator's accuracy on the held-out test set, in [0, 1]; NaN for regression
     * @param testLoss       evaluator's mean softmax cross-entropy on the test set; for regression the mean squared
     *                       error, in squared target units
     * @param testRmse       regression: root mean squared error on the test set, in target units; else {@code null}
     * @param testMae        regression: mean absolute error on the test set, in target units; else {@code null}
     * @param testR2         regression: coefficient of determination R² on the test set; else {@code null}
     * @param updates        client updates in on-chain submission order
     * @param proposals      aggregate proposals in on-chain order
     * @param votes          votes in on-chain order (a proposal counts as its proposer's vote and is not repeated here)
     * @param finalizedBlock block number of the transaction that emitted {@code RoundFinalized}
     * @param epsilon        with client-level differential privacy: ε spent by the rounds up to this one at the run's δ
     *                       ({@link dev.defl.engine.learning.privacy.RdpAccountant}; infinite with noise multiplier 0,
     *                       written to JSON as the string {@code "Infinity"}); {@code null} without DP
     * @param clipNorm       with adaptive DP clipping: the clip norm C the next round uses, as the aggregators wrote it
     *                       into this round's global model ({@link dev.defl.engine.learning.privacy.AdaptiveClipping});
     *                       {@code null} otherwise
     * @param otherTransactions the round's transactions besides updates, proposals and votes: in Merkle mode the
     *                       aggregator's {@code commitUpdates} and the clients' {@code claimUpdateReward} for earlier
     *                       rounds (sent while this round ran); empty otherwise and in reports written before it existed
     */
    public record RoundReport(int round, String globalModelCid,
                              @JsonSerialize(using = NanAsNull.class) @JsonDeserialize(using = NullAsNan.class) double testAccuracy,
                              @JsonSerialize(using = NanAsNull.class) @JsonDeserialize(using = NullAsNan.class) double testLoss,
                              Double testRmse, Double testMae, Double testR2,
                              List<UpdateRecord> updates, List<ProposalRecord> proposals, List<VoteRecord> votes,
                              long finalizedBlock, Double epsilon, Double clipNorm, List<TransactionRecord> otherTransactions) {
        public RoundReport {
            updates = List.copyOf(updates);
            proposals = List.copyOf(proposals);
            votes = List.copyOf(votes);
            otherTransactions = otherTransactions == null ? List.of() : List.copyOf(otherTransactions);
        }

        /** A round without other transactions (see {@link #otherTransactions}). */
        public RoundReport(int round, String globalModelCid, double testAccuracy, double testLoss, Double testRmse,
                           Double testMae, Double testR2, List<UpdateRecord> updates, List<ProposalRecord> proposals,
                           List<VoteRecord> votes, long finalizedBlock, Double epsilon, Double clipNorm) {
            this(round, globalModelCid, testAccuracy, testLoss, testRmse, testMae, testR2, updates, proposals, votes,
                    finalizedBlock, epsilon, clipNorm, List.of());
        }

        /**
         * Gas of all the round's transactions (updates, proposals, votes and {@link #otherTransactions}), gas units;
         * derived, not a JSON field.
         */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public long gasUsed() {
            return updates.stream().mapToLong(UpdateRecord::gasUsed).sum()
                    + proposals.stream().mapToLong(ProposalRecord::gasUsed).sum()
                    + votes.stream().mapToLong(VoteRecord::gasUsed).sum()
                    + otherTransactions.stream().mapToLong(TransactionRecord::gasUsed).sum();
        }

        /** This round with its {@link #otherTransactions}. */
        public RoundReport withOtherTransactions(List<TransactionRecord> transactions) {
            return new RoundReport(round, globalModelCid, testAccuracy, testLoss, testRmse, testMae, testR2, updates,
                    proposals, votes, finalizedBlock, epsilon, clipNorm, transactions);
        }

        /** A round without differential privacy. */
        public RoundReport(int round, String globalModelCid, double testAccuracy, double testLoss, Double testRmse,
                           Double testMae, Double testR2, List<UpdateRecord> updates, List<ProposalRecord> proposals,
                           List<VoteRecord> votes, long finalizedBlock) {
            this(round, globalModelCid, testAccuracy, testLoss, testRmse, testMae, testR2, updates, proposals, votes,
                    finalizedBlock, null);
        }

        /** A round without adaptive clipping. */
        public RoundReport(int round, String globalModelCid, double testAccuracy, double testLoss, Double testRmse,
                           Double testMae, Double testR2, List<UpdateRecord> updates, List<ProposalRecord> proposals,
                           List<VoteRecord> votes, long finalizedBlock, Double epsilon) {
            this(round, globalModelCid, testAccuracy, testLoss, testRmse, testMae, testR2, updates, proposals, votes,
                    finalizedBlock, epsilon, null);
        }

        /** This round with ε {@code epsilon} ({@code null}: no DP). */
        public RoundReport withEpsilon(Double epsilon) {
            return new RoundReport(round, globalModelCid, testAccuracy, testLoss, testRmse, testMae, testR2, updates,
                    proposals, votes, finalizedBlock, epsilon, clipNorm, otherTransactions);
        }

        /** This round with the next round's adaptive clip norm {@code clipNorm} ({@code null}: none). */
        public RoundReport withClipNorm(Double clipNorm) {
            return new RoundReport(round, globalModelCid, testAccuracy, testLoss, testRmse, testMae, testR2, updates,
                    proposals, votes, finalizedBlock, epsilon, clipNorm, otherTransactions);
        }

        /** A classification round (no regression figures). */
        public RoundReport(int round, String globalModelCid, double testAccuracy, double testLoss,
                           List<UpdateRecord> updates, List<ProposalRecord> proposals, List<VoteRecord> votes,
                           long finalizedBlock) {
            this(round, globalModelCid, testAccuracy, testLoss, null, null, null, updates, proposals, votes, finalizedBlock);
        }

        /** Whether the round scored a regressor ({@link #testRmse()} etc. present); derived, not a JSON field. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRegression() {
            return testRmse != null;
        }
    }

    /** Writes a NaN (not representable in JSON) as {@code null}. */
    static final class NanAsNull extends StdSerializer<Double> {
        NanAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN()) gen.writeNull();
            else gen.writeNumber(value);
        }
    }

    /** Reads JSON {@code null} as NaN, so that a regression round's missing accuracy reads back as written. */
    static final class NullAsNan extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Double> {
        NullAsNan() {
            super(Double.class);
        }

        @Override
        public Double deserialize(com.fasterxml.jackson.core.JsonParser p,
                                  com.fasterxml.jackson.databind.DeserializationContext ctx) throws IOException {
            return p.getDoubleValue();
        }

        @Override
        public Double getNullValue(com.fasterxml.jackson.databind.DeserializationContext ctx) {
            return Double.NaN;
        }
    }

    /**
     * A transaction of a round other than an update, proposal or vote (gas in gas units).
     *
     * @param kind   {@code "commit"} ({@code commitUpdates}: {@code cid} is the manifest) or {@code "claim"}
     *               ({@code claimUpdateReward}: {@code cid} is the update proved, of round {@code forRound})
     * @param sender the account that sent it, 0x-hex
     * @param forRound the round the transaction is about (a claim's is earlier than the round it was sent in)
     */
    public record TransactionRecord(String kind, String sender, String cid, long forRound, String txHash, long gasUsed) {}

    /** A client's update: its account, the update's CID, its sample count and the transaction (gas in gas units). */
    public record UpdateRecord(String client, String cid, long numSamples, String txHash, long gasUsed) {}

    /** An aggregator's proposed aggregate and the transaction that proposed it (gas in gas units). */
    public record ProposalRecord(String aggregator, String cid, String txHash, long gasUsed) {}

    /** A vote for a proposed aggregate and its transaction (gas in gas units). */
    public record VoteRecord(String voter, String cid, String txHash, long gasUsed) {}
}
