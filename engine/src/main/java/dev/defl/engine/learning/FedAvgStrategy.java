package dev.defl.engine.learning;

import java.util.List;

/**
 * {@link FedAvg} (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from Decentralized Data",
 * Algorithm 1) as an {@link AggregationStrategy}: the sample-weighted mean of the updates; the global model is only
 * checked for names and shapes. Stateless; bit-identical to {@link FedAvg#aggregate(List)}.
 *
 * <p>Also the server side of FedProx (Li et al. 2020, "Federated Optimization in Heterogeneous Networks"), whose
 * server step is FedAvg; FedProx's proximal term {@code μ/2·‖w − w_global‖²} belongs to the clients' local loss.
 */
public final class FedAvgStrategy implements AggregationStrategy {
    private final String name;

    /** FedAvg, named {@code "fedavg"}. */
    public FedAvgStrategy() {
        this("fedavg");
    }

    private FedAvgStrategy(String name) {
        this.name = name;
    }

    /** The FedProx server step: FedAvg, named {@code "fedprox"}. */
    public static FedAvgStrategy fedProxServer() {
        return new FedAvgStrategy("fedprox");
    }

    @Override
    public ModelWeights aggregate(ModelWeights global, List<WeightedUpdate> updates) {
        ModelWeights result = global == null || updates == null || updates.isEmpty() ? null
                : FedAvg.tryAggregate(global, updates, CoordinateRanges.defaults());
        if (result != null) return result;
        RoundInputs.check(name, global, updates);
        return FedAvg.aggregate(updates); // the inputs passed: this reports a sample total over Long.MAX_VALUE
    }

    @Override
    public java.util.Optional<double[]> shares(ModelWeights global, List<WeightedUpdate> updates) {
        return java.util.Optional.of(AggregationStrategy.sampleShares(updates));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AggregationStrategy copy() {
        return this;
    }

    @Override
    public String toString() {
        return name;
    }
}
