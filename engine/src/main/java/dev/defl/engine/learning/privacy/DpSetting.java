package dev.defl.engine.learning.privacy;

/**
 * The client-level differential privacy of a task (DP-FedAvg, McMahan et al. 2018): every client clips its update
 * delta to L2 norm {@code C} and adds Gaussian noise of standard deviation {@code z·C/√m} per coordinate
 * ({@link DpFedAvgClient}); the run reports ε at {@code δ} ({@link RdpAccountant}).
 *
 * <p>With adaptive clipping ({@link #adaptive()}, Andrew et al. 2021, {@link AdaptiveClipping}) {@code clipNorm} is the
 * initial C of round 1; later rounds use the C the aggregators wrote into the global model they start from, moved
 * towards the {@code targetQuantile} of the clients' update norms.
 *
 * @param clipNorm        C, the L2 bound on a client's update delta (in the weights' units), finite and &gt; 0
 * @param noiseMultiplier z, finite and &ge; 0 (0: clipping only, ε is infinite)
 * @param delta           δ of the reported (ε, δ) guarantee, in (0, 1)
 * @param targetQuantile  adaptive clipping's target quantile γ in [0, 1], or {@code null} for a fixed C
 */
public record DpSetting(double clipNorm, double noiseMultiplier, double delta, Double targetQuantile) {

    /** γ of {@code --dp-adaptive} without {@code --dp-target-quantile}: the median, as Andrew et al. 2021 recommend. */
    public static final double DEFAULT_TARGET_QUANTILE = 0.5;

    /** A fixed clip norm C (no adaptive clipping). */
    public DpSetting(double clipNorm, double noiseMultiplier, double delta) {
        this(clipNorm, noiseMultiplier, delta, null);
    }

    /** @throws IllegalArgumentException naming the parameter that is NaN, infinite or out of range */
    public DpSetting {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("DP clip norm C must be finite and > 0, got " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("DP noise multiplier z must be finite and >= 0, got " + noiseMultiplier);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DP delta must be in (0, 1), got " + delta);
        }
        if (targetQuantile != null && !(targetQuantile >= 0 && targetQuantile <= 1)) {
            throw new IllegalArgumentException("DP adaptive clipping target quantile must be in [0, 1], got " + targetQuantile);
        }
    }

    /** Whether C adapts to the clients' update norms (Andrew et al. 2021) rather than staying fixed. */
    public boolean adaptive() {
        return targetQuantile != null;
    }

    /**
     * This setting with adaptive clipping towards quantile {@code targetQuantile} ({@code null}: a fixed C); C becomes
     * the initial clip norm.
     *
     * @throws IllegalArgumentException if the quantile is outside [0, 1]
     */
    public DpSetting withTargetQuantile(Double targetQuantile) {
        return new DpSetting(clipNorm, noiseMultiplier, delta, targetQuantile);
    }

    /**
     * The adaptive clipping of a task with {@code clientsPerRound} clients a round, or {@code null} for a fixed C.
     *
     * @throws IllegalArgumentException if adaptive and {@code clientsPerRound} &lt; 1 ({@link AdaptiveClipping#forTask})
     */
    public AdaptiveClipping adaptiveClipping(int clientsPerRound) {
        return adaptive() ? AdaptiveClipping.forTask(this, clientsPerRound) : null;
    }

    /** The client step of a round in which {@code clientsPerRound} updates are summed. */
    public DpFedAvgClient.Params clientParams(int clientsPerRound) {
        return new DpFedAvgClient.Params(clipNorm, noiseMultiplier, clientsPerRound);
    }

    /**
     * A fresh accountant for a task that samples {@code clientsPerRound} of {@code clients} each round
     * (q = clientsPerRound / clients) with this noise multiplier.
     *
     * @throws IllegalArgumentException if the counts are not {@code 1 <= clientsPerRound <= clients}
     */
    public RdpAccountant accountant(int clientsPerRound, int clients) {
        if (clientsPerRound < 1 || clientsPerRound > clients) {
            throw new IllegalArgumentException("clients per round must be in 1.." + clients + ", got " + clientsPerRound);
        }
        return new RdpAccountant((double) clientsPerRound / clients, noiseMultiplier);
    }
}
