package dev.defl.engine.network;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.TrainConfig;
import dev.defl.engine.learning.privacy.DpSetting;

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
 *       Adam step size ({@value #KEY_LEARNING_RATE}) and the task seed ({@value #KEY_SEED});</li>
 *   <li>optionally, client-level differential privacy ({@link DpSetting}): clip norm C ({@value #KEY_DP_CLIP}),
 *       noise multiplier z ({@value #KEY_DP_NOISE}) and δ ({@value #KEY_DP_DELTA}), all three or none. A document
 *       without them (every document written before they existed) asks for no DP. With them, optionally adaptive
 *       clipping ({@value #KEY_DP_ADAPTIVE} = {@code true}) with its target quantile γ ({@value #KEY_DP_TARGET_QUANTILE},
 *       in [0, 1]), both or neither: C is then the initial clip norm
 *       ({@link dev.defl.engine.learning.privacy.AdaptiveClipping}).</li>
 *   <li>optionally, {@value #KEY_PRIVATE_UPDATES}{@code : "true"}: the clients seal their updates for the aggregators
 *       ({@code docs/envelope.md}); written only when true, so a document without it (every document written before it
 *       existed) keeps its bytes and CID. It must equal the task's on-chain flag
 *       ({@link dev.defl.engine.ledger.TaskParams#privateUpdates}; {@link #requireMatches}).</li>
 * </ul>
 *
 * <p>There is one writer ({@link #toJson()}, through {@link TaskCreator}: {@code defl run}, {@code defl task create},
 * the window) and one reader ({@link #parse}: every node, {@code defl verify}); every key but the DP keys and
 * {@value #KEY_PRIVATE_UPDATES} is required.
 *
 * @param metadata model metadata (sorted)
 * @param strategy the aggregation strategy with its parameters
 * @param localEpochs E, &ge; 1
 * @param batchSize B, &ge; 1
 * @param learningRate Adam step size, finite and &gt; 0
 * @param seed the task seed (clients derive their shuffling seeds from it)
 * @param dp client-level differential privacy the clients apply, or {@code null} for none
 * @param privateUpdates the clients seal their updates for the aggregators
 */
public record TaskDocument(Map<String, String> metadata, StrategySpec strategy, int localEpochs, int batchSize,
                           double learningRate, long seed, DpSetting dp, boolean privateUpdates) {
    public static final String KEY_LOCAL_EPOCHS = "local_epochs";
    public static final String KEY_BATCH_SIZE = "batch_size";
    public static final String KEY_LEARNING_RATE = "learning_rate";
    public static final String KEY_SEED = "seed";
    /** DP clip norm C (decimal), optional with the other two DP keys. */
    public static final String KEY_DP_CLIP = "dp_clip";
    /** DP noise multiplier z (decimal). */
    public static final String KEY_DP_NOISE = "dp_noise";
    /** δ of the DP guarantee (decimal). */
    public static final String KEY_DP_DELTA = "dp_delta";
    /** Private updates: {@code "true"}, or absent for a task whose updates are public. */
    public static final String KEY_PRIVATE_UPDATES = "private_updates";
    /** Adaptive clipping's target quantile γ (decimal in [0, 1]); optional, only with the DP keys; absent: fixed C. */
    public static final String KEY_DP_TARGET_QUANTILE = "dp_target_quantile";
    /** {@code true} for adaptive clipping; written only then, with {@value #KEY_DP_TARGET_QUANTILE}. */
    public static final String KEY_DP_ADAPTIVE = "dp_adaptive";
    private static final java.util.List<String> DP_KEYS = java.util.List.of(KEY_DP_CLIP, KEY_DP_NOISE, KEY_DP_DELTA);
    /** Largest spec document read from a peer, in bytes (UTF-8 JSON): 1 MiB; real ones are under 1 KiB. */
    public static final int MAX_DOCUMENT_BYTES = 1 << 20;
    /** Largest local epoch count E a document may ask of the clients (epochs per round). */
    public static final int MAX_LOCAL_EPOCHS = 10_000;
    /** Largest batch size B a document may ask of the clients, in rows. */
    public static final int MAX_BATCH_SIZE = 1 << 20;
    /**
     * Largest model a document may describe, in parameters (F32 values, so 4 bytes each: 200 MB); every peer allocates
     * the model several times (global model, update, aggregation), so a peer's document must not size it without bound.
     * The McMahan et al. CNN on 28×28 images has 3.3 million.
     */
    public static final long MAX_MODEL_PARAMETERS = 50_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public TaskDocument {
        metadata = Map.copyOf(new TreeMap<>(metadata));
        Objects.requireNonNull(strategy, "strategy");
        if ("fltrust".equals(strategy.name()) && strategy.rootDataset() == null) {
            throw new IllegalArgumentException("fltrust needs a root dataset the aggregators train on: the CID of a "
                    + "published dataset (defl dataset publish), task-spec key " + StrategySpec.KEY_ROOT_DATASET);
        }
        if (strategy.rootDataset() != null) dev.defl.engine.content.Cid.parse(strategy.rootDataset());
        if (localEpochs < 1) throw new IllegalArgumentException("local epochs E must be >= 1, not " + localEpochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size B must be >= 1, not " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, not " + learningRate);
        }
    }

    /** A document whose updates are public. */
    public TaskDocument(Map<String, String> metadata, StrategySpec strategy, int localEpochs, int batchSize,
                        double learningRate, long seed, DpSetting dp) {
        this(metadata, strategy, localEpochs, batchSize, learningRate, seed, dp, false);
    }

    /** A document without differential privacy. */
    public TaskDocument(Map<String, String> metadata, StrategySpec strategy, int localEpochs, int batchSize,
                        double learningRate, long seed) {
        this(metadata, strategy, localEpochs, batchSize, learningRate, seed, null);
    }

    /**
     * The document of a task training {@code model} on rows like {@code train}: the model metadata of
     * {@link dev.defl.engine.learning.SafetensorsCodec#modelMetadata} (architecture, sizes, dataset family,
     * preprocessing) with the strategy and training parameters. The one way {@code defl run}, {@code defl task create}
     * and the window's Network pane describe a task.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static TaskDocument of(ModelSpec model, dev.defl.engine.learning.LabeledDataset train, StrategySpec strategy,
                                  int localEpochs, int batchSize, double learningRate, long seed) {
        return of(model, train, strategy, localEpochs, batchSize, learningRate, seed, null);
    }

    /**
     * As {@link #of(ModelSpec, dev.defl.engine.learning.LabeledDataset, StrategySpec, int, int, double, long)} with
     * client-level differential privacy {@code dp} ({@code null}: none).
     */
    public static TaskDocument of(ModelSpec model, dev.defl.engine.learning.LabeledDataset train, StrategySpec strategy,
                                  int localEpochs, int batchSize, double learningRate, long seed, DpSetting dp) {
        return new TaskDocument(dev.defl.engine.learning.SafetensorsCodec.modelMetadata(model, train), strategy,
                localEpochs, batchSize, learningRate, seed, dp);
    }

    /** The same document with private updates on or off. */
    public TaskDocument withPrivateUpdates(boolean on) {
        return new TaskDocument(metadata, strategy, localEpochs, batchSize, learningRate, seed, dp, on);
    }

    /**
     * Checks that this document and the task's on-chain flag agree on private updates: a node refuses to take part in a
     * task whose document and chain disagree (a client might otherwise publish its update in the clear).
     *
     * @param onChain the task's {@link dev.defl.engine.ledger.TaskParams#privateUpdates}
     * @param where   what to name in the message, e.g. {@code "task 3"}
     * @throws IllegalArgumentException naming both values when they differ
     */
    public void requireMatches(boolean onChain, String where) {
        if (onChain != privateUpdates) {
            throw new IllegalArgumentException(where + ": the chain records private updates " + (onChain ? "on" : "off")
                    + " but the spec document " + (privateUpdates ? "asks for them (" + KEY_PRIVATE_UPDATES + ": true)"
                    : "does not (no " + KEY_PRIVATE_UPDATES + " key)") + "; refusing a task whose document and chain disagree");
        }
    }

    /** The model the metadata describes. */
    public ModelSpec model() {
        return ModelSpec.fromMetadata(metadata);
    }

    /**
     * The training configuration of one client in one round: E, B and step size of the task, the FedProx μ of the
     * strategy, and the shuffling seed {@link #trainingSeed}.
     */
    public TrainConfig trainConfig(long round, long clientSalt) {
        return new TrainConfig(localEpochs, batchSize, learningRate, trainingSeed(seed, round, clientSalt),
                strategy.clientProximalMu());
    }

    /**
     * The shuffling seed of one client in one round, {@code seed·1 000 003 + round·1 009 + clientSalt}: the one formula
     * of every client (the salt is the client's partition index, {@code defl node --shard K/N}'s K).
     */
    public static long trainingSeed(long seed, long round, long clientSalt) {
        return seed * 1_000_003L + round * 1_009L + clientSalt;
    }

    /** The document as sorted string pairs. */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>(metadata);
        m.putAll(strategy.toTaskSpec());
        m.put(KEY_LOCAL_EPOCHS, Integer.toString(localEpochs));
        m.put(KEY_BATCH_SIZE, Integer.toString(batchSize));
        m.put(KEY_LEARNING_RATE, Double.toString(learningRate));
        m.put(KEY_SEED, Long.toString(seed));
        if (dp != null) {
            m.put(KEY_DP_CLIP, Double.toString(dp.clipNorm()));
            m.put(KEY_DP_NOISE, Double.toString(dp.noiseMultiplier()));
            m.put(KEY_DP_DELTA, Double.toString(dp.delta()));
            if (dp.adaptive()) {
                m.put(KEY_DP_ADAPTIVE, "true");
                m.put(KEY_DP_TARGET_QUANTILE, Double.toString(dp.targetQuantile()));
            }
        }
        if (privateUpdates) m.put(KEY_PRIVATE_UPDATES, "true");
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
     * @throws IllegalArgumentException naming the key whose value is malformed or outside its limit
     *     ({@link #MAX_LOCAL_EPOCHS}, {@link #MAX_BATCH_SIZE}), a strategy other than the chain's rule, missing model
     *     metadata, a model of more than {@link #MAX_MODEL_PARAMETERS} parameters, or some but not all of the DP
     *     keys (naming the first missing one) or a DP value out of range ({@link DpSetting})
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
        metadata.keySet().removeAll(DP_KEYS);
        metadata.remove(KEY_PRIVATE_UPDATES);
        metadata.remove(KEY_DP_TARGET_QUANTILE);
        metadata.remove(KEY_DP_ADAPTIVE);
        ModelSpec model = ModelSpec.fromMetadata(metadata); // fails naming the missing or malformed model key
        long parameters = parameterCount(model);
        if (parameters > MAX_MODEL_PARAMETERS) {
            throw new IllegalArgumentException("the model " + model + " has " + (parameters == Long.MAX_VALUE ? "more than " + MAX_MODEL_PARAMETERS
                    : Long.toString(parameters)) + " parameters, more than the limit " + MAX_MODEL_PARAMETERS);
        }
        return new TaskDocument(metadata, strategy,
                bounded(map, KEY_LOCAL_EPOCHS, MAX_LOCAL_EPOCHS), bounded(map, KEY_BATCH_SIZE, MAX_BATCH_SIZE),
                decimal(map, KEY_LEARNING_RATE), number(map, KEY_SEED), dp(map), privateUpdates(map));
    }

    /** {@value #KEY_PRIVATE_UPDATES}: absent or {@code "false"} is false, {@code "true"} true, anything else an error. */
    private static boolean privateUpdates(Map<String, String> map) {
        String v = map.get(KEY_PRIVATE_UPDATES);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw new IllegalArgumentException("key " + KEY_PRIVATE_UPDATES + " must be \"true\" or \"false\", not \"" + v + "\"");
    }

    /** The DP setting of the document: {@code null} without DP keys; all three are required once one is there. */
    private static DpSetting dp(Map<String, String> map) {
        if (DP_KEYS.stream().noneMatch(map::containsKey)) {
            for (String key : java.util.List.of(KEY_DP_ADAPTIVE, KEY_DP_TARGET_QUANTILE)) {
                if (map.containsKey(key)) throw new IllegalArgumentException("key " + key + " needs the DP keys " + DP_KEYS);
            }
            return null;
        }
        double clip = decimal(map, KEY_DP_CLIP);
        double noise = decimal(map, KEY_DP_NOISE);
        double delta = decimal(map, KEY_DP_DELTA);
        String adaptive = map.get(KEY_DP_ADAPTIVE);
        if (adaptive != null && !adaptive.equals("true")) {
            throw new IllegalArgumentException("key " + KEY_DP_ADAPTIVE + " must be 'true' when present, was '" + adaptive + "'");
        }
        if (adaptive == null && map.containsKey(KEY_DP_TARGET_QUANTILE)) {
            throw new IllegalArgumentException("key " + KEY_DP_TARGET_QUANTILE + " needs " + KEY_DP_ADAPTIVE + " = true");
        }
        Double quantile = adaptive != null ? decimal(map, KEY_DP_TARGET_QUANTILE) : null;
        if (quantile != null && !(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("key " + KEY_DP_TARGET_QUANTILE + ": adaptive clipping's target quantile"
                    + " must be in [0, 1], was " + map.get(KEY_DP_TARGET_QUANTILE));
        }
        try {
            return new DpSetting(clip, noise, delta, quantile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keys " + DP_KEYS + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fetches and reads the document at {@code cid}.
     *
     * @throws IOException if the content is missing or unreadable, larger than {@link #MAX_DOCUMENT_BYTES}, or is not a
     *     JSON object of strings (named with the CID)
     * @throws IllegalArgumentException as {@link #fromMap}
     */
    public static TaskDocument fetch(ContentStore content, Cid cid, int ruleCode) throws IOException {
        return parse(content.catBytes(cid, MAX_DOCUMENT_BYTES), ruleCode, "the task's spec document " + cid);
    }

    /**
     * Reads a document from its JSON bytes, as a peer published them.
     *
     * @param json     the document's bytes, at most {@link #MAX_DOCUMENT_BYTES}
     * @param ruleCode as {@link #fromMap}
     * @param where    what the bytes are, for messages (e.g. {@code "the task's spec document bafy..."})
     * @throws IOException if {@code json} is longer than {@link #MAX_DOCUMENT_BYTES} or is not a JSON object of strings
     *     (the message starts with {@code where})
     * @throws IllegalArgumentException as {@link #fromMap}, the message starting with {@code where}
     */
    public static TaskDocument parse(byte[] json, int ruleCode, String where) throws IOException {
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new IOException(where + " is " + json.length + " bytes, more than the limit " + MAX_DOCUMENT_BYTES);
        }
        Map<String, String> map;
        try {
            map = JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(where + " is not a JSON object of strings: " + e.getOriginalMessage(), e);
        }
        if (map == null) throw new IOException(where + " is not a JSON object of strings: it is null");
        try {
            return fromMap(map, ruleCode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> map, String key) {
        String v = map.get(key);
        if (v == null) throw new IllegalArgumentException("key " + key + " is missing");
        return v;
    }

    /** Π of each tensor shape of {@code model}, summed; {@link Long#MAX_VALUE} once it passes {@link #MAX_MODEL_PARAMETERS}. */
    private static long parameterCount(ModelSpec model) {
        long total = 0;
        for (long[] shape : model.parameterShapes().values()) {
            long count = 1;
            for (long d : shape) {
                if (d < 0 || (d > 0 && count > MAX_MODEL_PARAMETERS / d)) return Long.MAX_VALUE;
                count *= d;
            }
            total += count;
            if (total > MAX_MODEL_PARAMETERS) return Long.MAX_VALUE;
        }
        return total;
    }

    /** The whole number under {@code key}, within {@code 1..max}. */
    private static int bounded(Map<String, String> map, String key, int max) {
        long v = number(map, key);
        if (v < 1 || v > max) throw new IllegalArgumentException("key " + key + " is " + v + ", outside 1.." + max);
        return (int) v;
    }

    private static long number(Map<String, String> map, String key) {
        String v = required(map, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key " + key + " is '" + v + "', not a whole number");
        }
    }

    private static double decimal(Map<String, String> map, String key) {
        String v = required(map, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key " + key + " is '" + v + "', not a number");
        }
    }
}
