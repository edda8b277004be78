package dev.defl.ui.trainer;

import dev.defl.engine.protocol.ExperimentConfig;

/** The Trainer form's fields, each a parameter of {@link ExperimentConfig}. */
public enum ConfigField {
    CLIENTS("Clients N", String.valueOf(ExperimentConfig.DEFAULT_CLIENTS)),
    AGGREGATORS("Aggregators M", String.valueOf(ExperimentConfig.DEFAULT_AGGREGATORS)),
    ROUNDS("Rounds", String.valueOf(ExperimentConfig.DEFAULT_ROUNDS)),
    LOCAL_EPOCHS("Local epochs E", String.valueOf(ExperimentConfig.DEFAULT_LOCAL_EPOCHS)),
    BATCH_SIZE("Batch size B", String.valueOf(ExperimentConfig.DEFAULT_BATCH_SIZE)),
    LEARNING_RATE("Learning rate", String.valueOf(ExperimentConfig.DEFAULT_LEARNING_RATE)),
    SEED("Seed", String.valueOf(ExperimentConfig.DEFAULT_SEED));

    private final String label;
    private final String defaultText;

    ConfigField(String label, String defaultText) {
        this.label = label;
        this.defaultText = defaultText;
    }

    public String label() {
        return label;
    }

    public String defaultText() {
        return defaultText;
    }

    /**
     * {@code base} with this field set to {@code text}.
     *
     * @throws IllegalArgumentException naming the field when {@code text} is not a number or out of range
     */
    ExperimentConfig apply(ExperimentConfig base, String text) {
        String t = text == null ? "" : text.strip();
        try {
            ExperimentConfig changed = switch (this) {
                case CLIENTS -> new ExperimentConfig(Integer.parseInt(t), base.aggregators(), base.rounds(),
                        base.localEpochs(), base.batchSize(), base.learningRate(), base.seed());
                case AGGREGATORS -> new ExperimentConfig(base.clients(), Integer.parseInt(t), base.rounds(),
                        base.localEpochs(), base.batchSize(), base.learningRate(), base.seed());
                case ROUNDS -> new ExperimentConfig(base.clients(), base.aggregators(), Integer.parseInt(t),
                        base.localEpochs(), base.batchSize(), base.learningRate(), base.seed());
                case LOCAL_EPOCHS -> new ExperimentConfig(base.clients(), base.aggregators(), base.rounds(),
                        Integer.parseInt(t), base.batchSize(), base.learningRate(), base.seed());
                case BATCH_SIZE -> new ExperimentConfig(base.clients(), base.aggregators(), base.rounds(),
                        base.localEpochs(), Integer.parseInt(t), base.learningRate(), base.seed());
                case LEARNING_RATE -> new ExperimentConfig(base.clients(), base.aggregators(), base.rounds(),
                        base.localEpochs(), base.batchSize(), Double.parseDouble(t), base.seed());
                case SEED -> new ExperimentConfig(base.clients(), base.aggregators(), base.rounds(),
                        base.localEpochs(), base.batchSize(), base.learningRate(), Long.parseLong(t));
            };
            return changed.withPartitioner(base.partitioner()).withStrategy(base.strategy())
                    .withClientFraction(base.clientFraction()).withPoison(base.poison());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": '" + t + "' is not a "
                    + (this == LEARNING_RATE ? "number" : "whole number"), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
    }
}
