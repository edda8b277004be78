package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense 32-bit float tensor (safetensors dtype {@code F32}) in row-major (C) order.
 *
 * @param shape  dimensions, each {@code >= 0}; {@code []} is a scalar
 * @param values {@code Π shape} elements
 */
public record Tensor(long[] shape, float[] values) {
    public Tensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + count + " elements but " + values.length + " values were given");
        }
    }

    /** Π shape; {@code -1} if a dimension is negative or the product overflows {@code int}. */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long s : shape) {
            if (s < 0) return -1;
            count = s == 0 ? 0 : count * s;
            if (count > Integer.MAX_VALUE) return -1;
        }
        return count;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The values array itself (not copied): do not modify. */
    @Override
    public float[] values() {
        return values;
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** Whether both tensors have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Equal shapes and bit-identical values (so NaN equals NaN, -0 differs from +0). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor t) || !Arrays.equals(shape, t.shape) || values.length != t.values.length) return false;
        for (int i = 0; i < values.length; i++) {
            if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(t.values[i])) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
