package dev.defl.ui.trainer;

import dev.defl.ui.SeriesPalette;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.image.WritableImage;
import javafx.scene.SnapshotParameters;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trainer's curves on the real CurvesView (headless Monocle): accuracy on 0–100 % axes with values in percent,
 * every client in its own palette style, and the exported snapshot's caption under the charts.
 */
@ExtendWith(ApplicationExtension.class)
class CurvesPercentTest {

    private Stage stage;
    private CurvesView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void accuracyIsPlottedInPercentOnZeroToHundredAxesAndClientsLookDifferent() {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            CurvesViewModel model = new CurvesViewModel();
            CurvesView view = new CurvesView(model);
            stage.setScene(new Scene(new StackPane(view.root()), 1000, 700));
            stage.show();
            view.activate();
            model.beginRun(false, 1, "dataset digits · model mlp · strategy fedavg · partition iid · N = 9 · C = 1 · E = 1"
                    + " · B = 32 · lr = 0.001 · seed 7 · 1 round");
            this.view = view;
            for (int c = 0; c < 9; c++) model.addClientEpoch(1, c, 1, 1.0, 0.5 + c / 100.0);
            model.addRound(TrainerCurvesTest.round(1, 0.912, 0.3));
            model.metricProperty().set(Metric.ACCURACY);
        });
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            @SuppressWarnings("unchecked")
            LineChart<Number, Number> clients = (LineChart<Number, Number>) stage.getScene().lookup("#clientCurves");
            @SuppressWarnings("unchecked")
            LineChart<Number, Number> global = (LineChart<Number, Number>) stage.getScene().lookup("#globalCurves");
            for (LineChart<Number, Number> chart : java.util.List.of(clients, global)) {
                NumberAxis y = (NumberAxis) chart.getYAxis();
                assertThat(y.getLowerBound()).isEqualTo(0);
                assertThat(y.getUpperBound()).isEqualTo(100);
                assertThat(y.getLabel()).endsWith("(%)");
            }
            assertThat(global.getData().getFirst().getData().getFirst().getYValue().doubleValue()).isEqualTo(91.2, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(clients.getData().get(8).getData().getFirst().getYValue().doubleValue()).isEqualTo(58.0, org.assertj.core.data.Offset.offset(1e-9));
            // clients 1 and 9 would share a colour with JavaFX's 8 default colours
            Set<String> styles = new HashSet<>();
            for (XYChart.Series<Number, Number> s : clients.getData()) styles.add(s.getNode().getStyle());
            assertThat(styles).hasSize(9);
            assertThat(clients.getData().get(8).getNode().getStyle()).contains(SeriesPalette.colour(8));

            // the export: the charts with the caption under them, as wide as the charts
            ChartPixels pixels = view.snapshot();
            assertThat(pixels.width()).isEqualTo((int) Math.round(stage.getScene().lookup("#curvesPanel").getLayoutBounds().getWidth()));
            assertThat(pixels.height()).isGreaterThan((int) stage.getScene().lookup("#curvesPanel").getLayoutBounds().getHeight());
            try {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
                javax.imageio.ImageIO.write(pixels.toBufferedImage(), "png", new java.io.File("target/curves-export-sample.png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void theExportedSnapshotCarriesTheCaptionUnderTheCharts() {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            WritableImage charts = new WritableImage(400, 200);
            SnapshotParameters params = new SnapshotParameters();
            params.setFill(Color.WHITE);
            WritableImage withCaption = CurvesView.withCaption(charts,
                    "dataset digits · model mlp · strategy fedavg · N = 3 · C = 1 · E = 1 · B = 32 · lr = 0.01 · seed 7 · 2 rounds",
                    params);
            assertThat(withCaption.getWidth()).isEqualTo(400);
            assertThat(withCaption.getHeight()).isGreaterThan(200 + 12);
            assertThat(CurvesView.withCaption(charts, "", params)).isSameAs(charts);
        });
    }
}
