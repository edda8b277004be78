package dev.defl.engine.learning;

import java.util.List;

/**
 * One module of a {@link ModelSpec}'s PyTorch {@code nn.Sequential}, in order; a layer at position {@code i} owns the
 * parameters {@code "i.weight"} and {@code "i.bias"} ({@link #parameterName}). This list is the single place that
 * decides tensor names and shapes: {@link ModelSpec#parameterShapes()}, {@link ModelWeights#matches(ModelSpec)},
 * {@link LocalTrainer} (initialisation, the DJL block, copying values in and out) all read it.
 */
public sealed interface Layer {
    /** The PyTorch module, e.g. {@code torch.nn.Linear(784, 200)}. */
    String torchModule();

    /** Parameter shapes in {@code state_dict} order: {@code [weight, bias]}, or empty for parameterless modules. */
    default List<long[]> parameterShapes() {
        return List.of();
    }

    /** {@code state_dict} key of a parameter of the module at {@code position}: {@code position + "." + kind}. */
    static String parameterName(int position, String kind) {
        return position + "." + kind;
    }

    /** {@code torch.nn.Linear(in, out)}: weight {@code [out, in]}, bias {@code [out]}. */
    record Linear(int in, int out) implements Layer {
        @Override
        public String torchModule() {
            return "torch.nn.Linear(" + in + ", " + out + ")";
        }

        @Override
        public List<long[]> parameterShapes() {
            return List.of(new long[] {out, in}, new long[] {out});
        }
    }

    /**
     * {@code torch.nn.Conv2d(in, out, kernel, padding=padding)}, stride 1: weight {@code [out, in, kernel, kernel]},
     * bias {@code [out]}.
     */
    record Conv2d(int in, int out, int kernel, int padding) implements Layer {
        @Override
        public String torchModule() {
            return "torch.nn.Conv2d(" + in + ", " + out + ", " + kernel + ", padding=" + padding + ")";
        }

        @Override
        public List<long[]> parameterShapes() {
            return List.of(new long[] {out, in, kernel, kernel}, new long[] {out});
        }
    }

    /** {@code torch.nn.ReLU()}. */
    record Relu() implements Layer {
        @Override
        public String torchModule() {
            return "torch.nn.ReLU()";
        }
    }

    /** {@code torch.nn.MaxPool2d(size)}: window and stride {@code size}, no padding (floor). */
    record MaxPool2d(int size) implements Layer {
        @Override
        public String torchModule() {
            return "torch.nn.MaxPool2d(" + size + ")";
        }
    }

    /** {@code torch.nn.Flatten()}: {@code (N, C, H, W) → (N, C·H·W)}. */
    record Flatten() implements Layer {
        @Override
        public String torchModule() {
            return "torch.nn.Flatten()";
        }
    }
}
