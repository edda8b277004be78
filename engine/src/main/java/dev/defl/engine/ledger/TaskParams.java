package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Parameters of a task on the FederatedTasks contract ({@code resources/contracts/FederatedTasks.sol},
 * struct {@code TaskParams}). Rounds' deadlines are block numbers fixed when the round opens:
 * updates until {@code open + submissionBlocks}, proposals and votes until that {@code + votingBlocks}.
 *
 * @param modelSpec        CID of the model specification (sha2-256; raw or dag-pb)
 * @param initialModel     CID of the initial global model, round 0 (sha2-256; raw or dag-pb)
 * @param rounds           rounds the task runs, failed rounds included, 1 .. 2^32-1
 * @param clientsPerRound  updates that close a round's submissions (Merkle mode: most a commitment may count), >= 1
 * @param minUpdates       updates a round needs to be aggregated, 1 .. clientsPerRound
 * @param quorum           aggregator votes that finalize a proposal, 1 .. 65535
 * @param submissionBlocks blocks a round accepts updates, >= 1
 * @param votingBlocks     blocks after the submission deadline for proposals and votes, >= 1
 * @param merkleMode       clients sign updates off chain and an aggregator commits their Merkle root per round
 * @param rewardPerUpdate  reward token units per update in a finalized round, 0 .. 2^96-1
 * @param rewardPerVote    reward token units per vote for the winning proposal, 0 .. 2^96-1
 * @param aggregationRule  the aggregation rule the task's aggregators apply, one of the {@code AGGREGATION_*}
 *                         codes 0 .. {@link #MAX_AGGREGATION_RULE} (recorded on chain, not enforced there)
 * @param privateUpdates   clients seal their updates for the aggregators, who publish their keys
 *                         ({@link TaskContract#publishKey}); format {@code docs/envelope.md}
 */
public record TaskParams(Cid modelSpec, Cid initialModel, long rounds, long clientsPerRound, long minUpdates,
        int quorum, long submissionBlocks, long votingBlocks, boolean merkleMode, BigInteger rewardPerUpdate,
        BigInteger rewardPerVote, int aggregationRule, boolean privateUpdates) {
    /** Aggregation rule recorded on chain: 0, FedAvg weighted by sample count (McMahan et al. 2017). */
    public static final int AGGREGATION_FEDAVG = 0;
    /** Aggregation rule code 1: FedProx (Li et al. 2020); server step FedAvg, proximal term μ on the clients. */
    public static final int AGGREGATION_FEDPROX = 1;
    /** Aggregation rule code 2: FedAvgM, server momentum (Hsu et al. 2019). */
    public static final int AGGREGATION_FEDAVGM = 2;
    /** Aggregation rule code 3: FedAdam (Reddi et al. 2021). */
    public static final int AGGREGATION_FEDADAM = 3;
    /** Aggregation rule code 4: FedYogi (Reddi et al. 2021). */
    public static final int AGGREGATION_FEDYOGI = 4;
    /** Aggregation rule code 5: FedAdagrad (Reddi et al. 2021). */
    public static final int AGGREGATION_FEDADAGRAD = 5;
    /** Aggregation rule code 6: coordinate-wise median (Yin et al. 2018). */
    public static final int AGGREGATION_FEDMEDIAN = 6;
    /** Aggregation rule code 7: coordinate-wise trimmed mean (Yin et al. 2018). */
    public static final int AGGREGATION_TRIMMED_MEAN = 7;
    /** Aggregation rule code 8: Krum (Blanchard et al. 2017). */
    public static final int AGGREGATION_KRUM = 8;
    /** Aggregation rule code 9: Multi-Krum (Blanchard et al. 2017). */
    public static final int AGGREGATION_MULTI_KRUM = 9;
    /** Aggregation rule code 10: Bulyan (El Mhamdi et al. 2018). */
    public static final int AGGREGATION_BULYAN = 10;
    /** Aggregation rule code 11: centered clipping (Karimireddy et al. 2021). */
    public static final int AGGREGATION_CENTERED_CLIPPING = 11;
    /** Aggregation rule code 12: geometric median, RFA (Pillutla et al. 2022). */
    public static final int AGGREGATION_GEOMETRIC_MEDIAN = 12;
    /** Aggregation rule code 13: norm bounding (Sun et al. 2019). */
    public static final int AGGREGATION_NORM_BOUNDING = 13;
    /** Aggregation rule code 14: FLTrust (Cao et al. 2021). */
    public static final int AGGREGATION_FLTRUST = 14;
    /** Highest aggregation rule code the contract accepts. */
    public static final int MAX_AGGREGATION_RULE = AGGREGATION_FLTRUST;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final BigInteger UINT96_LIMIT = BigInteger.ONE.shiftLeft(96);

    /**
     * @throws IllegalArgumentException naming the first parameter out of range, or a CID the
     *     contract cannot store ({@link CompactCid#of})
     */
    public TaskParams {
        Objects.requireNonNull(modelSpec, "modelSpec");
        Objects.requireNonNull(initialModel, "initialModel");
        Objects.requireNonNull(rewardPerUpdate, "rewardPerUpdate");
        Objects.requireNonNull(rewardPerVote, "rewardPerVote");
        CompactCid.of(modelSpec);
        CompactCid.of(initialModel);
        require(rounds >= 1 && rounds <= UINT32_MAX, "rounds", rounds, "1..2^32-1");
        require(clientsPerRound >= 1 && clientsPerRound <= UINT32_MAX, "clientsPerRound", clientsPerRound, "1..2^32-1");
        require(minUpdates >= 1 && minUpdates <= clientsPerRound, "minUpdates", minUpdates, "1..clientsPerRound");
        require(quorum >= 1 && quorum <= 0xFFFF, "quorum", quorum, "1..65535");
        require(submissionBlocks >= 1 && submissionBlocks <= UINT32_MAX, "submissionBlocks", submissionBlocks, "1..2^32-1");
        require(votingBlocks >= 1 && votingBlocks <= UINT32_MAX, "votingBlocks", votingBlocks, "1..2^32-1");
        require(aggregationRule >= 0 && aggregationRule <= MAX_AGGREGATION_RULE, "aggregationRule", aggregationRule,
                "0.." + MAX_AGGREGATION_RULE);
        for (var reward : new Object[][] {{"rewardPerUpdate", rewardPerUpdate}, {"rewardPerVote", rewardPerVote}}) {
            BigInteger value = (BigInteger) reward[1];
            if (value.signum() < 0 || value.compareTo(UINT96_LIMIT) >= 0) {
                throw new IllegalArgumentException(reward[0] + " must be 0..2^96-1, got " + value);
            }
        }
    }

    /** Parameters of a task whose updates are public. */
    public TaskParams(Cid modelSpec, Cid initialModel, long rounds, long clientsPerRound, long minUpdates,
            int quorum, long submissionBlocks, long votingBlocks, boolean merkleMode, BigInteger rewardPerUpdate,
            BigInteger rewardPerVote, int aggregationRule) {
        this(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks, votingBlocks,
                merkleMode, rewardPerUpdate, rewardPerVote, aggregationRule, false);
    }

    /** Parameters with aggregation rule {@link #AGGREGATION_FEDAVG}. */
    public TaskParams(Cid modelSpec, Cid initialModel, long rounds, long clientsPerRound, long minUpdates,
            int quorum, long submissionBlocks, long votingBlocks, boolean merkleMode, BigInteger rewardPerUpdate,
            BigInteger rewardPerVote) {
        this(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks, votingBlocks,
                merkleMode, rewardPerUpdate, rewardPerVote, AGGREGATION_FEDAVG);
    }

    /** Per-update mode, no rewards. */
    public static TaskParams of(Cid modelSpec, Cid initialModel, long rounds, long clientsPerRound, long minUpdates,
            int quorum, long submissionBlocks, long votingBlocks) {
        return new TaskParams(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks,
                votingBlocks, false, BigInteger.ZERO, BigInteger.ZERO);
    }

    /** The same parameters with these rewards (token units). */
    public TaskParams withRewards(BigInteger perUpdate, BigInteger perVote) {
        return new TaskParams(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks,
                votingBlocks, merkleMode, perUpdate, perVote, aggregationRule, privateUpdates);
    }

    /** The same parameters in Merkle mode (or per-update mode). */
    public TaskParams withMerkleMode(boolean merkle) {
        return new TaskParams(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks,
                votingBlocks, merkle, rewardPerUpdate, rewardPerVote, aggregationRule, privateUpdates);
    }

    /** The same parameters with this aggregation rule code ({@code AGGREGATION_*}). */
    public TaskParams withAggregationRule(int rule) {
        return new TaskParams(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks,
                votingBlocks, merkleMode, rewardPerUpdate, rewardPerVote, rule, privateUpdates);
    }

    /** The same parameters with private updates on or off. */
    public TaskParams withPrivateUpdates(boolean on) {
        return new TaskParams(modelSpec, initialModel, rounds, clientsPerRound, minUpdates, quorum, submissionBlocks,
                votingBlocks, merkleMode, rewardPerUpdate, rewardPerVote, aggregationRule, on);
    }

    private static void require(boolean ok, String name, long value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(name + " must be " + range + ", got " + value);
        }
    }
}
