package dev.defl.engine.learning;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Adaptive server optimizers of Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar, McMahan 2021, "Adaptive
 * Federated Optimization", ICLR, Algorithm 2 (FedAdagrad, FedAdam, FedYogi). Per round {@code t}, per scalar:
 * <pre>
 *   Δ_t = FedAvg(updates) − x_t                      (pseudo-gradient)
 *   m_t = β1·m_{t−1} + (1 − β1)·Δ_t                   (m_{−1} = 0)
 *   v_t = variant(v_{t−1}, Δ_t²)                      (v_{−1} = τ²)
 *   x_{t+1} = x_t + η·m_t / (√v_t + τ)               (rounded once to float)
 * </pre>
 * with {@code variant} Adagrad {@code v + Δ²}, Adam {@code β2·v + (1 − β2)·Δ²}, Yogi
 * {@code v − (1 − β2)·Δ²·sign(v − Δ²)}. As in the paper there is no bias correction. One departure: the paper's
 * {@code Δ_t} is the unweighted mean of the client deltas; here it is the sample-weighted mean (as FedAvg and
 * {@link FedAvgM}), so that clients count as in every other averaging strategy.
 *
 * <p>All arithmetic is {@code double} ({@link Math#sqrt} is correctly rounded by IEEE 754), so it is
 * bit-reproducible. Server state: {@code m} and {@code v}, one {@code double} each per scalar, created on the first
 * round; see {@link AggregationStrategy}.
 */
public abstract sealed class AdaptiveFedOpt implements AggregationStrategy permits FedAdam, FedYogi, FedAdagrad {
    /** Paper defaults (Reddi et al. 2021, Section 5): {@code β1 = 0.9}, {@code β2 = 0.99}, {@code τ = 1e-3}. */
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.99;
    public static final double DEFAULT_TAU = 1e-3;

    private final double serverLr;
    private final double beta1;
    private final double beta2;
    private final double tau;
    private SortedMap<String, double[]> first;
    private SortedMap<String, double[]> second;

    AdaptiveFedOpt(String name, double serverLr, double beta1, double beta2, double tau) {
        if (!(serverLr > 0) || Double.isInfinite(serverLr)) {
            throw new IllegalArgumentException(name + " server learning rate η must be > 0 and finite, got " + serverLr);
        }
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException(name + " β1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException(name + " β2 must be in [0, 1), got " + beta2);
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException(name + " adaptivity τ must be > 0 and finite, got " + tau);
        }
        this.serverLr = serverLr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.tau = tau;
    }

    public double serverLr() {
        return serverLr;
    }

    public double beta1() {
        return beta1;
    }

    /** {@code β2}; unused by FedAdagrad. */
    public double beta2() {
        return beta2;
    }

    public double tau() {
        return tau;
    }

    /** The second-moment update {@code v_t} from {@code v_{t−1}} and {@code Δ_t²}. */
    abstract double nextSecondMoment(double v, double deltaSquared);

    /** A new instance of the same class with the same parameters and no state. */
    abstract AdaptiveFedOpt fresh();

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        SortedMap<String, double[]> mean = RoundInputs.checkedWeightedMean(name(), global, updates, CoordinateRanges.defaults());
        ServerState.checkShapes(name(), first, global);
        SortedMap<String, double[]> m = new TreeMap<>();
        SortedMap<String, double[]> v = new TreeMap<>();
        SortedMap<String, double[]> x = new TreeMap<>();
        double v0 = tau * tau;
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            String name = e.getKey();
            float[] xt = e.getValue().values();
            double[] avg = mean.get(name);
            int size = xt.length;
            double[] mt = new double[size];
            double[] vt = new double[size];
            double[] next = new double[size];
            for (int i = 0; i < size; i++) {
                double delta = avg[i] - xt[i];
                double mPrev = first == null ? 0 : first.get(name)[i];
                double vPrev = second == null ? v0 : second.get(name)[i];
                mt[i] = beta1 * mPrev + (1 - beta1) * delta;
                vt[i] = nextSecondMoment(vPrev, delta * delta);
                next[i] = xt[i] + serverLr * mt[i] / (Math.sqrt(vt[i]) + tau);
            }
            m.put(name, mt);
            v.put(name, vt);
            x.put(name, next);
        }
        ModelWeights result = RoundInputs.round(global, x);
        first = m;
        second = v;
        return result;
    }

    @Override
    public AggregationStrategy copy() {
        AdaptiveFedOpt c = fresh();
        c.first = first == null ? null : RoundInputs.copyState(first);
        c.second = second == null ? null : RoundInputs.copyState(second);
        return c;
    }

    @Override
    public String toString() {
        return name() + "(η=" + serverLr + ", β1=" + beta1 + ", β2=" + beta2 + ", τ=" + tau + ")";
    }
}
