package dev.defl.engine.learning;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The model families a run can train, by their command-line name ({@code defl run --model NAME}); each builds the
 * {@link ModelSpec} that fits a dataset.
 */
public enum ModelKind {
    /** Multinomial logistic (softmax) regression, {@link ModelSpec#logisticRegression}. */
    LOGREG("logreg"),
    /** The 2NN multilayer perceptron of McMahan et al. 2017, {@link ModelSpec#twoNN}; the default. */
    MLP("mlp"),
    /** The CNN of McMahan et al. 2017, {@link ModelSpec#cnn}; needs images. */
    CNN("cnn"),
    /** Linear regression, {@link ModelSpec#linearRegression}; needs a regression dataset. */
    LINREG("linreg"),
    /** Multilayer perceptron regressor (64-64 ReLU → 1), {@link ModelSpec#mlpRegressor}; needs a regression dataset. */
    MLP_REG("mlp-reg");

    private final String cliName;

    ModelKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line, e.g. {@code "logreg"}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The kind called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming {@code name} and the known names
     */
    public static ModelKind parse(String name) {
        for (ModelKind k : values()) if (k.cliName.equalsIgnoreCase(name.strip())) return k;
        throw new IllegalArgumentException("unknown model '" + name + "' (expected one of "
                + Arrays.stream(values()).map(ModelKind::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /** Whether this kind predicts a real value (a regression dataset) rather than a class. */
    public boolean isRegression() {
        return this == LINREG || this == MLP_REG;
    }

    /**
     * The spec of this kind for {@code data}: its feature count, and as many classes as the larger of the train and
     * test class counts. The CNN takes the dataset's {@link LabeledDataset#imageShape()}: one grey-scale channel for
     * {@code [H, W]}, {@code C} channels for {@code [C, H, W]}; when the dataset has none, one channel of a square image
     * of {@code √numFeatures} pixels a side. The regressors predict in the
     * target's units through {@link ModelSpec.TargetScale#of} the training targets.
     *
     * @throws IllegalArgumentException for a regression model on a classification dataset or the other way round
     *                                  (naming both), for the CNN when the rows are not square images (naming the
     *                                  feature count) or the image is smaller than 4×4 pixels
     */
    public ModelSpec spec(DatasetSplit data) {
        LabeledDataset train = data.train();
        if (isRegression() && !train.isRegression()) {
            throw new IllegalArgumentException("model " + cliName + " is a regression model but dataset " + train.name()
                    + " is a classification dataset (" + train.numClasses() + " classes); use logreg, mlp or cnn, "
                    + "or read the target as a real value (task regression)");
        }
        if (!isRegression() && train.isRegression()) {
            throw new IllegalArgumentException("model " + cliName + " is a classification model but dataset " + train.name()
                    + " has a real-valued target (regression); use linreg or mlp-reg, "
                    + "or read the target as classes (task classification)");
        }
        int features = train.numFeatures();
        int classes = Math.max(train.numClasses(), data.test().numClasses());
        return switch (this) {
            case LINREG -> ModelSpec.linearRegression(features).withTargetScale(ModelSpec.TargetScale.of(train.targets()));
            case MLP_REG -> ModelSpec.mlpRegressor(features).withTargetScale(ModelSpec.TargetScale.of(train.targets()));
            case LOGREG -> ModelSpec.logisticRegression(features, classes);
            case MLP -> ModelSpec.twoNN(features, classes);
            case CNN -> {
                int[] image = train.imageShape();
                if (image != null && image.length == 2 && (long) image[0] * image[1] == features) {
                    yield ModelSpec.cnn(1, image[0], image[1], classes);
                }
                if (image != null && image.length == 3 && (long) image[0] * image[1] * image[2] == features) {
                    yield ModelSpec.cnn(image[0], image[1], image[2], classes);
                }
                int side = (int) Math.round(Math.sqrt(features));
                if (side * side != features) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "model cnn needs image rows, but dataset %s has %d features per row, which is not a square number of pixels",
                            train.name(), features));
                }
                yield ModelSpec.cnn(1, side, side, classes);
            }
        };
    }
}
