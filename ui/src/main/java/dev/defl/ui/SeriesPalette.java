package dev.defl.ui;

import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * The one colour scheme of the workbench's charts: series {@code i} gets {@link #style(int)}, so that no two series of
 * a chart look the same.
 *
 * <p>The colours are the 8 of Okabe &amp; Ito ("Color Universal Design", 2008; safe for the common colour-vision
 * deficiencies), then the 6 of Tableau 10 (Tableau Software, 2016) that are not near one of those (Tableau's blue,
 * orange, yellow and purple are left out): {@value #COLOURS} colours. After them the colours repeat with a different line
 * dash (dashed, dotted, dash-dot), so {@value #COLOURS}·{@value #DASHES} series are distinct; bars, which have no
 * dash, get a dashed outline of the same pattern instead.
 *
 * <p>{@link #install(XYChart)} keeps a chart's series, points and legend in these styles as series come and go
 * (JavaFX's own {@code default-colorN} classes repeat after 8).
 */
public final class SeriesPalette {

    /** Okabe–Ito in an order whose first colours are the most distinct, then the distinct Tableau 10 additions. */
    private static final List<String> HEX = List.of(
            "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
            "#E15759", "#76B7B2", "#59A14F", "#FF9DA7", "#9C755F", "#BAB0AC");

    /** Number of distinct colours before the dashes start. */
    public static final int COLOURS = 14;

    /** CSS {@code -fx-stroke-dash-array} values in order: solid, dashed, dotted, dash-dot (lengths in pixels). */
    private static final List<String> DASH_ARRAYS = List.of("", "8 5", "2 4", "9 4 2 4");

    /** Number of line patterns (solid first). */
    public static final int DASHES = 4;

    private SeriesPalette() {}

    /**
     * How series {@code index} is drawn.
     *
     * @param colour    its colour, {@code #RRGGBB}
     * @param dashArray its CSS dash array (pixels), empty for a solid line
     */
    public record SeriesStyle(String colour, String dashArray) {
        /** Whether the line is solid. */
        public boolean solid() {
            return dashArray.isEmpty();
        }

        /** The colour as a JavaFX {@link Color}. */
        public Color color() {
            return Color.web(colour);
        }

        /** Inline CSS for a chart's series line ({@code Path}). */
        String lineCss() {
            return "-fx-stroke: " + colour + ";" + (solid() ? "" : " -fx-stroke-dash-array: " + dashArray + ";");
        }

        /** Inline CSS for a line chart's point symbol and legend mark. */
        String symbolCss() {
            return "-fx-background-color: " + colour + ", white;";
        }

        /** Inline CSS for a bar (and its legend mark): filled with the colour, outlined with the dash pattern. */
        String barCss() {
            String css = "-fx-bar-fill: " + colour + "; -fx-background-color: " + colour + ";";
            if (solid()) return css;
            return css + " -fx-border-color: #1d2430; -fx-border-width: 1.5; -fx-border-style: segments("
                    + dashArray.replace(' ', ',') + ");";
        }
    }

    /**
     * The style of series {@code index} (0-based): colour {@code index mod} {@value #COLOURS}, dash
     * {@code (index / COLOURS) mod} {@value #DASHES}.
     *
     * @throws IllegalArgumentException when {@code index} is negative
     */
    public static SeriesStyle style(int index) {
        if (index < 0) throw new IllegalArgumentException("series index must be >= 0, got " + index);
        return new SeriesStyle(HEX.get(index % COLOURS), DASH_ARRAYS.get((index / COLOURS) % DASHES));
    }

    /** The colour of series {@code index} as {@code #RRGGBB} (see {@link #style(int)}). */
    public static String colour(int index) {
        return style(index).colour();
    }

    /**
     * Keeps {@code chart}'s series in this palette: now, and whenever series or their points are added or replaced
     * (each point's node is styled as it appears). Call once per chart, on the JavaFX thread.
     */
    public static void install(XYChart<?, ?> chart) {
        chart.getStyleClass().add("palette-chart");
        paint(chart);
        chart.getData().addListener((ListChangeListener<XYChart.Series<?, ?>>) change -> {
            while (change.next()) {
                for (XYChart.Series<?, ?> s : change.getAddedSubList()) watch(chart, s);
            }
            paint(chart);
        });
        for (XYChart.Series<?, ?> s : chart.getData()) watch(chart, s);
        // the legend is rebuilt after series changes, on layout
        chart.needsLayoutProperty().addListener((obs, old, now) -> {
            if (!now) paintLegend(chart);
        });
    }

    private static void watch(XYChart<?, ?> chart, XYChart.Series<?, ?> series) {
        series.getData().addListener((ListChangeListener<XYChart.Data<?, ?>>) c -> paint(chart));
    }

    /** Styles {@code chart}'s series, their points and the legend now. */
    public static void paint(XYChart<?, ?> chart) {
        boolean bars = chart instanceof BarChart || chart instanceof StackedBarChart;
        List<? extends XYChart.Series<?, ?>> series = chart.getData();
        for (int i = 0; i < series.size(); i++) {
            SeriesStyle st = style(i);
            XYChart.Series<?, ?> s = series.get(i);
            Node line = s.getNode();
            if (line != null && chart instanceof LineChart) {
                // the series node of a line chart is a Group holding the Path, or the Path itself
                line.setStyle(st.lineCss());
                if (line instanceof javafx.scene.Parent p) {
                    for (Node n : p.getChildrenUnmodifiable()) n.setStyle(st.lineCss());
                }
            }
            for (XYChart.Data<?, ?> d : s.getData()) {
                Node n = d.getNode();
                if (n != null) n.setStyle(bars ? st.barCss() : st.symbolCss());
            }
        }
        paintLegend(chart);
    }

    private static void paintLegend(XYChart<?, ?> chart) {
        if (!chart.isLegendVisible()) return;
        boolean bars = chart instanceof BarChart || chart instanceof StackedBarChart;
        List<Node> items = List.copyOf(chart.lookupAll(".chart-legend-item"));
        int n = Math.min(items.size(), chart.getData().size());
        for (int i = 0; i < n; i++) {
            if (items.get(i) instanceof Label item && item.getGraphic() != null) {
                SeriesStyle st = style(i);
                item.getGraphic().setStyle(bars ? st.barCss() : st.symbolCss());
            }
        }
    }
}
