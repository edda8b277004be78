package dev.defl.engine.learning;

/**
 * FedAdagrad (Reddi et al. 2021, "Adaptive Federated Optimization", ICLR, Algorithm 2):
 * {@code v_t = v_{t−1} + Δ_t²} (β2 unused). See {@link AdaptiveFedOpt} for the full step and the server state.
 */
public final class FedAdagrad extends AdaptiveFedOpt {
    /**
     * @param serverLr η > 0
     * @param beta1    β1 in [0, 1)
     * @param tau      τ > 0 (adaptivity; also {@code v_{−1} = τ²})
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public FedAdagrad(double serverLr, double beta1, double tau) {
        super("fedadagrad", serverLr, beta1, 0, tau);
    }

    @Override
    double nextSecondMoment(double v, double deltaSquared) {
        return v + deltaSquared;
    }

    @Override
    AdaptiveFedOpt fresh() {
        return new FedAdagrad(serverLr(), beta1(), tau());
    }

    @Override
    public String name() {
        return "fedadagrad";
    }

    @Override
    public String toString() {
        return name() + "(η=" + serverLr() + ", β1=" + beta1() + ", τ=" + tau() + ")";
    }
}
