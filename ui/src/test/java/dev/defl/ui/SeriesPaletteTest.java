package dev.defl.ui;

import javafx.scene.Scene;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The charts' palette: at least 12 distinct colours, then line styles, applied to real charts (headless Monocle). */
@ExtendWith(ApplicationExtension.class)
class SeriesPaletteTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void atLeastTwelveDistinctColoursComeBeforeAnyRepeat() {
        List<String> colours = IntStream.range(0, SeriesPalette.COLOURS).mapToObj(SeriesPalette::colour).toList();
        assertThat(SeriesPalette.COLOURS).isGreaterThanOrEqualTo(12);
        assertThat(new HashSet<>(colours)).hasSize(SeriesPalette.COLOURS);
        // Okabe–Ito first (orange, sky blue, bluish green, vermillion …)
        assertThat(colours).contains("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7");
        IntStream.range(0, SeriesPalette.COLOURS).forEach(i -> assertThat(SeriesPalette.style(i).solid()).isTrue());
        // no two colours nearly the same (in RGB distance)
        for (int i = 0; i < colours.size(); i++) {
            for (int j = i + 1; j < colours.size(); j++) {
                var a = SeriesPalette.style(i).color();
                var b = SeriesPalette.style(j).color();
                double d = Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2) + Math.pow(a.getGreen() - b.getGreen(), 2)
                        + Math.pow(a.getBlue() - b.getBlue(), 2));
                assertThat(d).as(colours.get(i) + " vs " + colours.get(j)).isGreaterThan(0.12);
            }
        }
    }

    @Test
    void afterTheColoursTheLineStylesKeepEverySeriesDistinct() {
        int n = SeriesPalette.COLOURS * SeriesPalette.DASHES;
        Set<SeriesPalette.SeriesStyle> styles = new HashSet<>();
        for (int i = 0; i < n; i++) styles.add(SeriesPalette.style(i));
        assertThat(styles).hasSize(n);
        assertThat(SeriesPalette.style(SeriesPalette.COLOURS).colour()).isEqualTo(SeriesPalette.colour(0));
        assertThat(SeriesPalette.style(SeriesPalette.COLOURS).solid()).isFalse();
        assertThatThrownBy(() -> SeriesPalette.style(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void installedChartsDrawEverySeriesAndItsLegendMarkInItsOwnStyle() {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            LineChart<Number, Number> lines = new LineChart<>(new NumberAxis(), new NumberAxis());
            StackedBarChart<String, Number> bars = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
            SeriesPalette.install(lines);
            SeriesPalette.install(bars);
            for (int i = 0; i < 20; i++) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName("client " + (i + 1));
                s.getData().addAll(new XYChart.Data<>(1, i), new XYChart.Data<>(2, i + 1));
                lines.getData().add(s);
                XYChart.Series<String, Number> b = new XYChart.Series<>();
                b.setName("class " + i);
                b.getData().add(new XYChart.Data<>("1", 5));
                bars.getData().add(b);
            }
            stage.setScene(new Scene(new HBox(lines, bars), 1200, 700));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            LineChart<?, ?> lines = (LineChart<?, ?>) ((HBox) stage.getScene().getRoot()).getChildren().get(0);
            StackedBarChart<?, ?> bars = (StackedBarChart<?, ?>) ((HBox) stage.getScene().getRoot()).getChildren().get(1);
            Set<String> lineStyles = new HashSet<>();
            for (XYChart.Series<?, ?> s : lines.getData()) lineStyles.add(s.getNode().getStyle());
            assertThat(lineStyles).hasSize(20);
            assertThat(lines.getData().get(15).getNode().getStyle()).contains("-fx-stroke-dash-array");
            // JavaFX's default-colorN classes repeat after 8; the inline styles do not
            assertThat(lines.getData().get(1).getNode().getStyle()).isNotEqualTo(lines.getData().get(9).getNode().getStyle());
            Set<String> barStyles = new HashSet<>();
            for (XYChart.Series<?, ?> s : bars.getData()) barStyles.add(s.getData().getFirst().getNode().getStyle());
            assertThat(barStyles).hasSize(20);
            assertThat(bars.getData().get(16).getData().getFirst().getNode().getStyle()).contains("-fx-border-style");
            List<javafx.scene.Node> legend = List.copyOf(lines.lookupAll(".chart-legend-item"));
            assertThat(legend).hasSize(20);
            assertThat(((javafx.scene.control.Label) legend.get(9)).getGraphic().getStyle()).contains(SeriesPalette.colour(9));
        });
    }
}
