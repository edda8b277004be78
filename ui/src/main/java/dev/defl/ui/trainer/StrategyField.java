package dev.defl.ui.trainer;

import dev.defl.engine.learning.StrategySpec;

import java.util.Set;

/**
 * The hyper-parameters of an aggregation strategy on the Trainer form, each a component of {@link StrategySpec},
 * and the strategies ({@link StrategySpec#NAMES}) that use it: a field is shown only for those.
 */
public enum StrategyField {
    SERVER_LR("Server learning rate η", "Server step size applied to the aggregated update (Reddi et al. 2021)",
            Set.of("fedavgm", "fedadam", "fedyogi", "fedadagrad")),
    MOMENTUM("Server momentum β", "Momentum β (FedAvgM) or first-moment decay β1 (FedAdam, FedYogi, FedAdagrad), in [0, 1)",
            Set.of("fedavgm", "fedadam", "fedyogi", "fedadagrad")),
    TRIMMED_BETA("Trimmed fraction β", "Fraction of values dropped at each end per coordinate, in [0, 0.5)",
            Set.of("trimmed-mean")),
    KRUM_F("Byzantine clients f", "Clients assumed malicious; Krum needs n > 2f + 2 updates, Bulyan n >= 4f + 3",
            Set.of("krum", "multi-krum", "bulyan")),
    MULTI_KRUM_M("Multi-Krum m", "Updates averaged after Krum selection; 0 = n − f",
            Set.of("multi-krum")),
    PROXIMAL_MU("FedProx μ", "Proximal term coefficient of each client's local objective (Li et al. 2020)",
            Set.of("fedprox")),
    CLIP_RADIUS("Clipping radius", "Norm bound M (norm bounding) or radius τ (centered clipping); 0 = each round's median",
            Set.of("norm-bounding", "centered-clipping"));

    private final String label;
    private final String help;
    private final Set<String> strategies;

    StrategyField(String label, String help, Set<String> strategies) {
        this.label = label;
        this.help = help;
        this.strategies = strategies;
    }

    public String label() {
        return label;
    }

    /** A one-line explanation for the field's tooltip. */
    public String help() {
        return help;
    }

    /** Whether {@code strategy} (one of {@link StrategySpec#NAMES}) uses this field. */
    public boolean usedBy(String strategy) {
        return strategies.contains(strategy);
    }

    /** Whether the field holds a whole number (f, m) rather than a real one. */
    public boolean isWholeNumber() {
        return this == KRUM_F || this == MULTI_KRUM_M;
    }

    /** The field's default text for {@code strategy}: the value {@link StrategySpec#of(String)} picks. */
    public String defaultText(String strategy) {
        return text(StrategySpec.of(StrategySpec.NAMES.contains(strategy) ? strategy : "fedavg"));
    }

    /** This field's component of {@code spec}. */
    public double valueIn(StrategySpec spec) {
        return switch (this) {
            case SERVER_LR -> spec.serverLr();
            case MOMENTUM -> spec.momentum();
            case TRIMMED_BETA -> spec.trimmedBeta();
            case KRUM_F -> spec.krumF();
            case MULTI_KRUM_M -> spec.multiKrumM();
            case PROXIMAL_MU -> spec.proximalMu();
            case CLIP_RADIUS -> spec.clipRadius();
        };
    }

    /** This field's component of {@code spec} as the form shows it ({@code 3}, {@code 0.9}). */
    public String text(StrategySpec spec) {
        double v = valueIn(spec);
        return isWholeNumber() ? String.valueOf((int) v) : String.valueOf(v);
    }

    /**
     * The field's value parsed from {@code text}.
     *
     * @throws IllegalArgumentException naming the field when {@code text} is not a (whole) number
     */
    double parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            return isWholeNumber() ? Integer.parseInt(t) : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": '" + t + "' is not a " + (isWholeNumber() ? "whole number" : "number"), e);
        }
    }

    /** One line describing {@code strategy} for the form, citing its paper. */
    public static String describe(String strategy) {
        return switch (strategy == null ? "" : strategy) {
            case "fedavg" -> "Sample-weighted mean of the client models (McMahan et al. 2017).";
            case "fedprox" -> "FedAvg with a proximal term μ/2·‖w − w_global‖² in local training (Li et al. 2020).";
            case "fedavgm" -> "FedAvg with server momentum (Hsu et al. 2019).";
            case "fedadam" -> "Adaptive server optimizer, Adam on the mean update (Reddi et al. 2021).";
            case "fedyogi" -> "Adaptive server optimizer, Yogi on the mean update (Reddi et al. 2021).";
            case "fedadagrad" -> "Adaptive server optimizer, Adagrad on the mean update (Reddi et al. 2021).";
            case "fedmedian" -> "Coordinate-wise median: robust to a minority of outliers (Yin et al. 2018).";
            case "trimmed-mean" -> "Coordinate-wise mean after dropping β at each end (Yin et al. 2018).";
            case "krum" -> "Picks the update closest to its n − f − 2 neighbours (Blanchard et al. 2017).";
            case "multi-krum" -> "Averages the m best updates by Krum score (Blanchard et al. 2017).";
            case "bulyan" -> "Krum selection of n − 2f, then per coordinate the mean of those nearest the median (El Mhamdi et al. 2018).";
            case "centered-clipping" -> "Moves from the last model by clipped steps towards each update (Karimireddy et al. 2021).";
            case "geometric-median" -> "Geometric median by smoothed Weiszfeld iterations, RFA (Pillutla et al. 2022).";
            case "norm-bounding" -> "FedAvg of updates scaled down to norm at most M (Sun et al. 2019).";
            case "fltrust" -> "Weights each update by its cosine with a model trained on a small clean root dataset the "
                    + "aggregators hold, rescaled to its norm (Cao et al. 2021). A run samples 100 training rows as the root.";
            default -> "";
        };
    }
}
