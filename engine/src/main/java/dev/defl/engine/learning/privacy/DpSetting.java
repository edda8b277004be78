package dev.defl.engine.learning.privacy;

/**
 * The client-level differential privacy of a task (DP-FedAvg, McMahan et al. 2018): every client clips its update
 * delta to L2 norm {@code C} and adds Gaussian noise of standard deviation {@code z·C/√m} per coordinate
 * ({@link DpFedAvgClient}); the run reports ε at {@code δ} ({@link RdpAccountant}).
 *
 * @param clipNorm        C, the L2 bound on a client's update delta (in the weights' units), finite and &gt; 0
 * @param noiseMultiplier z, finite and &ge; 0 (0: clipping only, ε is infinite)
 * @param delta           δ of the reported (ε, δ) guarantee, in (0, 1)
 */
public record DpSetting(double clipNorm, double noiseMultiplier, double delta) {

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
