package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import dev.defl.engine.learning.PartitionSummary;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.ComboBox;
import javafx.util.StringConverter;
import java.util.List;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Trainer pane: dataset drop zone and preview, experiment form, Run/Stop, progress and the live
 * mean training loss. Binds to {@link TrainerViewModel} in {@link #activate()}, unbinds in {@link #deactivate()}.
 */
public final class TrainerView {

    private static final int PREVIEW_IMAGES = 16;
    private static final int PREVIEW_ROWS = 20;
    private static final int PREVIEW_COLUMNS = 10;

    private final TrainerViewModel model;
    private final BorderPane root = new BorderPane();
    private final VBox dropZone = new VBox(10);
    private final Map<ConfigField, TextField> inputs = new EnumMap<>(ConfigField.class);
    private final Button runButton = new Button("Run");
    private final Button stopButton = new Button("Stop");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label step = new Label();
    private final Label error = new Label();
    private final Label validation = new Label();
    private final ProgressIndicator loadingIndicator = new ProgressIndicator();
    private final Label datasetName = new Label("No dataset loaded");
    private final Label datasetShape = new Label("Drop a file or pick the sample to see a preview.");
    private final BarChart<String, Number> classChart = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final StackPane samples = new StackPane();
    private final StackedBarChart<String, Number> partitionChart = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label partitionText = new Label();
    private final LineChart<Number, Number> lossChart = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final XYChart.Series<Number, Number> lossSeries = new XYChart.Series<>();

    private final ChangeListener<DatasetSplit> datasetListener = (obs, old, split) -> showPreview(split);
    private final ListChangeListener<LossPoint> lossListener = change -> redrawLoss();

    public TrainerView(TrainerViewModel model) {
        this.model = model;
        root.getStyleClass().add("trainer");
        root.setLeft(buildControls());
        root.setCenter(buildPreview());
    }

    public Node root() {
        return root;
    }

    // ---- layout -----------------------------------------------------------------------------------

    private Node buildControls() {
        Label dropTitle = new Label("Dataset");
        dropTitle.getStyleClass().add("section-title");
        Label hint = new Label("Drop a CSV or IDX file here, or use the bundled digits sample");
        hint.setWrapText(true);
        hint.getStyleClass().add("drop-hint");
        Button open = new Button("_Open…");
        open.setId("openButton");
        open.setOnAction(e -> chooseFile());
        Button sample = new Button("Use _sample");
        sample.setId("sampleButton");
        sample.setOnAction(e -> model.loadDataset("digits"));
        Button fashion = new Button("Fashion-_MNIST");
        fashion.setId("fashionButton");
        fashion.setOnAction(e -> model.loadDataset("fashion-mnist"));
        for (Button b : List.of(open, sample, fashion)) b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, open, sample, fashion);
        buttons.setAlignment(Pos.CENTER);
        loadingIndicator.setMaxSize(28, 28);
        loadingIndicator.setId("loadingIndicator");
        dropZone.getChildren().addAll(hint, buttons, loadingIndicator);
        dropZone.setAlignment(Pos.CENTER);
        dropZone.setId("dropZone");
        dropZone.getStyleClass().add("drop-zone");
        dropZone.setOnDragOver(this::dragOver);
        dropZone.setOnDragExited(e -> dropZone.getStyleClass().remove("drop-zone-hover"));
        dropZone.setOnDragDropped(this::dragDropped);

        Label formTitle = new Label("Experiment");
        formTitle.getStyleClass().add("section-title");
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.setHgap(10);
        form.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(labels, values);
        int row = 0;
        for (ConfigField f : ConfigField.values()) {
            TextField input = new TextField();
            input.setId(idOf(f));
            input.setPrefColumnCount(8);
            Label label = new Label(f.label());
            label.setLabelFor(input);
            form.addRow(row++, label, input);
            inputs.put(f, input);
        }
        ComboBox<String> partition = new ComboBox<>(FXCollections.observableArrayList("iid", "dirichlet", "shards",
                "quantity"));
        partition.setId("partitionKind");
        partition.setMaxWidth(Double.MAX_VALUE);
        partition.setPrefWidth(120);
        partition.setConverter(new StringConverter<>() {
            @Override
            public String toString(String kind) {
                return kind == null ? "" : switch (kind) {
                    case "dirichlet" -> "Dirichlet label skew (α)";
                    case "shards" -> "Pathological shards, 2 per client";
                    case "quantity" -> "Quantity skew (α)";
                    default -> "IID";
                };
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        partition.valueProperty().bindBidirectional(model.partitionKindProperty());
        partition.disableProperty().bind(model.runningProperty());
        Label partitionLabel = new Label("Partition");
        partitionLabel.setLabelFor(partition);
        form.addRow(row++, partitionLabel, partition);
        TextField alphaField = new TextField();
        alphaField.setId("alphaField");
        alphaField.textProperty().bindBidirectional(model.alphaProperty());
        alphaField.setTooltip(new Tooltip("Dirichlet concentration: smaller α = more skew (0.1 very skewed, 100 ≈ IID)"));
        alphaField.setPromptText("smaller α = more skew");
        TextField minField = new TextField();
        minField.setId("minPartitionSizeField");
        minField.textProperty().bindBidirectional(model.minPartitionSizeProperty());
        var usesAlpha = Bindings.createBooleanBinding(() -> {
            String kind = model.partitionKindProperty().get();
            return "dirichlet".equals(kind) || "quantity".equals(kind);
        }, model.partitionKindProperty());
        alphaField.disableProperty().bind(usesAlpha.not().or(model.runningProperty()));
        minField.disableProperty().bind(usesAlpha.not().or(model.runningProperty()));
        Label alphaLabel = new Label("Dirichlet α");
        alphaLabel.setLabelFor(alphaField);
        Label minLabel = new Label("Min rows/client");
        minLabel.setLabelFor(minField);
        form.addRow(row++, alphaLabel, alphaField);
        form.addRow(row++, minLabel, minField);

        validation.setId("validationMessage");
        validation.getStyleClass().add("error-text");
        validation.setWrapText(true);

        runButton.setId("runButton");
        runButton.getStyleClass().add("accent");
        runButton.setDefaultButton(false);
        runButton.setOnAction(e -> model.run());
        stopButton.setId("stopButton");
        stopButton.setOnAction(e -> model.stop());
        runButton.setMaxWidth(Double.MAX_VALUE);
        stopButton.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(runButton, Priority.ALWAYS);
        HBox.setHgrow(stopButton, Priority.ALWAYS);
        HBox runStop = new HBox(8, runButton, stopButton);

        progress.setId("runProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        step.setId("stepLabel");
        step.setWrapText(true);
        step.getStyleClass().add("step-text");
        error.setId("errorLabel");
        error.getStyleClass().addAll("error-text", "error-box");
        error.setWrapText(true);
        error.setOnMouseClicked(e -> model.clearError());
        error.setTooltip(new Tooltip("Click to dismiss"));

        VBox controls = new VBox(10, dropTitle, dropZone, formTitle, form, validation, runStop, progress, step, error);
        controls.getStyleClass().add("side-panel");
        controls.setPrefWidth(380);
        controls.setMinWidth(360);
        ScrollPane scroll = new ScrollPane(controls);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        return scroll;
    }

    private Node buildPreview() {
        datasetName.setId("datasetName");
        datasetName.getStyleClass().add("pane-title");
        datasetShape.setId("datasetShape");
        datasetShape.getStyleClass().add("muted");

        classChart.setId("classChart");
        classChart.setTitle("Training rows per class");
        classChart.setAnimated(false);
        classChart.setLegendVisible(false);
        classChart.getXAxis().setLabel("class");
        classChart.getYAxis().setLabel("rows");
        classChart.setPrefSize(420, 260);
        classChart.setMinHeight(200);

        samples.setId("samplePreview");
        samples.getStyleClass().add("sample-preview");
        samples.setPrefSize(420, 260);
        HBox previewRow = new HBox(12, classChart, samples);
        HBox.setHgrow(classChart, Priority.ALWAYS);
        HBox.setHgrow(samples, Priority.ALWAYS);

        NumberAxis x = (NumberAxis) lossChart.getXAxis();
        x.setLabel("local epoch (across rounds)");
        x.setAutoRanging(false);
        x.setLowerBound(0);
        x.setUpperBound(1);
        x.setTickUnit(1);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(WholeNumbers.FROM_ONE);
        NumberAxis y = (NumberAxis) lossChart.getYAxis();
        y.setLabel("mean training loss");
        lossChart.setId("lossChart");
        lossChart.setTitle("Training loss, mean over clients");
        lossChart.setAnimated(false);
        lossChart.setCreateSymbols(true);
        lossChart.setLegendVisible(false);
        lossSeries.setName("mean client loss");
        lossChart.getData().add(lossSeries);
        VBox.setVgrow(lossChart, Priority.ALWAYS);

        partitionChart.setId("partitionChart");
        partitionChart.setTitle("Class counts per client");
        partitionChart.setAnimated(false);
        partitionChart.setLegendSide(javafx.geometry.Side.RIGHT);
        partitionChart.getXAxis().setLabel("client");
        partitionChart.getYAxis().setLabel("rows");
        partitionChart.setPrefHeight(230);
        partitionChart.setMinHeight(180);
        partitionText.setId("partitionText");
        partitionText.getStyleClass().add("muted");
        partitionText.textProperty().bind(model.partitionTextProperty());
        model.partitionPreviewProperty().addListener((obs, old, summary) -> drawPartition(summary));

        VBox preview = new VBox(8, new VBox(2, datasetName, datasetShape), previewRow,
                new VBox(2, partitionChart, partitionText), lossChart);
        preview.getStyleClass().add("content-panel");
        return preview;
    }

    private void drawPartition(PartitionSummary summary) {
        partitionChart.getData().clear();
        if (summary == null) {
            return;
        }
        int[][] counts = summary.classCounts();
        List<XYChart.Series<String, Number>> series = new java.util.ArrayList<>();
        for (int k = 0; k < summary.numClasses(); k++) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(String.valueOf(k));
            for (int c = 0; c < summary.clients(); c++) {
                s.getData().add(new XYChart.Data<>(String.valueOf(c + 1), counts[c][k]));
            }
            series.add(s);
        }
        partitionChart.getData().setAll(series);
    }

    static String idOf(ConfigField f) {
        String[] parts = f.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        return b.append("Field").toString();
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    public void activate() {
        for (Map.Entry<ConfigField, TextField> e : inputs.entrySet()) {
            TextField input = e.getValue();
            input.textProperty().bindBidirectional(model.field(e.getKey()));
            markValidity(input, model.fieldValid(e.getKey()).get());
            model.fieldValid(e.getKey()).addListener(validityListener(input));
        }
        validation.textProperty().bind(model.validationMessageProperty());
        runButton.disableProperty().bind(model.runDisabledProperty());
        stopButton.disableProperty().bind(model.stopDisabledProperty());
        progress.progressProperty().bind(model.progressProperty());
        step.textProperty().bind(model.stepProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        validation.managedProperty().bind(model.validationMessageProperty().isNotEmpty());
        loadingIndicator.visibleProperty().bind(model.loadingProperty());
        loadingIndicator.managedProperty().bind(model.loadingProperty());
        for (TextField input : inputs.values()) input.disableProperty().bind(model.runningProperty());
        model.datasetProperty().addListener(datasetListener);
        model.meanLoss().addListener(lossListener);
        showPreview(model.datasetProperty().get());
        redrawLoss();
    }

    private final Map<TextField, ChangeListener<Boolean>> validityListeners = new java.util.HashMap<>();

    private ChangeListener<Boolean> validityListener(TextField input) {
        return validityListeners.computeIfAbsent(input, i -> (obs, old, ok) -> markValidity(i, ok));
    }

    private static void markValidity(TextField input, boolean ok) {
        input.getStyleClass().remove("invalid");
        if (!ok) input.getStyleClass().add("invalid");
    }

    public void deactivate() {
        for (Map.Entry<ConfigField, TextField> e : inputs.entrySet()) {
            e.getValue().textProperty().unbindBidirectional(model.field(e.getKey()));
            model.fieldValid(e.getKey()).removeListener(validityListener(e.getValue()));
            e.getValue().disableProperty().unbind();
        }
        validation.textProperty().unbind();
        runButton.disableProperty().unbind();
        stopButton.disableProperty().unbind();
        progress.progressProperty().unbind();
        step.textProperty().unbind();
        error.textProperty().unbind();
        error.visibleProperty().unbind();
        error.managedProperty().unbind();
        validation.managedProperty().unbind();
        loadingIndicator.visibleProperty().unbind();
        loadingIndicator.managedProperty().unbind();
        model.datasetProperty().removeListener(datasetListener);
        model.meanLoss().removeListener(lossListener);
    }

    // ---- actions ----------------------------------------------------------------------------------

    /** Shows a file chooser and loads the chosen CSV or IDX file. */
    public void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (CSV, IDX)", "*.csv", "*.csv.gz", "*.idx*", "*-ubyte", "*-ubyte.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        File file = chooser.showOpenDialog(owner);
        if (file != null) model.loadDataset(file.getPath());
    }

    private void dragOver(DragEvent event) {
        if (event.getDragboard().hasFiles() && !model.runningProperty().get()) {
            event.acceptTransferModes(TransferMode.COPY);
            if (!dropZone.getStyleClass().contains("drop-zone-hover")) dropZone.getStyleClass().add("drop-zone-hover");
        }
        event.consume();
    }

    private void dragDropped(DragEvent event) {
        List<File> files = event.getDragboard().hasFiles() ? event.getDragboard().getFiles() : List.of();
        boolean accepted = !files.isEmpty();
        if (accepted) model.loadDataset(files.getFirst().getPath());
        dropZone.getStyleClass().remove("drop-zone-hover");
        event.setDropCompleted(accepted);
        event.consume();
    }

    // ---- rendering --------------------------------------------------------------------------------

    private void showPreview(DatasetSplit split) {
        classChart.getData().clear();
        samples.getChildren().clear();
        if (split == null) {
            Label placeholder = new Label("The first images or rows of the dataset appear here.");
            placeholder.getStyleClass().add("placeholder-text");
            samples.getChildren().add(placeholder);
            return;
        }
        DatasetSummary s = DatasetSummary.of(split);
        datasetName.setText(s.name());
        datasetShape.setText(s.shapeLine());
        XYChart.Series<String, Number> counts = new XYChart.Series<>();
        long[] c = s.classCounts();
        for (int k = 0; k < c.length; k++) counts.getData().add(new XYChart.Data<>(String.valueOf(k), c[k]));
        classChart.getData().add(counts);
        LabeledDataset train = split.train();
        samples.getChildren().add(train.imageShape() != null ? imageGrid(train) : rowTable(train));
    }

    private static Node imageGrid(LabeledDataset data) {
        int h = data.imageShape()[0];
        int w = data.imageShape()[1];
        int scale = Math.max(1, 40 / Math.max(h, w));
        GridPane grid = new GridPane(4, 4);
        grid.setId("imageGrid");
        grid.setAlignment(Pos.CENTER);
        int n = Math.min(PREVIEW_IMAGES, data.size());
        for (int i = 0; i < n; i++) {
            float[] px = data.row(i);
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : px) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            float range = max > min ? max - min : 1;
            WritableImage image = new WritableImage(w * scale, h * scale);
            PixelWriter writer = image.getPixelWriter();
            for (int yy = 0; yy < h * scale; yy++) {
                for (int xx = 0; xx < w * scale; xx++) {
                    int v = Math.round(255 * (px[(yy / scale) * w + xx / scale] - min) / range);
                    int g = 255 - Math.max(0, Math.min(255, v));
                    writer.setArgb(xx, yy, 0xFF000000 | g << 16 | g << 8 | g);
                }
            }
            ImageView view = new ImageView(image);
            Label tile = new Label(String.valueOf(data.labels()[i]), view);
            tile.setContentDisplay(javafx.scene.control.ContentDisplay.TOP);
            tile.getStyleClass().add("image-tile");
            grid.add(tile, i % 8, i / 8);
        }
        Label title = new Label("First " + n + " training images (label below)");
        title.getStyleClass().add("muted");
        VBox box = new VBox(6, title, grid);
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private static Node rowTable(LabeledDataset data) {
        TableView<Integer> table = new TableView<>();
        table.setId("rowTable");
        TableColumn<Integer, String> index = new TableColumn<>("#");
        index.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue())));
        index.setPrefWidth(40);
        table.getColumns().add(index);
        int columns = Math.min(PREVIEW_COLUMNS, data.numFeatures());
        for (int j = 0; j < columns; j++) {
            int feature = j;
            TableColumn<Integer, String> col = new TableColumn<>("x" + j);
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                    formatFeature(data.features()[c.getValue() * data.numFeatures() + feature])));
            col.setPrefWidth(52);
            table.getColumns().add(col);
        }
        if (data.numFeatures() > columns) {
            TableColumn<Integer, String> more = new TableColumn<>("…");
            more.setCellValueFactory(c -> new ReadOnlyStringWrapper("+" + (data.numFeatures() - columns)));
            more.setPrefWidth(44);
            table.getColumns().add(more);
        }
        TableColumn<Integer, Integer> label = new TableColumn<>("label");
        label.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(data.labels()[c.getValue()]));
        label.getStyleClass().add("label-column");
        table.getColumns().add(label);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < Math.min(PREVIEW_ROWS, data.size()); i++) indices.add(i);
        table.getItems().setAll(indices);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    private static String formatFeature(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private void redrawLoss() {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        for (LossPoint p : model.meanLoss()) points.add(new XYChart.Data<>(p.epoch(), p.loss()));
        int last = model.meanLoss().isEmpty() ? 1 : model.meanLoss().getLast().epoch();
        NumberAxis x = (NumberAxis) lossChart.getXAxis();
        x.setUpperBound(last + 0.5);
        x.setTickUnit(Math.max(1, Math.ceil(last / 12.0)));
        lossSeries.getData().setAll(points);
    }
}
