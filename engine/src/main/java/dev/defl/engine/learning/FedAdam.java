package dev.defl.engine.learning;

/**
 * FedAdam (Reddi et al. 2021, "Adaptive Federated Optimization", ICLR, Algorithm 2):
 * {@code v_t = β2·v_{t−1} + (1 − β2)·Δ_t²}. See {@link AdaptiveFedOpt} for the full step and the server state.
 */
public final class FedAdam extends AdaptiveFedOpt {
    /**
     * @param serverLr η > 0
     * @param beta1    β1 in [0, 1)
     * @param beta2    β2 in [0, 1)
     * @param tau      τ > 0 (adaptivity; also {@code v_{−1} = τ²})
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public FedAdam(double serverLr, double beta1, double beta2, double tau) {
        super("fedadam", serverLr, beta1, beta2, tau);
    }

    @Override
    double nextSecondMoment(double v, double deltaSquared) {
        return beta2() * v + (1 - beta2()) * deltaSquared;
    }

    @Override
    AdaptiveFedOpt fresh() {
        return new FedAdam(serverLr(), beta1(), beta2(), tau());
    }

    @Override
    public String name() {
        return "fedadam";
    }
}
