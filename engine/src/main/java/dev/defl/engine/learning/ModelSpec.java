package dev.defl.engine.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * A model architecture, as the PyTorch {@code nn.Sequential} it is equivalent to ({@link #layers()}); its parameters
 * are named by that module's {@code state_dict} keys ({@code "0.weight"}, {@code "0.bias"}, {@code "2.weight"} …).
 * Three architectures:
 * <ul>
 *   <li>{@link #MLP_RELU}: {@code inputSize → hiddenSizes[0] → … → numClasses}, ReLU after each hidden layer, logits
 *       out ({@code Linear, ReLU, Linear, …, Linear}); with no hidden layer it is multinomial logistic (softmax)
 *       regression;</li>
 *   <li>{@link #CNN}: the CNN of McMahan et al. 2017 ("Communication-Efficient Learning of Deep Networks from
 *       Decentralized Data", section 3) on {@code inputShape = [channels, height, width]} images: {@code Conv2d 5×5
 *       32 (padding 2), ReLU, MaxPool 2, Conv2d 5×5 64 (padding 2), ReLU, MaxPool 2, Flatten}, then for each hidden
 *       size {@code Linear, ReLU}, then {@code Linear numClasses}. Inputs are flat rows in {@code C·H·W} (row-major)
 *       order, reshaped to {@code (N, C, H, W)} by the trainer.</li>
 *   <li>{@link #REGRESSOR}: {@code inputSize → hiddenSizes[0] → … → 1}, ReLU after each hidden layer, one real output;
 *       with no hidden layer it is linear regression. The network predicts the <em>standardized</em> target; the
 *       prediction in target units is {@code targetScale.mean() + targetScale.std() · output} ({@link TargetScale}),
 *       so training sees targets of unit scale whatever their units. Trained with mean squared error.</li>
 * </ul>
 *
 * @param architecture architecture identifier, {@link #MLP_RELU}, {@link #CNN} or {@link #REGRESSOR}
 * @param inputSize    features per input row ({@code C·H·W} for the CNN)
 * @param hiddenSizes  units per hidden fully connected layer (may be empty: softmax or linear regression)
 * @param numClasses   output logits; 1 (the single real output) for the {@link #REGRESSOR}
 * @param inputShape   shape of one input: {@code [inputSize]} for the MLPs, {@code [C, H, W]} for the CNN
 * @param targetScale  the regressor's target standardization; {@code null} for the classifiers
 */
public record ModelSpec(String architecture, int inputSize, int[] hiddenSizes, int numClasses, int[] inputShape,
                        TargetScale targetScale) {
    /** Fully connected layers with ReLU (also softmax regression when there are no hidden layers). */
    public static final String MLP_RELU = "mlp-relu";
    /** The CNN of McMahan et al. 2017 (see the class comment). */
    public static final String CNN = "cnn-mcmahan";
    /** Fully connected layers with ReLU and one real output (also linear regression when there are no hidden layers). */
    public static final String REGRESSOR = "mlp-relu-regressor";
    /** Convolution channels of the {@link #CNN}. */
    public static final int CNN_CONV1 = 32;
    public static final int CNN_CONV2 = 64;
    /** Convolution kernel size (pixels, square) and padding of the {@link #CNN}. */
    public static final int CNN_KERNEL = 5;
    public static final int CNN_PADDING = 2;
    /** Max-pooling window and stride of the {@link #CNN}. */
    public static final int CNN_POOL = 2;

    /** Metadata keys written by {@link #toMetadata()}. */
    public static final String KEY_ARCHITECTURE = "architecture";
    public static final String KEY_INPUT_SIZE = "input_size";
    public static final String KEY_HIDDEN_SIZES = "hidden_sizes";
    public static final String KEY_NUM_CLASSES = "num_classes";
    public static final String KEY_TORCH_MODULE = "torch_module";
    /** Written for the {@link #CNN} only: {@code "C,H,W"}. */
    public static final String KEY_INPUT_SHAPE = "input_shape";
    /** Written for the {@link #REGRESSOR} only: {@code "regression"} (a model without it is a classifier). */
    public static final String KEY_TASK = "task";
    /** Written for the {@link #REGRESSOR} only: the {@link TargetScale}, as Java's {@code Double.toString}. */
    public static final String KEY_TARGET_MEAN = "target_mean";
    public static final String KEY_TARGET_STD = "target_std";
    /** The value of {@link #KEY_TASK} for the {@link #REGRESSOR}. */
    public static final String TASK_REGRESSION = "regression";

    /**
     * The affine map from a regressor's output to the target's units, {@code y = mean + std · output}: the model is
     * trained on {@code (y − mean) / std}, the training targets' mean and population standard deviation.
     *
     * @param mean target mean, in target units
     * @param std  target standard deviation, in target units, {@code > 0}
     */
    public record TargetScale(double mean, double std) {
        /** No scaling: the network output is the prediction. */
        public static final TargetScale IDENTITY = new TargetScale(0, 1);

        /** @throws IllegalArgumentException if a value is not finite or {@code std <= 0} */
        public TargetScale {
            if (!Double.isFinite(mean) || !Double.isFinite(std) || !(std > 0)) {
                throw new IllegalArgumentException("target scale needs a finite mean and a std > 0, got mean " + mean + ", std " + std);
            }
        }

        /**
         * The mean and population standard deviation of {@code targets} (std 1 when they are all equal).
         *
         * @throws IllegalArgumentException if {@code targets} is empty
         */
        public static TargetScale of(float[] targets) {
            if (targets.length == 0) throw new IllegalArgumentException("no targets to scale");
            double mean = 0;
            for (float t : targets) mean += t;
            mean /= targets.length;
            double m2 = 0;
            for (float t : targets) m2 += (t - mean) * (t - mean);
            double std = Math.sqrt(m2 / targets.length);
            return new TargetScale(mean, std > 0 ? std : 1);
        }

        /** {@code (y − mean) / std}. */
        public float standardize(float y) {
            return (float) ((y - mean) / std);
        }

        /** {@code mean + std · z}, in target units. */
        public float toTarget(float z) {
            return (float) (mean + std * z);
        }
    }

    /**
     * @throws IllegalArgumentException naming the bad value: unknown architecture, non-positive sizes, fewer than 2
     *                                  classes, an input shape that does not fit the architecture or
     *                                  {@code inputSize}, or an image too small for the CNN's two poolings
     */
    public ModelSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (!architecture.equals(MLP_RELU) && !architecture.equals(CNN) && !architecture.equals(REGRESSOR)) {
            throw new IllegalArgumentException("unsupported architecture '" + architecture + "', expected " + MLP_RELU + ", "
                    + CNN + " or " + REGRESSOR);
        }
        if (inputSize <= 0) throw new IllegalArgumentException("inputSize must be > 0, got " + inputSize);
        if (architecture.equals(REGRESSOR)) {
            if (numClasses != 1) throw new IllegalArgumentException(REGRESSOR + " has one output, got " + numClasses);
            if (targetScale == null) targetScale = TargetScale.IDENTITY;
        } else {
            if (numClasses < 2) throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            if (targetScale != null) throw new IllegalArgumentException("a target scale applies to " + REGRESSOR + " only, not " + architecture);
        }
        hiddenSizes = hiddenSizes.clone();
        for (int h : hiddenSizes) if (h <= 0) throw new IllegalArgumentException("hidden layer sizes must be > 0, got " + Arrays.toString(hiddenSizes));
        inputShape = inputShape.clone();
        long product = 1;
        for (int d : inputShape) {
            if (d <= 0) throw new IllegalArgumentException("input shape dimensions must be > 0, got " + Arrays.toString(inputShape));
            product *= d;
            if (product > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + " holds more than " + Integer.MAX_VALUE + " features");
            }
        }
        if (product != inputSize) throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) + " does not hold " + inputSize + " features");
        if (!architecture.equals(CNN) && inputShape.length != 1) {
            throw new IllegalArgumentException(architecture + " takes a flat input shape [" + inputSize + "], got " + Arrays.toString(inputShape));
        }
        if (architecture.equals(CNN)) {
            if (inputShape.length != 3) throw new IllegalArgumentException(CNN + " takes an input shape [channels, height, width], got " + Arrays.toString(inputShape));
            int minSide = CNN_POOL * CNN_POOL;
            if (inputShape[1] < minSide || inputShape[2] < minSide) {
                throw new IllegalArgumentException(CNN + " needs images of at least " + minSide + "×" + minSide + " pixels, got " + inputShape[1] + "×" + inputShape[2]);
            }
            if ((long) CNN_CONV2 * (inputShape[1] / minSide) * (inputShape[2] / minSide) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(CNN + " feature map of " + inputShape[1] + "×" + inputShape[2] + " pixels exceeds "
                        + Integer.MAX_VALUE + " features");
            }
        }
    }

    /** A classifier spec ({@code targetScale = null}; the {@link #REGRESSOR} gets {@link TargetScale#IDENTITY}). */
    public ModelSpec(String architecture, int inputSize, int[] hiddenSizes, int numClasses, int[] inputShape) {
        this(architecture, inputSize, hiddenSizes, numClasses, inputShape, null);
    }

    /** A {@link #MLP_RELU} (or {@link #REGRESSOR}) spec with the flat input shape {@code [inputSize]}. */
    public ModelSpec(String architecture, int inputSize, int[] hiddenSizes, int numClasses) {
        this(architecture, inputSize, hiddenSizes, numClasses, new int[] {inputSize});
    }

    /**
     * Linear regression: one {@code Linear(inputSize, 1)} trained with mean squared error; PyTorch
     * {@code nn.Sequential(nn.Linear(inputSize, 1))}, tensors {@code 0.weight [1, inputSize]}, {@code 0.bias [1]};
     * {@link TargetScale#IDENTITY} (see {@link #withTargetScale}).
     */
    public static ModelSpec linearRegression(int inputSize) {
        return new ModelSpec(REGRESSOR, inputSize, new int[0], 1);
    }

    /**
     * A multilayer perceptron regressor: two hidden layers of 64 ReLU units and one real output
     * ({@code Linear(inputSize, 64), ReLU, Linear(64, 64), ReLU, Linear(64, 1)}), trained with mean squared error;
     * {@link TargetScale#IDENTITY} (see {@link #withTargetScale}).
     */
    public static ModelSpec mlpRegressor(int inputSize) {
        return new ModelSpec(REGRESSOR, inputSize, new int[] {64, 64}, 1);
    }

    /**
     * This regressor predicting in the units of {@code scale}.
     *
     * @throws IllegalArgumentException if this is not a {@link #REGRESSOR}
     */
    public ModelSpec withTargetScale(TargetScale scale) {
        if (!isRegression()) throw new IllegalArgumentException(architecture + " is a classifier; a target scale applies to " + REGRESSOR);
        return new ModelSpec(architecture, inputSize, hiddenSizes, numClasses, inputShape, scale);
    }

    /** Whether this is the {@link #REGRESSOR} (one real output, mean squared error) rather than a classifier. */
    public boolean isRegression() {
        return architecture.equals(REGRESSOR);
    }

    /**
     * The "2NN" of McMahan et al. 2017 (Communication-Efficient Learning of Deep Networks from Decentralized Data,
     * section 3): a multilayer perceptron with two hidden layers of 200 ReLU units.
     */
    public static ModelSpec twoNN(int inputSize, int numClasses) {
        return new ModelSpec(MLP_RELU, inputSize, new int[] {200, 200}, numClasses);
    }

    /**
     * Multinomial logistic (softmax) regression: one {@code Linear(inputSize, numClasses)}, trained with softmax
     * cross-entropy; PyTorch {@code nn.Sequential(nn.Linear(inputSize, numClasses))}, tensors {@code 0.weight
     * [numClasses, inputSize]}, {@code 0.bias [numClasses]}.
     */
    public static ModelSpec logisticRegression(int inputSize, int numClasses) {
        return new ModelSpec(MLP_RELU, inputSize, new int[0], numClasses);
    }

    /**
     * The CNN of McMahan et al. 2017, section 3: two 5×5 convolutions (32 then 64 channels, padding 2, each followed
     * by ReLU and 2×2 max pooling), a fully connected layer of 512 ReLU units and a linear output of
     * {@code numClasses} logits. For 1×28×28 inputs the tensors are {@code 0.weight [32,1,5,5]}, {@code 0.bias [32]},
     * {@code 3.weight [64,32,5,5]}, {@code 3.bias [64]}, {@code 7.weight [512,3136]}, {@code 7.bias [512]},
     * {@code 9.weight [numClasses,512]}, {@code 9.bias [numClasses]}.
     *
     * @param channels image channels (1 for grey scale)
     * @param height   image rows, pixels, at least 4
     * @param width    image columns, pixels, at least 4
     * @throws IllegalArgumentException if a dimension is too small or {@code numClasses < 2}
     */
    public static ModelSpec cnn(int channels, int height, int width, int numClasses) {
        return new ModelSpec(CNN, channels * height * width, new int[] {512}, numClasses, new int[] {channels, height, width});
    }

    /**
     * The modules of the equivalent PyTorch {@code nn.Sequential}, in order; the layer at index {@code i} owns the
     * tensors {@code "i.weight"} and {@code "i.bias"}.
     */
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>();
        int features = inputSize;
        if (architecture.equals(CNN)) {
            int h = inputShape[1];
            int w = inputShape[2];
            layers.add(new Layer.Conv2d(inputShape[0], CNN_CONV1, CNN_KERNEL, CNN_PADDING));
            layers.add(new Layer.Relu());
            layers.add(new Layer.MaxPool2d(CNN_POOL));
            h /= CNN_POOL;
            w /= CNN_POOL;
            layers.add(new Layer.Conv2d(CNN_CONV1, CNN_CONV2, CNN_KERNEL, CNN_PADDING));
            layers.add(new Layer.Relu());
            layers.add(new Layer.MaxPool2d(CNN_POOL));
            h /= CNN_POOL;
            w /= CNN_POOL;
            layers.add(new Layer.Flatten());
            features = CNN_CONV2 * h * w;
        }
        for (int hidden : hiddenSizes) {
            layers.add(new Layer.Linear(features, hidden));
            layers.add(new Layer.Relu());
            features = hidden;
        }
        layers.add(new Layer.Linear(features, numClasses));
        return List.copyOf(layers);
    }

    /** Tensor shapes by {@code state_dict} key, in sequence order (e.g. {@code 0.weight → [200, 784]}). */
    public SequencedMap<String, long[]> parameterShapes() {
        SequencedMap<String, long[]> shapes = new LinkedHashMap<>();
        List<Layer> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            List<long[]> p = layers.get(i).parameterShapes();
            if (p.isEmpty()) continue;
            shapes.put(Layer.parameterName(i, "weight"), p.get(0).clone());
            shapes.put(Layer.parameterName(i, "bias"), p.get(1).clone());
        }
        return shapes;
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Widths of the fully connected part including its input and output, e.g. {@code [784, 200, 200, 10]}; for the
     * CNN its input is the flattened feature map, e.g. {@code [3136, 512, 10]}.
     */
    public int[] layerSizes() {
        List<Layer.Linear> linears = layers().stream().filter(l -> l instanceof Layer.Linear).map(l -> (Layer.Linear) l).toList();
        int[] s = new int[linears.size() + 1];
        s[0] = linears.getFirst().in();
        for (int i = 0; i < linears.size(); i++) s[i + 1] = linears.get(i).out();
        return s;
    }

    /** Number of {@code Linear} layers. */
    public int linearLayers() {
        return hiddenSizes.length + 1;
    }

    /** Total trainable parameters: the sum of the sizes of {@link #parameterShapes()}. */
    public long parameterCount() {
        long p = 0;
        for (long[] shape : parameterShapes().values()) {
            long n = 1;
            for (long d : shape) n *= d;
            p += n;
        }
        return p;
    }

    /** The equivalent PyTorch module, e.g. {@code torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), …)}. */
    public String torchModule() {
        StringBuilder sb = new StringBuilder("torch.nn.Sequential(");
        List<Layer> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(layers.get(i).torchModule());
        }
        return sb.append(')').toString();
    }

    /** String metadata that {@link #fromMetadata(Map)} reads back; also names the PyTorch module. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new TreeMap<>();
        m.put(KEY_ARCHITECTURE, architecture);
        m.put(KEY_INPUT_SIZE, Integer.toString(inputSize));
        m.put(KEY_HIDDEN_SIZES, join(hiddenSizes));
        m.put(KEY_NUM_CLASSES, Integer.toString(numClasses));
        m.put(KEY_TORCH_MODULE, torchModule());
        if (architecture.equals(CNN)) m.put(KEY_INPUT_SHAPE, join(inputShape));
        if (isRegression()) {
            m.put(KEY_TASK, TASK_REGRESSION);
            m.put(KEY_TARGET_MEAN, Double.toString(targetScale.mean()));
            m.put(KEY_TARGET_STD, Double.toString(targetScale.std()));
        }
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
        int[] hidden = parseInts(metadata, KEY_HIDDEN_SIZES);
        int[] shape = metadata.containsKey(KEY_INPUT_SHAPE) ? parseInts(metadata, KEY_INPUT_SHAPE) : new int[] {in};
        TargetScale scale = null;
        if (arch.equals(REGRESSOR)) scale = new TargetScale(parseDouble(metadata, KEY_TARGET_MEAN), parseDouble(metadata, KEY_TARGET_STD));
        return new ModelSpec(arch, in, hidden, parseInt(metadata, KEY_NUM_CLASSES), shape, scale);
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(values[i]);
        }
        return sb.toString();
    }

    private static int[] parseInts(Map<String, String> m, String key) {
        String v = require(m, key).strip();
        try {
            return v.isEmpty() ? new int[0] : Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata '" + key + "' is not a comma-separated list of integers: \"" + v + "\"");
        }
    }

    private static String require(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("model metadata lacks '" + key + "'");
        return v;
    }

    private static double parseDouble(Map<String, String> m, String key) {
        String v = require(m, key);
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata '" + key + "' is not a number: \"" + v + "\"");
        }
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
                && Arrays.equals(hiddenSizes, s.hiddenSizes) && numClasses == s.numClasses && Arrays.equals(inputShape, s.inputShape)
                && Objects.equals(targetScale, s.targetScale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, inputSize, Arrays.hashCode(hiddenSizes), numClasses, Arrays.hashCode(inputShape), targetScale);
    }

    @Override
    public String toString() {
        return architecture.equals(CNN)
                ? "ModelSpec[" + architecture + " " + Arrays.toString(inputShape) + " → " + Arrays.toString(layerSizes()) + "]"
                : "ModelSpec[" + architecture + " " + Arrays.toString(layerSizes())
                + (isRegression() ? ", target = " + (float) targetScale.mean() + " + " + (float) targetScale.std() + "·output" : "") + "]";
    }
}
