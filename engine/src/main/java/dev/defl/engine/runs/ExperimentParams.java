package dev.defl.engine.runs;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;

/** The {@link RunParams} of an experiment run: its configuration, dataset and model. */
public final class ExperimentParams {
    private ExperimentParams() {
    }

    /**
     * @param device the DJL device name, e.g. {@code "cpu()"}
     * @return the run's parameters; {@code model} is the {@link ModelKind#cliName} where the architecture is one of
     *         theirs (so the Trainer's form can be restored from it), else the architecture name
     */
    public static RunParams of(ExperimentConfig c, DatasetSplit data, ModelSpec model, String device) {
        return new RunParams(RunKind.EXPERIMENT, family(data.train().name()), null, (long) data.train().size(), (long) data.test().size(),
                c.partitioner().describe(), modelName(model), c.strategy().name(), c.strategy().toTaskSpec(),
                c.clients(), c.clientFraction(), c.aggregators(), c.rounds(), c.localEpochs(), c.batchSize(),
                c.learningRate(), c.seed(), device, c.attack().active() ? c.attack().describe() : null)
                .withDp(c.dp());
    }

    /** A dataset's name without its part, e.g. {@code "digits"} for {@code "digits/train"}. */
    static String family(String name) {
        if (name == null) return null;
        int slash = name.indexOf('/');
        return slash > 0 ? name.substring(0, slash) : name;
    }

    /** The {@link ModelKind} name of {@code model} ({@code "mlp"}, {@code "cnn"} …), or its architecture name. */
    public static String modelName(ModelSpec model) {
        boolean hidden = model.hiddenSizes().length > 0;
        return switch (model.architecture()) {
            case ModelSpec.CNN -> ModelKind.CNN.cliName();
            case ModelSpec.REGRESSOR -> (hidden ? ModelKind.MLP_REG : ModelKind.LINREG).cliName();
            case ModelSpec.MLP_RELU -> (hidden ? ModelKind.MLP : ModelKind.LOGREG).cliName();
            default -> model.architecture();
        };
    }
}
