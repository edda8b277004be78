package dev.defl.ui;

import javafx.util.StringConverter;

/** Shared widget (Trainer curves, Timeline): axis tick labels for counts that start at 1 (rounds, epochs): whole numbers ≥ 1, blank otherwise. */
public final class WholeNumbers extends StringConverter<Number> {

    /** The shared, stateless instance. */
    public static final WholeNumbers FROM_ONE = new WholeNumbers();

    private WholeNumbers() {}

    @Override
    public String toString(Number n) {
        double v = n.doubleValue();
        return v >= 1 && v == Math.rint(v) ? String.valueOf((long) v) : "";
    }

    @Override
    public Number fromString(String s) {
        return Double.valueOf(s);
    }
}
