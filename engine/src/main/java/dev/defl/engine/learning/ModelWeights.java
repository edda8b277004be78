package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parameters of a model: named F32 tensors in sorted name order. For a {@link ModelSpec} the names are the
 * PyTorch {@code nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)} {@code state_dict} keys: {@code "0.weight"}
 * {@code [out, in]}, {@code "0.bias"} {@code [out]}, {@code "2.weight"}, {@code "2.bias"}, {@code "4.weight"},
 * {@code "4.bias"} (the Linear at module index {@code 2k}), so that
 * {@code model.load_state_dict(safetensors.torch.load_file(f))} accepts a file written by {@link SafetensorsCodec}.
 * Immutable (the tensors' arrays must not be modified).
 */
public final class ModelWeights {
    private final SortedMap<String, Tensor> tensors;

    /**
     * @param tensors tensors by name (copied into a sorted map)
     * @throws IllegalArgumentException if empty or a name is blank
     */
    public ModelWeights(Map<String, Tensor> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        TreeMap<String, Tensor> copy = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) throw new IllegalArgumentException("tensor name must not be blank");
            copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
        }
        this.tensors = Collections.unmodifiableSortedMap(copy);
    }

    /** {@code state_dict} key of the weight of the {@code layer}-th Linear (0-based): {@code (2·layer) + ".weight"}. */
    public static String weightName(int layer) {
        return (2 * layer) + ".weight";
    }

    /** {@code state_dict} key of the bias of the {@code layer}-th Linear (0-based): {@code (2·layer) + ".bias"}. */
    public static String biasName(int layer) {
        return (2 * layer) + ".bias";
    }

    /** Tensors by name, sorted by name, unmodifiable. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}; {@link IllegalArgumentException} if absent. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no tensor '" + name + "' (have " + tensors.keySet() + ")");
        return t;
    }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) n += t.size();
        return n;
    }

    /** Same tensor names with the same shapes. */
    public boolean sameShapes(ModelWeights other) {
        if (!tensors.keySet().equals(other.tensors.keySet())) return false;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getValue().sameShape(other.tensors.get(e.getKey()))) return false;
        }
        return true;
    }

    /**
     * Whether these weights fit {@code spec}: exactly the tensors {@code 2k.weight [out, in]} and {@code 2k.bias [out]}.
     */
    public boolean matches(ModelSpec spec) {
        int[] s = spec.layerSizes();
        if (tensors.size() != 2 * spec.linearLayers()) return false;
        for (int k = 0; k < spec.linearLayers(); k++) {
            Tensor w = tensors.get(weightName(k));
            Tensor b = tensors.get(biasName(k));
            if (w == null || b == null) return false;
            if (!Arrays.equals(w.shape(), new long[] {s[k + 1], s[k]}) || !Arrays.equals(b.shape(), new long[] {s[k + 1]})) return false;
        }
        return true;
    }

    /** Bit-identical tensors under the same names. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelWeights w && tensors.equals(w.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ModelWeights{");
        tensors.forEach((k, v) -> sb.append(k).append(Arrays.toString(v.shape())).append(' '));
        return sb.append("params=").append(parameterCount()).append('}').toString();
    }
}
