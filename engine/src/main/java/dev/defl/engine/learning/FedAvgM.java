package dev.defl.engine.learning;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * FedAvg with server momentum (Hsu, Qi, Brown 2019, "Measuring the Effects of Non-Identical Data Distribution for
 * Federated Visual Classification", arXiv:1909.06335, Section 3 "FedAvgM"). Per round, with the pseudo-gradient
 * {@code Δ = FedAvg(updates) − global} (sample-weighted mean, in {@code double}):
 * <pre>
 *   v ← β·v + Δ          (v starts at 0)
 *   w ← global + η·v     (rounded once to float)
 * </pre>
 * This is the paper's {@code v ← βv + Δw; w ← w − v} with {@code Δw = global − mean} written for an ascent step and
 * a server learning rate {@code η}. {@code β = 0, η = 1} is FedAvg (up to the one rounding of {@code global + Δ}).
 *
 * <p>Server state: the momentum {@code v}, one {@code double} per scalar, created on the first round; see
 * {@link AggregationStrategy} for how it stays equal across honest aggregators.
 */
public final class FedAvgM implements AggregationStrategy {
    private final double serverLr;
    private final double momentum;
    private SortedMap<String, double[]> velocity;

    /**
     * @param serverLr server learning rate {@code η > 0}
     * @param momentum server momentum {@code β}, {@code 0 <= β < 1}
     * @throws IllegalArgumentException if a parameter is out of range or NaN
     */
    public FedAvgM(double serverLr, double momentum) {
        if (!(serverLr > 0) || Double.isInfinite(serverLr)) {
            throw new IllegalArgumentException("fedavgm server learning rate η must be > 0 and finite, got " + serverLr);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("fedavgm server momentum β must be in [0, 1), got " + momentum);
        }
        this.serverLr = serverLr;
        this.momentum = momentum;
    }

    public double serverLr() {
        return serverLr;
    }

    public double momentum() {
        return momentum;
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        SortedMap<String, double[]> mean = RoundInputs.checkedWeightedMean(name(), global, updates, CoordinateRanges.defaults());
        ServerState.checkShapes(name(), velocity, global);
        SortedMap<String, double[]> v = new TreeMap<>();
        SortedMap<String, double[]> w = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : global.tensors().entrySet()) {
            float[] x = e.getValue().values();
            double[] avg = mean.get(e.getKey());
            double[] prev = velocity == null ? new double[x.length] : velocity.get(e.getKey());
            double[] vt = new double[x.length];
            double[] wt = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double delta = avg[i] - x[i];
                vt[i] = momentum * prev[i] + delta;
                wt[i] = x[i] + serverLr * vt[i];
            }
            v.put(e.getKey(), vt);
            w.put(e.getKey(), wt);
        }
        ModelWeights next = RoundInputs.round(global, w);
        velocity = v;
        return next;
    }

    @Override
    public String name() {
        return "fedavgm";
    }

    @Override
    public FedAvgM copy() {
        FedAvgM c = new FedAvgM(serverLr, momentum);
        c.velocity = velocity == null ? null : RoundInputs.copyState(velocity);
        return c;
    }

    @Override
    public String toString() {
        return name() + "(η=" + serverLr + ", β=" + momentum + ")";
    }
}
