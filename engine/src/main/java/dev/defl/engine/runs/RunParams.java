package dev.defl.engine.runs;

import dev.defl.engine.learning.StrategySpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a run was started with, as the run database keeps it ({@code runs} columns). Fields a kind of run does not have
 * are {@code null} (a node joining someone's task knows no partition, N or C).
 *
 * @param kind           an experiment in this process, or a node (client or aggregator) of a task
 * @param datasetName    the dataset's name, e.g. {@code "digits"}
 * @param datasetCid     CID of the dataset's manifest in the content store ({@code DatasetPublisher}), or null
 * @param trainRows      training rows
 * @param testRows       test rows
 * @param partition      how the training rows were split over the clients, e.g. {@code "dirichlet(α=0.5)"}
 * @param model          the model architecture, e.g. {@code "mlp-relu"}
 * @param strategy       the aggregation strategy's name, e.g. {@code "fedavg"}
 * @param strategyParams the strategy's hyper-parameters (task-spec keys to values), sorted by key
 * @param clients        N, the clients of the task
 * @param clientFraction C, the fraction of clients sampled per round, in (0, 1]
 * @param aggregators    M, the aggregators of the task
 * @param rounds         rounds planned
 * @param localEpochs    E, local epochs per round
 * @param batchSize      B, the local batch size
 * @param learningRate   the clients' learning rate
 * @param seed           the seed of partition, initialisation and training
 * @param device         the DJL device, e.g. {@code "cpu()"}
 * @param poison         fault injection, e.g. {@code "sign-flip ×4 on 1 client"}, or null for an honest run
 * @param dpClip         client-level DP: the clip norm C, or null without DP
 * @param dpNoise        client-level DP: the noise multiplier z, or null
 * @param dpDelta        client-level DP: δ of the reported ε, or null
 * @param dpTargetQuantile client-level DP with adaptive clipping: the target quantile γ (dpClip is then the initial C),
 *                       or null for a fixed C or without DP
 */
public record RunParams(RunKind kind, String datasetName, String datasetCid, Long trainRows, Long testRows,
                        String partition, String model, String strategy, Map<String, String> strategyParams,
                        Integer clients, Double clientFraction, Integer aggregators, Integer rounds, Integer localEpochs,
                        Integer batchSize, Double learningRate, Long seed, String device, String poison,
                        Double dpClip, Double dpNoise, Double dpDelta, Double dpTargetQuantile) {
    public RunParams {
        java.util.Objects.requireNonNull(kind, "kind");
        strategyParams = strategyParams == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(strategyParams));
    }

    /** A run without differential privacy. */
    public RunParams(RunKind kind, String datasetName, String datasetCid, Long trainRows, Long testRows,
                     String partition, String model, String strategy, Map<String, String> strategyParams,
                     Integer clients, Double clientFraction, Integer aggregators, Integer rounds, Integer localEpochs,
                     Integer batchSize, Double learningRate, Long seed, String device, String poison) {
        this(kind, datasetName, datasetCid, trainRows, testRows, partition, model, strategy, strategyParams, clients,
                clientFraction, aggregators, rounds, localEpochs, batchSize, learningRate, seed, device, poison, null, null,
                null, null);
    }

    /** A copy with client-level DP {@code dp} ({@code null}: none). */
    public RunParams withDp(dev.defl.engine.learning.privacy.DpSetting dp) {
        return new RunParams(kind, datasetName, datasetCid, trainRows, testRows, partition, model, strategy, strategyParams,
                clients, clientFraction, aggregators, rounds, localEpochs, batchSize, learningRate, seed, device, poison,
                dp == null ? null : dp.clipNorm(), dp == null ? null : dp.noiseMultiplier(), dp == null ? null : dp.delta(),
                dp == null ? null : dp.targetQuantile());
    }

    /** A copy with the dataset's CID set. */
    public RunParams withDatasetCid(String cid) {
        return new RunParams(kind, datasetName, cid, trainRows, testRows, partition, model, strategy, strategyParams,
                clients, clientFraction, aggregators, rounds, localEpochs, batchSize, learningRate, seed, device, poison,
                dpClip, dpNoise, dpDelta, dpTargetQuantile);
    }

    /** A copy with the device set. */
    public RunParams withDevice(String newDevice) {
        return new RunParams(kind, datasetName, datasetCid, trainRows, testRows, partition, model, strategy, strategyParams,
                clients, clientFraction, aggregators, rounds, localEpochs, batchSize, learningRate, seed, newDevice, poison,
                dpClip, dpNoise, dpDelta, dpTargetQuantile);
    }

    /**
     * The parameters as ordered label → text pairs, the rows of the Runs pane's side-by-side diff and of
     * {@code defl runs show}; absent values are left out. The strategy's hyper-parameters follow {@code "strategy"}
     * under their task-spec keys ({@code aggregation_server_lr} …), all of them: {@link #strategyLabel()} names only
     * those the strategy uses.
     */
    public java.util.LinkedHashMap<String, String> describe() {
        var out = new java.util.LinkedHashMap<String, String>();
        put(out, "kind", kind.label());
        put(out, "dataset", datasetName);
        put(out, "dataset CID", datasetCid);
        put(out, "training rows", trainRows);
        put(out, "test rows", testRows);
        put(out, "partition", partition);
        put(out, "model", model);
        put(out, "strategy", strategy);
        strategyParams.forEach((k, v) -> put(out, k, v)); // every task-spec key; a reader shows those the strategy uses
        put(out, "N (clients)", clients);
        put(out, "C (fraction)", clientFraction);
        put(out, "M (aggregators)", aggregators);
        put(out, "rounds", rounds);
        put(out, "E (local epochs)", localEpochs);
        put(out, "B (batch size)", batchSize);
        put(out, "learning rate", learningRate);
        put(out, "seed", seed);
        put(out, "device", device);
        put(out, "poisoning", poison);
        put(out, "DP clip C", dpClip);
        put(out, "DP noise z", dpNoise);
        put(out, "DP δ", dpDelta);
        put(out, "DP target quantile γ", dpTargetQuantile);
        return out;
    }

    /**
     * The strategy with the hyper-parameters it uses, e.g. {@code "fedavgm(lr=1.0, β=0.9)"}
     * ({@link StrategySpec#toString()}), or its bare name where the parameters cannot be read.
     */
    public String strategyLabel() {
        if (strategyParams.isEmpty()) return strategy;
        try {
            return StrategySpec.fromTaskSpec(strategyParams).map(StrategySpec::toString).orElse(strategy);
        } catch (IllegalArgumentException e) {
            return strategy;
        }
    }

    private static void put(Map<String, String> out, String key, Object value) {
        if (value != null) out.put(key, value instanceof Double d ? trim(d) : value.toString());
    }

    private static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
