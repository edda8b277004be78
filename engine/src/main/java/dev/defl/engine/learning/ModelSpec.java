package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A multilayer perceptron: {@code inputSize → hiddenSizes[0] → … → numClasses}, ReLU after each hidden layer, logits
 * out. Equivalent to PyTorch {@code nn.Sequential(Linear, ReLU, Linear, ReLU, …, Linear)}; its parameters are named
 * by {@link ModelWeights} as that module's {@code state_dict} keys ({@code "0.weight"}, {@code "0.bias"}, {@code "2.weight"} …).
 *
 * @param architecture architecture identifier, {@link #MLP_RELU}
 * @param inputSize    features per input row
 * @param hiddenSizes  units per hidden layer (may be empty: softmax regression)
 * @param numClasses   output logits
 */
public record ModelSpec(String architecture, int inputSize, int[] hiddenSizes, int numClasses) {
    /** The only architecture supported: fully connected layers with ReLU. */
    public static final String MLP_RELU = "mlp-relu";

    /** Metadata keys written by {@link #toMetadata()}. */
    public static final String KEY_ARCHITECTURE = "architecture";
    public static final String KEY_INPUT_SIZE = "input_size";
    public static final String KEY_HIDDEN_SIZES = "hidden_sizes";
    public static final String KEY_NUM_CLASSES = "num_classes";
    public static final String KEY_TORCH_MODULE = "torch_module";

    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (!architecture.equals(MLP_RELU)) throw new IllegalArgumentException("unsupported architecture '" + architecture + "', expected " + MLP_RELU);
        if (inputSize <= 0) throw new IllegalArgumentException("inputSize must be > 0, got " + inputSize);
        if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        hiddenSizes = hiddenSizes.clone();
        for (int h : hiddenSizes) if (h <= 0) throw new IllegalArgumentException("hidden layer sizes must be > 0, got " + Arrays.toString(hiddenSizes));
    }

    /**
     * The "2NN" of McMahan et al. 2017 (Communication-Efficient Learning of Deep Networks from Decentralized Data,
     * section 3): a multilayer perceptron with two hidden layers of 200 ReLU units.
     */
    public static ModelSpec twoNN(int inputSize, int numClasses) {
        return new ModelSpec(MLP_RELU, inputSize, new int[] {200, 200}, numClasses);
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    /** Layer widths including input and output, e.g. {@code [784, 200, 200, 10]}. */
    public int[] layerSizes() {
        int[] s = new int[hiddenSizes.length + 2];
        s[0] = inputSize;
        System.arraycopy(hiddenSizes, 0, s, 1, hiddenSizes.length);
        s[s.length - 1] = numClasses;
        return s;
    }

    /** Number of {@code Linear} layers. */
    public int linearLayers() {
        return hiddenSizes.length + 1;
    }

    /** Total trainable parameters: Σ (in·out + out) over the linear layers. */
    public long parameterCount() {
        int[] s = layerSizes();
        long p = 0;
        for (int i = 0; i + 1 < s.length; i++) p += (long) s[i] * s[i + 1] + s[i + 1];
        return p;
    }

    /** The equivalent PyTorch module, e.g. {@code torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), …)}. */
    public String torchModule() {
        int[] s = layerSizes();
        StringBuilder sb = new StringBuilder("torch.nn.Sequential(");
        for (int i = 0; i + 1 < s.length; i++) {
            if (i > 0) sb.append(", torch.nn.ReLU(), ");
            sb.append("torch.nn.Linear(").append(s[i]).append(", ").append(s[i + 1]).append(')');
        }
        return sb.append(')').toString();
    }

    /** String metadata that {@link #fromMetadata(Map)} reads back; also names the PyTorch module. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new TreeMap<>();
        m.put(KEY_ARCHITECTURE, architecture);
        m.put(KEY_INPUT_SIZE, Integer.toString(inputSize));
        StringBuilder hs = new StringBuilder();
        for (int i = 0; i < hiddenSizes.length; i++) {
            if (i > 0) hs.append(',');
            hs.append(hiddenSizes[i]);
        }
        m.put(KEY_HIDDEN_SIZES, hs.toString());
        m.put(KEY_NUM_CLASSES, Integer.toString(numClasses));
        m.put(KEY_TORCH_MODULE, torchModule());
        return m;
    }

    /**
     * Rebuilds a spec from {@link #toMetadata()} output (other keys are ignored).
     *
     * @throws IllegalArgumentException naming the key that is missing or malformed
     */
    public static ModelSpec fromMetadata(Map<String, String> metadata) {
        String arch = require(metadata, KEY_ARCHITECTURE);
        int in = parseInt(metadata, KEY_INPUT_SIZE);
        String hs = require(metadata, KEY_HIDDEN_SIZES).strip();
        int[] hidden;
        try {
            hidden = hs.isEmpty() ? new int[0] : Arrays.stream(hs.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata '" + KEY_HIDDEN_SIZES + "' is not a comma-separated list of integers: \"" + hs + "\"");
        }
        return new ModelSpec(arch, in, hidden, parseInt(metadata, KEY_NUM_CLASSES));
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("model metadata lacks '" + key + "'");
        return v;
    }

    private static int parseInt(Map<String, String> m, String key) {
        String v = require(m, key);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata '" + key + "' is not an integer: \"" + v + "\"");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && architecture.equals(s.architecture) && inputSize == s.inputSize
                && Arrays.equals(hiddenSizes, s.hiddenSizes) && numClasses == s.numClasses;
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, inputSize, Arrays.hashCode(hiddenSizes), numClasses);
    }

    @Override
    public String toString() {
        return "ModelSpec[" + architecture + " " + Arrays.toString(layerSizes()) + "]";
    }
}
