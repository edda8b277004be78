package dev.defl.ui.trainer;

import dev.defl.ui.SeriesPalette;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/**
 * The Trainer's Partition tab: rows per class (for regression, per target decile) of each client under the form's
 * partition of the loaded dataset ({@link ExperimentFormViewModel#partitionPreviewProperty()}), while active.
 */
public final class PartitionView extends ActivatablePane {

    private final ExperimentFormViewModel model;
    private final ReadOnlyBooleanProperty regression;
    private final VBox root;
    private final StackedBarChart<String, Number> partitionChart = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label partitionText = new Label();

    /**
     * @param regression whether the loaded dataset's target is real-valued (the chart then counts target bins)
     */
    public PartitionView(ExperimentFormViewModel model, ReadOnlyBooleanProperty regression) {
        this.model = model;
        this.regression = regression;
        partitionChart.setId("partitionChart");
        partitionChart.setTitle("Class counts per client");
        partitionChart.setAnimated(false);
        partitionChart.setLegendSide(Side.RIGHT);
        partitionChart.getXAxis().setLabel("client");
        partitionChart.getYAxis().setLabel("rows");
        VBox.setVgrow(partitionChart, Priority.ALWAYS);
        SeriesPalette.install(partitionChart);
        partitionText.setId("partitionText");
        partitionText.getStyleClass().add("muted");
        partitionText.setWrapText(true);
        root = new VBox(8, partitionChart, partitionText);
        root.getStyleClass().add("content-panel");
    }

    public Node root() {
        return root;
    }

    @Override
    protected void attach(Subscriptions subs) {
        subs.bind(partitionText.textProperty(), model.partitionTextProperty());
        subs.listen(model.partitionPreviewProperty(), (obs, old, s) -> drawPartition(s));
        drawPartition(model.partitionPreviewProperty().get());
    }

    private void drawPartition(PartitionCounts summary) {
        partitionChart.getData().clear();
        if (summary == null) {
            return;
        }
        int[][] counts = summary.classCounts();
        boolean bins = regression.get();
        partitionChart.setTitle(bins ? "Rows per target bin (deciles of the training targets) per client"
                : "Class counts per client");
        List<XYChart.Series<String, Number>> series = new ArrayList<>();
        for (int k = 0; k < summary.numClasses(); k++) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(bins ? "bin " + (k + 1) : String.valueOf(k));
            for (int c = 0; c < summary.clients(); c++) {
                s.getData().add(new XYChart.Data<>(String.valueOf(c + 1), counts[c][k]));
            }
            series.add(s);
        }
        partitionChart.getData().setAll(series);
    }
}
