package dev.defl.engine.network;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.TrainConfig;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A task's spec document, the JSON object (string values, keys sorted) whose CID the task records as
 * {@code modelSpec}: everything a peer that only knows the task id needs to take part.
 *
 * <ul>
 *   <li>the model metadata of every safetensors file of the task
 *       ({@link dev.defl.engine.learning.SafetensorsCodec#modelMetadata}: architecture, sizes, dataset family,
 *       preprocessing), from which {@link ModelSpec#fromMetadata} rebuilds the model;</li>
 *   <li>the full aggregation strategy ({@link StrategySpec#toTaskSpec()}; the chain records only its rule code);</li>
 *   <li>the clients' training: local epochs E ({@value #KEY_LOCAL_EPOCHS}), batch size B ({@value #KEY_BATCH_SIZE}),
 *       Adam step size ({@value #KEY_LEARNING_RATE}) and the task seed ({@value #KEY_SEED}).</li>
 * </ul>
 *
 * <p>Documents written by {@link dev.defl.engine.protocol.FederatedExperiment} lack the training keys; reading them
 * gives E = 1, B = 32, the default step size and seed 0.
 *
 * @param metadata model metadata (sorted)
 * @param strategy the aggregation strategy with its parameters
 * @param localEpochs E, &ge; 1
 * @param batchSize B, &ge; 1
 * @param learningRate Adam step size, &gt; 0
 * @param seed the task seed (clients derive their shuffling seeds from it)
 */
public record TaskDocument(Map<String, String> metadata, StrategySpec strategy, int localEpochs, int batchSize,
                           double learningRate, long seed) {
    public static final String KEY_LOCAL_EPOCHS = "local_epochs";
    public static final String KEY_BATCH_SIZE = "batch_size";
    public static final String KEY_LEARNING_RATE = "learning_rate";
    public static final String KEY_SEED = "seed";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TaskDocument {
        metadata = Map.copyOf(new TreeMap<>(metadata));
        Objects.requireNonNull(strategy, "strategy");
        if (localEpochs < 1) throw new IllegalArgumentException("local epochs E must be >= 1, not " + localEpochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size B must be >= 1, not " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0, not " + learningRate);
    }

    /** The model the metadata describes. */
    public ModelSpec model() {
        return ModelSpec.fromMetadata(metadata);
    }

    /**
     * The training configuration of one client in one round: E, B and step size of the task, the FedProx μ of the
     * strategy, and the shuffling seed {@code seed·1 000 003 + round·1 009 + clientSalt} (the formula of
     * {@link dev.defl.engine.protocol.FederatedExperiment} with a client-chosen salt, e.g. its partition index).
     */
    public TrainConfig trainConfig(long round, long clientSalt) {
        return new TrainConfig(localEpochs, batchSize, learningRate, seed * 1_000_003L + round * 1_009L + clientSalt,
                strategy.clientProximalMu());
    }

    /** The document as sorted string pairs. */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>(metadata);
        m.putAll(strategy.toTaskSpec());
        m.put(KEY_LOCAL_EPOCHS, Integer.toString(localEpochs));
        m.put(KEY_BATCH_SIZE, Integer.toString(batchSize));
        m.put(KEY_LEARNING_RATE, Double.toString(learningRate));
        m.put(KEY_SEED, Long.toString(seed));
        return m;
    }

    /** The JSON bytes (keys sorted, no whitespace): equal documents give equal bytes and CIDs. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(toMap());
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /**
     * Reads a document.
     *
     * @param ruleCode the task's on-chain aggregation rule code ({@link StrategySpec#NAMES} index): the strategy when
     *     the document records none
     * @throws IllegalArgumentException naming the key whose value is malformed, a strategy other than the chain's
     *     rule, or missing model metadata
     */
    public static TaskDocument fromMap(Map<String, String> map, int ruleCode) {
        if (ruleCode < 0 || ruleCode >= StrategySpec.NAMES.size()) {
            throw new IllegalArgumentException("aggregation rule code " + ruleCode + " is not one of "
                    + StrategySpec.NAMES);
        }
        String rule = StrategySpec.NAMES.get(ruleCode);
        StrategySpec strategy = StrategySpec.fromTaskSpec(map).orElse(StrategySpec.of(rule));
        if (!strategy.name().equals(rule)) {
            throw new IllegalArgumentException("the spec document names strategy " + strategy.name()
                    + " but the chain records rule code " + ruleCode + " (" + rule + ")");
        }
        Map<String, String> metadata = new TreeMap<>(map);
        metadata.keySet().removeIf(k -> k.startsWith(StrategySpec.KEY_AGGREGATION));
        metadata.keySet().removeAll(java.util.List.of(KEY_LOCAL_EPOCHS, KEY_BATCH_SIZE, KEY_LEARNING_RATE, KEY_SEED));
        ModelSpec.fromMetadata(metadata); // fails naming the missing or malformed model key
        return new TaskDocument(metadata, strategy,
                (int) number(map, KEY_LOCAL_EPOCHS, 1), (int) number(map, KEY_BATCH_SIZE, 32),
                map.containsKey(KEY_LEARNING_RATE) ? decimal(map, KEY_LEARNING_RATE) : TrainConfig.DEFAULT_LEARNING_RATE,
                number(map, KEY_SEED, 0));
    }

    /**
     * Fetches and reads the document at {@code cid}.
     *
     * @throws IOException if the content is missing or unreadable, or is not a JSON object of strings (named with the CID)
     * @throws IllegalArgumentException as {@link #fromMap}
     */
    public static TaskDocument fetch(ContentStore content, Cid cid, int ruleCode) throws IOException {
        Map<String, String> map;
        try {
            map = JSON.readValue(content.catBytes(cid), new TypeReference<Map<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("the task's spec document " + cid + " is not a JSON object of strings: "
                    + e.getOriginalMessage(), e);
        }
        try {
            return fromMap(map, ruleCode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the task's spec document " + cid + ": " + e.getMessage(), e);
        }
    }

    private static long number(Map<String, String> map, String key, long fallback) {
        String v = map.get(key);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key " + key + " is '" + v + "', not a whole number");
        }
    }

    private static double decimal(Map<String, String> map, String key) {
        String v = map.get(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key " + key + " is '" + v + "', not a number");
        }
    }
}
