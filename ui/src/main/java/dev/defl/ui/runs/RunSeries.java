package dev.defl.ui.runs;

import java.util.List;

/**
 * One selected run's per-round test figures, as the Runs pane overlays them.
 *
 * @param id         the run's id
 * @param name       its name
 * @param colour     its colour in the charts, CSS hex ({@link dev.defl.ui.SeriesPalette})
 * @param dashes     its line's dash pattern, CSS {@code -fx-stroke-dash-array} (empty: solid)
 * @param regression whether its headline figure is an RMSE rather than an accuracy
 * @param points     its finalized rounds, in order
 */
public record RunSeries(long id, String name, String colour, String dashes, boolean regression, List<Point> points) {
    public RunSeries {
        points = List.copyOf(points);
    }

    /**
     * One finalized round.
     *
     * @param round    1-based round
     * @param accuracy test accuracy in percent, NaN for a regression run
     * @param loss     test loss (cross-entropy; MSE for regression), NaN when absent
     * @param rmse     test RMSE in target units, NaN for classification
     */
    public record Point(int round, double accuracy, double loss, double rmse) {
    }
}
