package dev.defl.engine.protocol;

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
     * One finalized round.
     *
     * @param round          round number, starting at 1
     * @param globalModelCid CID of the finalized global model (safetensors, UnixFS, CIDv1)
     * @param testAccuracy   evaluator's accuracy on the held-out test set, in [0, 1]
     * @param testLoss       evaluator's mean softmax cross-entropy on the test set
     * @param updates        client updates in on-chain submission order
     * @param proposals      aggregate proposals in on-chain order
     * @param votes          votes in on-chain order (a proposal counts as its proposer's vote and is not repeated here)
     * @param finalizedBlock block number of the transaction that emitted {@code RoundFinalized}
     */
    public record RoundReport(int round, String globalModelCid, double testAccuracy, double testLoss,
                              List<UpdateRecord> updates, List<ProposalRecord> proposals, List<VoteRecord> votes,
                              long finalizedBlock) {
        public RoundReport {
            updates = List.copyOf(updates);
            proposals = List.copyOf(proposals);
            votes = List.copyOf(votes);
        }
    }

    /** A client's update: its account, the update's CID, its sample count and the transaction (gas in gas units). */
    public record UpdateRecord(String client, String cid, long numSamples, String txHash, long gasUsed) {}

    /** An aggregator's proposed aggregate and the transaction that proposed it (gas in gas units). */
    public record ProposalRecord(String aggregator, String cid, String txHash, long gasUsed) {}

    /** A vote for a proposed aggregate and its transaction (gas in gas units). */
    public record VoteRecord(String voter, String cid, String txHash, long gasUsed) {}
}
