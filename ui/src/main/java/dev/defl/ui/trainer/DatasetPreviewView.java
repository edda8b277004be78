package dev.defl.ui.trainer;

import dev.defl.ui.SeriesPalette;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Trainer's Dataset tab: the loaded dataset's name and shape, its first images or rows, and its class
 * histogram (for regression, a target histogram). Follows {@link DatasetViewModel#datasetProperty()} while active.
 */
public final class DatasetPreviewView extends ActivatablePane {

    private static final int PREVIEW_COLUMNS = 12;

    private final DatasetViewModel model;
    private final VBox root;
    private final Label datasetName = new Label("No dataset loaded");
    private final Label datasetShape = new Label("Pick a built-in dataset, or drop a file or folder on the drop zone.");
    private final BarChart<String, Number> classHistogram = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final StackPane samples = new StackPane();

    public DatasetPreviewView(DatasetViewModel model) {
        this.model = model;
        datasetName.setId("datasetName");
        datasetName.getStyleClass().add("pane-title");
        datasetShape.setId("datasetShape");
        datasetShape.getStyleClass().add("muted");
        datasetShape.setWrapText(true);

        classHistogram.setId("classHistogram");
        classHistogram.setTitle("Training rows per class");
        classHistogram.setAnimated(false);
        classHistogram.setLegendVisible(false);
        classHistogram.getXAxis().setLabel("class");
        classHistogram.getXAxis().setAnimated(false);
        classHistogram.getYAxis().setLabel("rows");
        classHistogram.setMinHeight(200);
        classHistogram.setPrefHeight(260);
        SeriesPalette.install(classHistogram);

        samples.setId("samplePreview");
        samples.getStyleClass().add("sample-preview");
        samples.setMinHeight(200);
        VBox.setVgrow(samples, Priority.ALWAYS);
        root = new VBox(10, new VBox(2, datasetName, datasetShape), samples, classHistogram);
        root.getStyleClass().add("content-panel");
    }

    public Node root() {
        return root;
    }

    @Override
    protected void attach(Subscriptions subs) {
        subs.listen(model.previewProperty(), (obs, old, preview) -> showPreview(preview));
        showPreview(model.previewProperty().get());
    }

    private void showPreview(DatasetPreview preview) {
        classHistogram.getData().clear();
        samples.getChildren().clear();
        classHistogram.setVisible(preview != null);
        if (preview == null) {
            Label placeholder = new Label("The first images or rows of the dataset appear here.");
            placeholder.getStyleClass().add("placeholder-text");
            samples.getChildren().add(placeholder);
            return;
        }
        DatasetSummary s = preview.summary();
        datasetName.setText(s.name());
        datasetShape.setText(s.shapeLine());
        XYChart.Series<String, Number> counts = new XYChart.Series<>();
        if (s.isRegression()) {
            TargetHistogram h = s.targets();
            for (int k = 0; k < h.bins(); k++) counts.getData().add(new XYChart.Data<>(h.label(k), h.counts()[k]));
            classHistogram.setTitle(String.format(Locale.ROOT, "Training targets: %d equal-width bins, %.3g to %.3g",
                    h.bins(), h.min(), h.max()));
            classHistogram.getXAxis().setLabel("target (bin centre)");
        } else {
            long[] c = s.classCounts();
            for (int k = 0; k < c.length; k++) counts.getData().add(new XYChart.Data<>(String.valueOf(k), c[k]));
            classHistogram.setTitle("Training rows per class");
            classHistogram.getXAxis().setLabel("class");
        }
        classHistogram.getData().add(counts);
        samples.getChildren().add(preview.images() ? imageGrid(preview) : rowTable(preview));
    }

    private static Node imageGrid(DatasetPreview data) {
        int h = data.imageHeight();
        int w = data.imageWidth();
        double side = 44;
        GridPane grid = new GridPane(6, 6);
        grid.setId("imageGrid");
        grid.setAlignment(Pos.CENTER);
        int n = data.rows().size();
        for (int i = 0; i < n; i++) {
            float[] px = data.rows().get(i);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (int p = 0; p < h * w; p++) {
                min = Math.min(min, px[p]);
                max = Math.max(max, px[p]);
            }
            float range = max > min ? max - min : 1;
            WritableImage image = new WritableImage(w, h);
            PixelWriter writer = image.getPixelWriter();
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    int v = Math.round(255 * (px[yy * w + xx] - min) / range);
                    int g = 255 - Math.max(0, Math.min(255, v));
                    writer.setArgb(xx, yy, 0xFF000000 | g << 16 | g << 8 | g);
                }
            }
            ImageView view = new ImageView(image);
            view.setFitWidth(side);
            view.setFitHeight(side * h / w);
            view.setSmooth(false);
            Label tile = new Label(String.valueOf(data.targets().get(i)), view);
            tile.setContentDisplay(ContentDisplay.TOP);
            tile.getStyleClass().add("image-tile");
            grid.add(tile, i % 8, i / 8);
        }
        Label title = new Label("First " + n + " training images, " + w + "×" + h + " grey-scale (label below)");
        title.getStyleClass().add("muted");
        VBox box = new VBox(8, title, grid);
        box.setAlignment(Pos.TOP_CENTER);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    private static Node rowTable(DatasetPreview data) {
        TableView<Integer> table = new TableView<>();
        table.setId("previewTable");
        TableColumn<Integer, String> index = new TableColumn<>("#");
        index.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue() + 1)));
        index.setPrefWidth(40);
        table.getColumns().add(index);
        int columns = Math.min(PREVIEW_COLUMNS, data.numFeatures());
        List<String> names = data.featureNames();
        for (int j = 0; j < columns; j++) {
            int feature = j;
            TableColumn<Integer, String> col = new TableColumn<>(names.isEmpty() ? "x" + (j + 1) : names.get(j));
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                    formatFeature(data.rows().get(c.getValue())[feature])));
            col.setPrefWidth(56);
            col.getStyleClass().add("numeric-column");
            table.getColumns().add(col);
        }
        if (data.numFeatures() > columns) {
            TableColumn<Integer, String> more = new TableColumn<>("…");
            more.setCellValueFactory(c -> new ReadOnlyStringWrapper("+" + (data.numFeatures() - columns)));
            more.setPrefWidth(44);
            table.getColumns().add(more);
        }
        if (data.regression()) {
            TableColumn<Integer, String> target = new TableColumn<>("target");
            target.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                    formatFeature(data.targets().get(c.getValue()).floatValue())));
            target.getStyleClass().addAll("label-column", "numeric-column");
            table.getColumns().add(target);
        } else {
            TableColumn<Integer, Integer> label = new TableColumn<>("label");
            label.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(data.targets().get(c.getValue()).intValue()));
            label.getStyleClass().add("label-column");
            table.getColumns().add(label);
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < data.rows().size(); i++) indices.add(i);
        table.getItems().setAll(indices);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    /** A feature value in at most 5 characters or so: integers as such, else 2 decimals, large values in 3 significant digits. */
    private static String formatFeature(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e5) return String.valueOf((long) v);
        return Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
