package dev.defl.engine.learning;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A decoded safetensors file.
 *
 * @param weights  the tensors
 * @param metadata the {@code "__metadata__"} string map (sorted, unmodifiable; empty when absent)
 */
public record SafetensorsFile(ModelWeights weights, Map<String, String> metadata) {
    public SafetensorsFile {
        Objects.requireNonNull(weights, "weights");
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }
}
