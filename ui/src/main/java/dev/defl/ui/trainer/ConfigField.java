package dev.defl.ui.trainer;

import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.learning.attack.AttackPlan;

/** The Trainer form's fields, each a parameter of {@link ExperimentConfig}. */
public enum ConfigField {
    CLIENTS("Clients N", String.valueOf(ExperimentConfig.DEFAULT_CLIENTS)),
    /** Client fraction C (McMahan et al. 2017): the share of the N clients drawn to train each round. */
    CLIENT_FRACTION("Client fraction C", String.valueOf(ExperimentConfig.DEFAULT_CLIENT_FRACTION)),
    AGGREGATORS("Aggregators M", String.valueOf(ExperimentConfig.DEFAULT_AGGREGATORS)),
    ROUNDS("Rounds", String.valueOf(ExperimentConfig.DEFAULT_ROUNDS)),
    LOCAL_EPOCHS("Local epochs E", String.valueOf(ExperimentConfig.DEFAULT_LOCAL_EPOCHS)),
    BATCH_SIZE("Batch size B", String.valueOf(ExperimentConfig.DEFAULT_BATCH_SIZE)),
    LEARNING_RATE("Learning rate", String.valueOf(ExperimentConfig.DEFAULT_LEARNING_RATE)),
    SEED("Seed", String.valueOf(ExperimentConfig.DEFAULT_SEED)),
    /** Malicious clients, {@code K:signflip:S} ({@link AttackPlan#parse}); empty or {@code none} for a clean run. */
    ATTACK("Attack", "");

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

    /** What the field means, for its tooltip. */
    public String help() {
        return switch (this) {
            case CLIENTS -> "Clients N: each an account on the dev chain with its own data partition (1.."
                    + ExperimentConfig.MAX_CLIENTS + ")";
            case AGGREGATORS -> "Aggregators M: each proposes or votes for the round's aggregate; a majority finalizes";
            case ROUNDS -> "Rounds to finalize on chain";
            case LOCAL_EPOCHS -> "Local epochs E each sampled client trains per round";
            case BATCH_SIZE -> "Local mini-batch size B";
            case LEARNING_RATE -> "Clients' optimizer learning rate";
            case SEED -> "Seed of partitioning, client sampling, initialisation and batch order";
            case CLIENT_FRACTION -> "Share of the clients drawn each round, 0 < C ≤ 1 (max(1, round(C·N)) clients train)";
            case ATTACK -> "Malicious clients (robustness experiment): KIND:K[:P] makes clients 1..K attack. KIND: "
                    + "signflip[:S], gaussian[:σ], labelflip, alie[:z], ipm[:ε], fang-krum, fang-trimmed[:b]; ipm and "
                    + "the fang attacks read the round's honest updates first, alie the attackers' own. Empty for none";
        };
    }

    /** Greyed example shown while the field is empty, or empty. */
    public String prompt() {
        return this == ATTACK ? "none, or e.g. alie:3, signflip:3:10" : "";
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
                case CLIENT_FRACTION -> base.withClientFraction(Double.parseDouble(t));
                case ATTACK -> base.withAttack(t.isEmpty() ? AttackPlan.none() : AttackPlan.parse(t));
            };
            if (this == CLIENT_FRACTION || this == ATTACK) return changed;
            return changed.withPartitioner(base.partitioner()).withStrategy(base.strategy())
                    .withClientFraction(base.clientFraction()).withAttack(base.attack());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": '" + t + "' is not a "
                    + (this == LEARNING_RATE || this == CLIENT_FRACTION ? "number" : "whole number"), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
    }
}
