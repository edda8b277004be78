package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parameters of a model: named F32 tensors in sorted name order. For a {@link ModelSpec} the names are the
 * {@code state_dict} keys of its PyTorch {@code nn.Sequential} ({@link ModelSpec#parameterShapes()}), e.g. for the 2NN
 * {@code "0.weight"} {@code [out, in]}, {@code "0.bias"} {@code [out]}, {@code "2.weight"}, {@code "2.bias"},
 * {@code "4.weight"}, {@code "4.bias"}, so that
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

    /**
     * {@code state_dict} key of the weight of the {@code layer}-th Linear (0-based) of a {@link ModelSpec#MLP_RELU}:
     * {@code (2·layer) + ".weight"}.
     */
    public static String weightName(int layer) {
        return (2 * layer) + ".weight";
    }

    /** {@code state_dict} key of the bias of the {@code layer}-th Linear (0-based) of a {@link ModelSpec#MLP_RELU}. */
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

    /** Whether these weights fit {@code spec}: exactly the tensors of {@link ModelSpec#parameterShapes()}, same shapes. */
    public boolean matches(ModelSpec spec) {
        Map<String, long[]> shapes = spec.parameterShapes();
        if (tensors.size() != shapes.size()) return false;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null || !Arrays.equals(t.shape(), e.getValue())) return false;
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
