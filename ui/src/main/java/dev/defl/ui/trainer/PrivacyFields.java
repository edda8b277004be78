package dev.defl.ui.trainer;

import dev.defl.engine.learning.privacy.DpSetting;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The Trainer form's client-level differential privacy (DP-FedAvg, {@link DpSetting}): off at first; clip norm C,
 * noise multiplier z and δ as text, each validated on its own, and optionally adaptive clipping (Andrew et al. 2021)
 * towards a target quantile γ (C is then the initial clip norm). Holds no controls; used on the UI thread.
 */
public final class PrivacyFields {

    /** δ the form starts with. */
    public static final String DEFAULT_DELTA = "1e-5";

    private final BooleanProperty enabled = new SimpleBooleanProperty(false);
    private final StringProperty clip = new SimpleStringProperty("1.0");
    private final StringProperty noise = new SimpleStringProperty("1.0");
    private final StringProperty delta = new SimpleStringProperty(DEFAULT_DELTA);
    private final BooleanProperty adaptive = new SimpleBooleanProperty(false);
    private final StringProperty quantile = new SimpleStringProperty(Double.toString(DpSetting.DEFAULT_TARGET_QUANTILE));
    private final BooleanBinding clipValid = validity(clip, "DP clip norm C", v -> v > 0, "> 0");
    private final BooleanBinding noiseValid = validity(noise, "DP noise multiplier z", v -> v >= 0, ">= 0");
    private final BooleanBinding deltaValid = validity(delta, "DP δ", v -> v > 0 && v < 1, "in (0, 1)");
    private final BooleanBinding quantileValid = validity(quantile, QUANTILE_LABEL, v -> v >= 0 && v <= 1, "in [0, 1]");
    private static final String QUANTILE_LABEL = "DP target quantile γ";

    /** Whether runs use client-level DP; false at first. */
    public BooleanProperty enabledProperty() { return enabled; }

    /** Clip norm C as text (the L2 bound on a client's update delta, in the weights' units). */
    public StringProperty clipProperty() { return clip; }

    /** Noise multiplier z as text (Gaussian noise of standard deviation z·C/√m per coordinate). */
    public StringProperty noiseProperty() { return noise; }

    /** δ of the reported (ε, δ) guarantee as text; {@value #DEFAULT_DELTA} at first. */
    public StringProperty deltaProperty() { return delta; }

    /** Whether C adapts to the clients' update norms (adaptive clipping); false at first. */
    public BooleanProperty adaptiveProperty() { return adaptive; }

    /** Adaptive clipping's target quantile γ as text (the fraction of updates left unclipped); 0.5 at first. */
    public StringProperty quantileProperty() { return quantile; }

    /** Whether γ's text on its own is valid. */
    public BooleanBinding quantileValid() { return quantileValid; }

    /** Whether C's text on its own is valid. */
    public BooleanBinding clipValid() { return clipValid; }

    /** Whether z's text on its own is valid. */
    public BooleanBinding noiseValid() { return noiseValid; }

    /** Whether δ's text on its own is valid. */
    public BooleanBinding deltaValid() { return deltaValid; }

    /** Everything {@link #setting()} depends on. */
    List<javafx.beans.Observable> observables() {
        return List.of(enabled, clip, noise, delta, adaptive, quantile);
    }

    /**
     * The DP setting the fields describe, or null while DP is off.
     *
     * @throws IllegalArgumentException naming the field that is not a number or out of range,
     *                                  e.g. {@code "DP clip norm C: must be > 0, got 0"} (γ only while adaptive)
     */
    public DpSetting setting() {
        if (!enabled.get()) return null;
        return new DpSetting(parse(clip.get(), "DP clip norm C", v -> v > 0, "> 0"),
                parse(noise.get(), "DP noise multiplier z", v -> v >= 0, ">= 0"),
                parse(delta.get(), "DP δ", v -> v > 0 && v < 1, "in (0, 1)"),
                adaptive.get() ? parse(quantile.get(), QUANTILE_LABEL, v -> v >= 0 && v <= 1, "in [0, 1]") : null);
    }

    /**
     * Takes a recorded run's DP setting: on with C, z, δ when {@code clip} is not null, else off; adaptive clipping on
     * with γ when {@code targetQuantile} is not null, else off.
     */
    void restore(Double clipNorm, Double noiseMultiplier, Double dpDelta, Double targetQuantile) {
        if (clipNorm == null) {
            enabled.set(false);
            return;
        }
        clip.set(clipNorm.toString());
        if (noiseMultiplier != null) noise.set(noiseMultiplier.toString());
        if (dpDelta != null) delta.set(dpDelta.toString());
        if (targetQuantile != null) quantile.set(targetQuantile.toString());
        adaptive.set(targetQuantile != null);
        enabled.set(true);
    }

    private static BooleanBinding validity(StringProperty text, String label, DoublePredicate ok, String range) {
        return Bindings.createBooleanBinding(() -> {
            try {
                parse(text.get(), label, ok, range);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }, text);
    }

    private static double parse(String text, String label, DoublePredicate ok, String range) {
        String t = text == null ? "" : text.strip();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(label + ": '" + t + "' is not a number", e);
        }
        if (!Double.isFinite(v) || !ok.test(v)) {
            throw new IllegalArgumentException(label + ": must be finite and " + range + ", got " + t);
        }
        return v;
    }
}
