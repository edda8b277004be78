package dev.defl.ui;

import javafx.util.StringConverter;

/** Shared widget (Trainer curves, Timeline): axis tick labels for counts that start at 1 (rounds, epochs): whole numbers ≥ 1, blank otherwise. */
public final class WholeNumbers extends StringConverter<Number> {

    /** The shared, stateless instance. */
    public static final WholeNumbers FROM_ONE = new WholeNumbers();

    private WholeNumbers() {}

    /**
     * The tick unit of an axis of counts up to {@code last}: the smallest of 1, 2, 5, 10, 20, 50 … that puts at most
     * about ten ticks on it (a tick, label and grid line per round would be 1,000 of them for a 1,000-round run).
     */
    public static int tickUnit(int last) {
        int unit = 1;
        for (int scale = 1; unit * 10L < last; scale *= 10) {
            for (int step : new int[]{1, 2, 5}) {
                unit = step * scale;
                if (unit * 10L >= last) break;
            }
        }
        return unit;
    }

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
