package dev.defl.ui.runs;

import java.util.List;

/**
 * The colours of the runs overlaid in the Runs pane's charts, as CSS hex: Okabe–Ito's eight colour-blind-safe
 * colours (black replaced by grey), then six of Tableau 10's that differ from them; a run's colour is its position in
 * the selection modulo {@link #size()}. Kept here until a shared chart palette replaces it.
 */
public final class RunPalette {
    private static final List<String> COLOURS = List.of(
            "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F",
            "#4E79A7", "#E15759", "#76B7B2", "#59A14F", "#B07AA1", "#9C755F");

    private RunPalette() {
    }

    /** How many distinct colours there are (14). */
    public static int size() {
        return COLOURS.size();
    }

    /** The colour of the {@code index}-th series (0-based), e.g. {@code "#0072B2"}. */
    public static String colour(int index) {
        return COLOURS.get(Math.floorMod(index, COLOURS.size()));
    }

    /** The dash pattern of the {@code index}-th series: solid for the first round of colours, dashed after. */
    public static String dashes(int index) {
        return index < COLOURS.size() ? "" : "6 4";
    }
}
