package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parsed, validated header of a safetensors file ({@link SafetensorsCodec#header}): each tensor's name, dtype,
 * shape and byte offsets, and the {@code __metadata__} map, without the tensors' values. The format
 * (<a href="https://github.com/huggingface/safetensors">huggingface/safetensors</a>, README "Format"): 8 bytes
 * little-endian header length {@code N}, {@code N} bytes of JSON, then the byte buffer the offsets are relative to.
 *
 * @param headerLength {@code N}, bytes
 * @param fileSize     the whole file's size, bytes
 * @param tensors      the tensors in buffer order (ascending offsets; they cover the buffer exactly, no gaps or overlaps)
 * @param metadata     {@code __metadata__} (sorted, unmodifiable; empty when absent)
 */
public record SafetensorsHeader(long headerLength, long fileSize, List<Entry> tensors, Map<String, String> metadata) {
    /**
     * One tensor's entry.
     *
     * @param name  tensor name
     * @param dtype its dtype ({@code "F32"}, the only one accepted)
     * @param shape its dimensions
     * @param begin first byte, relative to the buffer after the header
     * @param end   one past its last byte, relative to the buffer
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public Entry {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** {@code end − begin}. */
        public long byteLength() {
            return end - begin;
        }

        /** Elements: {@code byteLength / 4} for F32. */
        public long elements() {
            return byteLength() / 4;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " " + dtype + " [" + begin + ", " + end + ")";
        }
    }

    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }

    /** Offset in the file of the buffer the tensors' offsets are relative to: {@code 8 + N}, bytes. */
    public long dataStart() {
        return 8 + headerLength;
    }

    /** The tensors in buffer order. */
    public List<Entry> byOffset() {
        return tensors;
    }

    /** The tensors by name, in name order (the order of {@link ModelWeights#tensors()}). */
    public SortedMap<String, Entry> byName() {
        SortedMap<String, Entry> m = new TreeMap<>();
        for (Entry e : tensors) m.put(e.name(), e);
        return m;
    }
}
