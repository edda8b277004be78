package dev.defl.engine.learning;

/**
 * FedYogi (Reddi et al. 2021, "Adaptive Federated Optimization", ICLR, Algorithm 2; Yogi: Zaheer et al. 2018):
 * {@code v_t = v_{t−1} − (1 − β2)·Δ_t²·sign(v_{t−1} − Δ_t²)} with {@code sign(0) = 0}. See {@link AdaptiveFedOpt}
 * for the full step and the server state.
 */
public final class FedYogi extends AdaptiveFedOpt {
    /**
     * @param serverLr η > 0
     * @param beta1    β1 in [0, 1)
     * @param beta2    β2 in [0, 1)
     * @param tau      τ > 0 (adaptivity; also {@code v_{−1} = τ²})
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public FedYogi(double serverLr, double beta1, double beta2, double tau) {
        super("fedyogi", serverLr, beta1, beta2, tau);
    }

    @Override
    double nextSecondMoment(double v, double deltaSquared) {
        return v - (1 - beta2()) * deltaSquared * Math.signum(v - deltaSquared);
    }

    @Override
    AdaptiveFedOpt fresh() {
        return new FedYogi(serverLr(), beta1(), beta2(), tau());
    }

    @Override
    public String name() {
        return "fedyogi";
    }
}
