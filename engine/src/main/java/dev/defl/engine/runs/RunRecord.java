package dev.defl.engine.runs;

import java.time.Instant;
import java.util.List;

/**
 * One run with everything the run database holds about it.
 *
 * @param summary      the run's row
 * @param participants its clients and aggregators, by role and index
 * @param rounds       its rounds, in order (an unfinalized round has null metrics)
 * @param transactions the updates, proposals and votes it sent, by round
 * @param epochs       per client and local epoch: training loss and accuracy
 */
public record RunRecord(RunSummary summary, List<Participant> participants, List<RoundRow> rounds,
                        List<TxRow> transactions, List<EpochRow> epochs) {
    public RunRecord {
        participants = List.copyOf(participants);
        rounds = List.copyOf(rounds);
        transactions = List.copyOf(transactions);
        epochs = List.copyOf(epochs);
    }

    /**
     * A client or aggregator of a run.
     *
     * @param role    {@code "client"} or {@code "aggregator"}
     * @param index   0-based index within its role (registration order)
     * @param address its account, 0x-prefixed hex
     */
    public record Participant(String role, int index, String address) {
    }

    /**
     * One round of a run. Times are wall-clock seconds measured by the recording process: {@code trainSeconds} the
     * clients' local training (summed), {@code submitSeconds} the rest until the last update was on chain (fetching
     * the global model, adding the update, its transaction), {@code aggregateSeconds} from then until the last
     * vote, {@code evalSeconds} from then until the round was scored.
     *
     * @param round          1-based round number
     * @param openedAt       when the round opened, or null
     * @param finalizedAt    when it was finalized and scored, or null while open
     * @param globalCid      CID of the finalized global model, or null
     * @param testAccuracy   test accuracy in [0, 1], or null (regression, or not scored)
     * @param testLoss       test loss (cross-entropy; MSE for regression), or null
     * @param testRmse       regression RMSE in target units, or null
     * @param testMae        regression MAE in target units, or null
     * @param testR2         regression R², or null
     * @param finalizedBlock the block of the finalizing transaction, or null
     * @param gasUsed        gas used by the round's transactions (updates, proposals, votes), or null
     * @param epsilon        with client-level DP, ε spent up to this round (infinite for noise multiplier 0), else null
     */
    public record RoundRow(int round, Instant openedAt, Instant finalizedAt, String globalCid, Double testAccuracy,
                           Double testLoss, Double testRmse, Double testMae, Double testR2, Long finalizedBlock,
                           Long gasUsed, Double trainSeconds, Double submitSeconds, Double aggregateSeconds,
                           Double evalSeconds, Double epsilon) {
        /** A round without differential privacy. */
        public RoundRow(int round, Instant openedAt, Instant finalizedAt, String globalCid, Double testAccuracy,
                        Double testLoss, Double testRmse, Double testMae, Double testR2, Long finalizedBlock,
                        Long gasUsed, Double trainSeconds, Double submitSeconds, Double aggregateSeconds,
                        Double evalSeconds) {
            this(round, openedAt, finalizedAt, globalCid, testAccuracy, testLoss, testRmse, testMae, testR2,
                    finalizedBlock, gasUsed, trainSeconds, submitSeconds, aggregateSeconds, evalSeconds, null);
        }
    }

    /**
     * A transaction a run's participant sent in a round.
     *
     * @param kind    {@code "update"}, {@code "proposal"}, {@code "vote"}, or in Merkle mode {@code "commit"}
     *                ({@code commitUpdates}; cid: the manifest) and {@code "claim"} ({@code claimUpdateReward};
     *                round: the round claimed, cid: the update proved)
     * @param address the sender's account
     * @param cid     the update's or aggregate's CID
     * @param samples training samples behind an update, else null
     * @param txHash  the transaction hash, or null where not known
     * @param gasUsed gas the transaction used, or null
     */
    public record TxRow(int round, String kind, String address, String cid, Long samples, String txHash, Long gasUsed) {
    }

    /**
     * One local epoch of one client.
     *
     * @param client   0-based client index
     * @param epoch    1-based local epoch
     * @param loss     mean training loss of the epoch
     * @param accuracy training accuracy of the epoch in [0, 1] (NaN for regression)
     */
    public record EpochRow(int round, int client, int epoch, double loss, double accuracy) {
    }
}
