package dev.defl.ui.trainer;

import dev.defl.engine.learning.CsvDatasetReader;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.StrategySpec;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Trainer pane. Left, a scrollable form: dataset drop zone (built-in, file, folder or {@code cid:<CID>}), reading
 * options, Publish to IPFS, model, aggregation strategy (with only the hyper-parameters it uses), experiment numbers
 * (client fraction C, poisoning), partition and compute device, Run / Pause / Stop, status, throughput, device and
 * report export. Right, tabs: the dataset preview (first rows or images, class histogram or for regression a target
 * histogram), the partition over the clients, and the live curves (per-client training, global test, smoothing).
 * Binds to {@link TrainerViewModel} in {@link #activate()}, unbinds in {@link #deactivate()}.
 */
public final class TrainerView {

    private static final int PREVIEW_IMAGES = 32;
    private static final int PREVIEW_ROWS = 20;
    private static final int PREVIEW_COLUMNS = 12;
    private static final double LABEL_COLUMN_WIDTH = 128;

    private final TrainerViewModel model;
    private final BorderPane root = new BorderPane();
    private final VBox dropZone = new VBox(8);
    private final ComboBox<String> builtin = new ComboBox<>(FXCollections.observableArrayList(TrainerViewModel.BUILT_IN_DATASETS));
    private final TextField targetColumn = new TextField();
    private final ComboBox<DatasetOptions.TaskType> task = new ComboBox<>(FXCollections.observableArrayList(DatasetOptions.TaskType.values()));
    private final ComboBox<DatasetOptions.MissingValues> missing = new ComboBox<>(FXCollections.observableArrayList(DatasetOptions.MissingValues.values()));
    private final TextField imageSize = new TextField();
    private final ComboBox<Integer> imageChannels = new ComboBox<>(FXCollections.observableArrayList(1, 3));
    private final TitledPane optionsPane = new TitledPane();
    private final Button publishButton = new Button("Publish to _IPFS");
    private final ProgressIndicator publishIndicator = new ProgressIndicator();
    private final Label publishMessage = new Label();
    private final TextField publishedCid = new TextField();
    private final Button copyCid = new Button("_Copy");
    private final HBox publishedRow = new HBox(6);
    private final ComboBox<String> deviceKind = new ComboBox<>(FXCollections.observableArrayList(TrainerViewModel.DEVICES));
    private final Map<ConfigField, TextField> inputs = new EnumMap<>(ConfigField.class);
    private final Map<StrategyField, TextField> strategyInputs = new EnumMap<>(StrategyField.class);
    private final Map<StrategyField, Label> strategyLabels = new EnumMap<>(StrategyField.class);
    private final GridPane strategyGrid = formGrid();
    private final ComboBox<ModelKind> modelKind = new ComboBox<>(FXCollections.observableArrayList(ModelKind.values()));
    private final Label modelDescription = new Label();
    private final ComboBox<String> strategyKind = new ComboBox<>(FXCollections.observableArrayList(StrategySpec.NAMES));
    private final Label strategyDescription = new Label();
    private final Button runButton = new Button("Run");
    private final Button pauseButton = new Button("_Pause");
    private final Button stopButton = new Button("S_top");
    private final Button exportButton = new Button("E_xport report…");
    private final Label exportMessage = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label step = new Label();
    private final Label samplesPerSecond = new Label();
    private final Label deviceLabel = new Label();
    private final Label deviceWarning = new Label();
    private final Label error = new Label();
    private final Label validation = new Label();
    private final HBox loadingRow;
    private final ProgressIndicator loadingIndicator = new ProgressIndicator();
    private final Label loadingText = new Label();

    private final TabPane tabs = new TabPane();
    private final Tab datasetTab = new Tab("Dataset");
    private final Tab partitionTab = new Tab("Partition");
    private final Tab curvesTab = new Tab("Curves");
    private final Label datasetName = new Label("No dataset loaded");
    private final Label datasetShape = new Label("Drop a file or folder on the drop zone, or load a built-in dataset.");
    private final BarChart<String, Number> classHistogram = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final StackPane samples = new StackPane();
    private final StackedBarChart<String, Number> partitionChart = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label partitionText = new Label();

    private final VBox curvesPanel = new VBox(6);
    private final LineChart<Number, Number> clientCurves = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final LineChart<Number, Number> globalCurves = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final XYChart.Series<Number, Number> globalSeries = new XYChart.Series<>();
    private final Slider smoothing = new Slider(0, TrainerViewModel.MAX_SMOOTHING, 0);
    private final Label smoothingValue = new Label();
    private final ToggleButton lossToggle = new ToggleButton("Loss");
    private final ToggleButton accuracyToggle = new ToggleButton("Accuracy");
    private final FlowPane clientToggles = new FlowPane(6, 4);
    private final Map<Integer, XYChart.Series<Number, Number>> clientSeries = new TreeMap<>();
    private final Map<Integer, CheckBox> clientChecks = new TreeMap<>();
    private boolean redrawQueued;

    private final ChangeListener<DatasetSplit> datasetListener = (obs, old, split) -> {
        showPreview(split);
        if (split != null) tabs.getSelectionModel().select(datasetTab);
    };
    private final ChangeListener<PartitionSummary> partitionListener = (obs, old, s) -> drawPartition(s);
    private final InvalidationListener curvesListener = obs -> queueRedraw();
    private final ChangeListener<Boolean> runningListener = (obs, was, now) -> {
        if (now) {
            clearClientSeries();
            tabs.getSelectionModel().select(curvesTab);
        }
    };
    private final ChangeListener<String> strategyListener = (obs, old, now) -> layoutStrategyFields();
    private final ChangeListener<Boolean> curvesKindListener = (obs, old, now) -> {
        labelMetricToggles();
        queueRedraw();
    };
    private final ChangeListener<String> targetColumnListener = (obs, old, now) -> targetColumn.setText(now);
    private final ChangeListener<String> imageSizeListener = (obs, old, now) -> imageSize.setText(now);
    private final ChangeListener<Boolean> imageSizeValidity = (obs, old, ok) -> markValidity(imageSize, ok);
    private final Map<Object, ChangeListener<Boolean>> validityListeners = new HashMap<>();

    public TrainerView(TrainerViewModel model) {
        this.model = model;
        root.getStyleClass().add("trainer");
        loadingRow = new HBox(8, loadingIndicator, loadingText);
        SplitPane split = new SplitPane(buildControls(), buildTabs());
        split.setDividerPositions(0.32);
        SplitPane.setResizableWithParent(split.getItems().getFirst(), false);
        root.setCenter(split);
    }

    public Node root() {
        return root;
    }

    // ---- layout: the form -------------------------------------------------------------------------

    private static GridPane formGrid() {
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.setHgap(10);
        form.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints(LABEL_COLUMN_WIDTH);
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        form.getColumnConstraints().addAll(labels, values);
        return form;
    }

    private static Label sectionTitle(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("section-title");
        return title;
    }

    private static Label formLabel(String text, Node target) {
        Label label = new Label(text);
        label.setLabelFor(target);
        label.setMnemonicParsing(true);
        label.setWrapText(true);
        return label;
    }

    private Node buildControls() {
        Label hint = new Label("Drop a CSV, IDX file or image folder here");
        hint.setWrapText(true);
        hint.getStyleClass().add("drop-hint");
        builtin.setId("builtinDataset");
        builtin.setEditable(true);
        builtin.setValue("digits");
        builtin.setMaxWidth(Double.MAX_VALUE);
        builtin.setAccessibleText("Dataset: a built-in name, a path, or cid:<CID> of a published dataset");
        builtin.setPromptText("digits, boston, a path or cid:<CID>");
        builtin.setTooltip(new Tooltip("A built-in dataset, a file or folder path, or cid:<CID> of a dataset published "
                + "to this workspace's content store; Enter loads it"));
        builtin.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !builtin.isShowing()) Platform.runLater(this::loadTyped);
        });
        HBox.setHgrow(builtin, Priority.ALWAYS);
        Button load = new Button("_Load");
        load.setId("loadBuiltinButton");
        load.setOnAction(e -> loadTyped());
        Button open = new Button("_Browse…");
        open.setId("openButton");
        open.setTooltip(new Tooltip("Open a CSV or IDX file"));
        open.setOnAction(e -> chooseFile());
        Button folder = new Button("Fol_der…");
        folder.setId("folderButton");
        folder.setTooltip(new Tooltip("Open a folder of images, one sub-folder per class"));
        folder.setOnAction(e -> chooseFolder());
        for (Button b : List.of(load, open, folder)) b.setMinWidth(Region.USE_PREF_SIZE);
        HBox builtinRow = new HBox(6, builtin, load);
        builtinRow.setAlignment(Pos.CENTER_LEFT);
        HBox fileRow = new HBox(6, open, folder);
        fileRow.setAlignment(Pos.CENTER);
        loadingIndicator.setMaxSize(20, 20);
        loadingIndicator.setId("loadingIndicator");
        loadingText.getStyleClass().add("muted");
        loadingRow.setAlignment(Pos.CENTER);
        dropZone.getChildren().addAll(hint, fileRow, builtinRow, loadingRow);
        buildDatasetOptions();
        Node publish = buildPublish();
        dropZone.setAlignment(Pos.CENTER);
        dropZone.setId("datasetDropZone");
        dropZone.getStyleClass().add("drop-zone");
        dropZone.setOnDragOver(this::dragOver);
        dropZone.setOnDragExited(e -> dropZone.getStyleClass().remove("drop-zone-hover"));
        dropZone.setOnDragDropped(this::dragDropped);

        // model
        GridPane modelGrid = formGrid();
        modelKind.setId("modelKind");
        modelKind.setMaxWidth(Double.MAX_VALUE);
        modelKind.setConverter(new StringConverter<>() {
            @Override
            public String toString(ModelKind k) {
                return k == null ? "" : switch (k) {
                    case LOGREG -> "Logistic regr. (logreg)";
                    case MLP -> "2NN perceptron (mlp)";
                    case CNN -> "CNN (cnn)";
                    case LINREG -> "Linear regr. (linreg)";
                    case MLP_REG -> "MLP regressor (mlp-reg)";
                };
            }

            @Override
            public ModelKind fromString(String s) {
                return ModelKind.parse(s);
            }
        });
        modelGrid.addRow(0, formLabel("M_odel", modelKind), modelKind);
        modelDescription.setId("modelDescription");
        modelDescription.getStyleClass().addAll("muted", "description");
        modelDescription.setWrapText(true);

        // strategy
        GridPane strategyPick = formGrid();
        strategyKind.setId("strategyKind");
        strategyKind.setMaxWidth(Double.MAX_VALUE);
        strategyPick.addRow(0, formLabel("A_ggregation", strategyKind), strategyKind);
        strategyDescription.setId("strategyDescription");
        strategyDescription.getStyleClass().addAll("muted", "description");
        strategyDescription.setWrapText(true);
        for (StrategyField f : StrategyField.values()) {
            TextField input = new TextField();
            input.setId(idOf(f));
            input.setPrefColumnCount(8);
            input.setTooltip(new Tooltip(f.help()));
            strategyInputs.put(f, input);
            strategyLabels.put(f, formLabel(f.label(), input));
        }
        strategyGrid.setId("strategyParameters");

        // experiment numbers and partition
        GridPane form = formGrid();
        int row = 0;
        for (ConfigField f : ConfigField.values()) {
            TextField input = new TextField();
            input.setId(idOf(f));
            input.setPrefColumnCount(8);
            input.setTooltip(new Tooltip(f.help()));
            input.setPromptText(f.prompt());
            input.setAccessibleHelp(f.help());
            form.addRow(row++, formLabel(f.label(), input), input);
            inputs.put(f, input);
        }
        ComboBox<String> partition = new ComboBox<>(FXCollections.observableArrayList("iid", "dirichlet", "shards",
                "quantity"));
        partition.setId("partitionKind");
        partition.setMaxWidth(Double.MAX_VALUE);
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
        form.addRow(row++, formLabel("Partitio_n", partition), partition);
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
        form.addRow(row++, formLabel("Dirichlet α", alphaField), alphaField);
        form.addRow(row++, formLabel("Min rows/client", minField), minField);
        deviceKind.setId("deviceKind");
        deviceKind.setMaxWidth(Double.MAX_VALUE);
        deviceKind.setTooltip(new Tooltip("Where clients train and the evaluator scores: cuda falls back to the CPU "
                + "(with a warning) when PyTorch sees no GPU"));
        deviceKind.setConverter(new StringConverter<>() {
            @Override
            public String toString(String d) {
                return d == null ? "" : switch (d) {
                    case "cuda" -> "CUDA GPU (cuda)";
                    case "auto" -> "GPU if visible, else CPU (auto)";
                    default -> "CPU (cpu)";
                };
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        form.addRow(row++, formLabel("De_vice", deviceKind), deviceKind);

        validation.setId("validationMessage");
        validation.getStyleClass().add("error-text");
        validation.setWrapText(true);

        runButton.setId("runButton");
        runButton.getStyleClass().add("accent");
        runButton.setOnAction(e -> model.run());
        pauseButton.setId("pauseButton");
        pauseButton.setOnAction(e -> model.togglePause());
        stopButton.setId("stopButton");
        stopButton.setOnAction(e -> model.stop());
        for (Button b : List.of(runButton, pauseButton, stopButton)) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        HBox runControls = new HBox(8, runButton, pauseButton, stopButton);

        progress.setId("runProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        step.setId("stepLabel");
        step.setWrapText(true);
        step.getStyleClass().add("step-text");
        samplesPerSecond.setId("samplesPerSecond");
        samplesPerSecond.getStyleClass().add("muted");
        samplesPerSecond.setTooltip(new Tooltip("Training throughput: rows × local epochs per second of client training"));
        deviceLabel.setId("deviceLabel");
        deviceLabel.getStyleClass().add("muted");
        deviceWarning.setId("deviceWarning");
        deviceWarning.getStyleClass().add("warning-text");
        deviceWarning.setWrapText(true);
        error.setId("errorLabel");
        error.getStyleClass().addAll("error-text", "error-box");
        error.setWrapText(true);
        error.setOnMouseClicked(e -> model.clearError());
        error.setTooltip(new Tooltip("Click to dismiss"));

        exportButton.setId("exportButton");
        exportButton.setMaxWidth(Double.MAX_VALUE);
        exportButton.setTooltip(new Tooltip("Write the run's report as JSON, a per-round CSV and the curves as PNG"));
        exportButton.setOnAction(e -> chooseExport());
        exportMessage.setId("exportMessage");
        exportMessage.getStyleClass().add("muted");
        exportMessage.setWrapText(true);

        VBox controls = new VBox(10,
                sectionTitle("Dataset"), dropZone, optionsPane, publish,
                sectionTitle("Model and aggregation"), modelGrid, modelDescription, strategyPick, strategyDescription,
                strategyGrid,
                sectionTitle("Experiment"), form);
        controls.getStyleClass().add("side-panel");
        controls.setMinWidth(340);
        ScrollPane scroll = new ScrollPane(controls);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("side-scroll");
        // keyboard users: Tab and mnemonics move the focus through the form; keep the focused control in view
        ChangeListener<Node> focusFollower = (obs, old, now) -> scrollIntoView(scroll, controls, now);
        root.sceneProperty().addListener((obs, old, now) -> {
            if (old != null) old.focusOwnerProperty().removeListener(focusFollower);
            if (now != null) now.focusOwnerProperty().addListener(focusFollower);
        });
        // the run controls and their status stay in view however far the form is scrolled
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox throughput = new HBox(8, samplesPerSecond, gap, deviceLabel);
        VBox runPanel = new VBox(8, validation, runControls, progress, step, throughput, deviceWarning, error,
                exportButton, exportMessage);
        runPanel.getStyleClass().add("run-panel");
        BorderPane side = new BorderPane(scroll);
        side.setBottom(runPanel);
        side.setMinWidth(360);
        side.setPrefWidth(420);
        return side;
    }

    /** Scrolls {@code scroll} (whose content is {@code content}) so that {@code node}, when inside it, is visible. */
    private static void scrollIntoView(ScrollPane scroll, Region content, Node node) {
        if (node == null) return;
        Node n = node;
        while (n != null && n != content) n = n.getParent();
        if (n == null) return;
        javafx.geometry.Bounds b = content.sceneToLocal(node.localToScene(node.getLayoutBounds()));
        double viewport = scroll.getViewportBounds().getHeight();
        double extra = content.getHeight() - viewport;
        if (b == null || extra <= 0) return;
        double top = scroll.getVvalue() * extra;
        if (b.getMinY() < top) scroll.setVvalue(Math.max(0, b.getMinY() - 8) / extra);
        else if (b.getMaxY() > top + viewport) scroll.setVvalue(Math.min(extra, b.getMaxY() + 8 - viewport) / extra);
    }

    /** Loads what the dataset combo shows (typed text counts even before it was committed). */
    private void loadTyped() {
        String typed = builtin.getEditor().getText();
        model.loadDataset(typed == null || typed.isBlank() ? builtin.getValue() : typed);
    }

    /** The reading options: CSV target column, task, missing values; image size and channels (collapsed at first). */
    private void buildDatasetOptions() {
        GridPane grid = formGrid();
        targetColumn.setId("targetColumnField");
        targetColumn.setPromptText("last column");
        targetColumn.setTooltip(new Tooltip("CSV target column by header name or 1-based index; empty = the last column. "
                + "Enter applies it."));
        commitOnEnterOrFocusLoss(targetColumn, () -> model.targetColumnProperty().set(targetColumn.getText().strip()));
        task.setId("taskKind");
        task.setMaxWidth(Double.MAX_VALUE);
        task.setConverter(enumText(t -> switch (t) {
            case AUTO -> "Auto-detect";
            case CLASSIFICATION -> "Classification";
            case REGRESSION -> "Regression";
        }));
        task.setTooltip(new Tooltip("Auto-detect: a target of whole numbers or text with at most 20 distinct values "
                + "is classes, anything else a real value (regression)"));
        missing.setId("missingValues");
        missing.setMaxWidth(Double.MAX_VALUE);
        missing.setConverter(enumText(m -> switch (m) {
            case REPORT -> "Report (fail)";
            case MEAN -> "Training mean";
            case MEDIAN -> "Training median";
            case DROP -> "Drop the row";
        }));
        missing.setTooltip(new Tooltip("Empty, NA, NaN and ? cells: fail naming each (line, column), impute with "
                + "training-split statistics (categorical: the most frequent value), or drop the row"));
        imageSize.setId("imageSizeField");
        imageSize.setPrefColumnCount(5);
        imageSize.setTooltip(new Tooltip("Image folders: side in pixels images are resized to (4..512). Enter applies it."));
        commitOnEnterOrFocusLoss(imageSize, () -> model.imageSizeProperty().set(imageSize.getText().strip()));
        imageChannels.setId("imageChannels");
        imageChannels.setMaxWidth(Double.MAX_VALUE);
        imageChannels.setConverter(enumText(c -> c == 3 ? "3 (RGB)" : "1 (grey-scale)"));
        int row = 0;
        grid.addRow(row++, formLabel("Ta_rget column", targetColumn), targetColumn);
        grid.addRow(row++, formLabel("T_ask", task), task);
        grid.addRow(row++, formLabel("Mi_ssing values", missing), missing);
        grid.addRow(row++, formLabel("Image si_ze (px)", imageSize), imageSize);
        grid.addRow(row, formLabel("C_hannels", imageChannels), imageChannels);
        Label note = new Label("CSV files and image folders are re-read when an option changes; built-in and "
                + "published datasets keep their own.");
        note.getStyleClass().addAll("muted", "description");
        note.setWrapText(true);
        optionsPane.setText("Reading options");
        optionsPane.setId("datasetOptions");
        optionsPane.setContent(new VBox(6, grid, note));
        optionsPane.setExpanded(false);
        optionsPane.setAnimated(false);
    }

    private static void commitOnEnterOrFocusLoss(TextField field, Runnable commit) {
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((obs, was, now) -> {
            if (!now) commit.run();
        });
    }

    private static <T> StringConverter<T> enumText(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }

    /** Publish to IPFS, its progress, and the manifest CID with a Copy button. */
    private Node buildPublish() {
        publishButton.setId("publishButton");
        publishButton.setMinWidth(Region.USE_PREF_SIZE);
        publishButton.setTooltip(new Tooltip("Add the loaded dataset to this workspace's content store as safetensors "
                + "shards and a JSON manifest; anyone with the store loads it back with cid:<CID>"));
        publishButton.setOnAction(e -> model.publishDataset());
        publishIndicator.setId("publishIndicator");
        publishIndicator.setMaxSize(18, 18);
        publishMessage.setId("publishMessage");
        publishMessage.getStyleClass().add("muted");
        publishMessage.setWrapText(true);
        publishMessage.setMaxWidth(Double.MAX_VALUE);
        Label publishHint = new Label("Shares it by CID");
        publishHint.getStyleClass().add("muted");
        publishHint.visibleProperty().bind(publishMessage.textProperty().isEmpty());
        HBox top = new HBox(8, publishButton, publishIndicator, publishHint);
        top.setAlignment(Pos.CENTER_LEFT);
        publishedCid.setId("publishedCid");
        publishedCid.setEditable(false);
        publishedCid.getStyleClass().add("cid-field");
        publishedCid.setAccessibleText("Manifest CID of the published dataset");
        publishedCid.setTooltip(new Tooltip("The dataset's manifest CID: load it with cid:<CID>"));
        HBox.setHgrow(publishedCid, Priority.ALWAYS);
        copyCid.setId("copyCidButton");
        copyCid.setMinWidth(Region.USE_PREF_SIZE);
        copyCid.setTooltip(new Tooltip("Copy cid:<CID> to the clipboard"));
        copyCid.setOnAction(e -> {
            ClipboardContent clip = new ClipboardContent();
            clip.putString(dev.defl.engine.learning.Datasets.CID_PREFIX + publishedCid.getText());
            Clipboard.getSystemClipboard().setContent(clip);
        });
        Label cidLabel = new Label("Manifest");
        cidLabel.setLabelFor(publishedCid);
        cidLabel.setMinWidth(Region.USE_PREF_SIZE);
        publishedRow.getChildren().setAll(cidLabel, publishedCid, copyCid);
        publishedRow.setAlignment(Pos.CENTER_LEFT);
        publishMessage.managedProperty().bind(publishMessage.textProperty().isNotEmpty());
        return new VBox(6, top, publishMessage, publishedRow);
    }

    /** Shows only the rows of the hyper-parameters the picked strategy uses (no empty gaps in the grid). */
    private void layoutStrategyFields() {
        strategyGrid.getChildren().clear();
        int row = 0;
        for (StrategyField f : StrategyField.values()) {
            if (model.strategyFieldVisible(f).get()) {
                strategyGrid.addRow(row++, strategyLabels.get(f), strategyInputs.get(f));
            }
        }
        strategyGrid.setVisible(row > 0);
        strategyGrid.setManaged(row > 0);
    }

    // ---- layout: the tabs -------------------------------------------------------------------------

    private Node buildTabs() {
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

        samples.setId("samplePreview");
        samples.getStyleClass().add("sample-preview");
        samples.setMinHeight(200);
        VBox.setVgrow(samples, Priority.ALWAYS);
        VBox datasetPane = new VBox(10, new VBox(2, datasetName, datasetShape), samples, classHistogram);
        datasetPane.getStyleClass().add("content-panel");
        datasetTab.setContent(datasetPane);
        datasetTab.setId("trainerDatasetTab");

        partitionChart.setId("partitionChart");
        partitionChart.setTitle("Class counts per client");
        partitionChart.setAnimated(false);
        partitionChart.setLegendSide(Side.RIGHT);
        partitionChart.getXAxis().setLabel("client");
        partitionChart.getYAxis().setLabel("rows");
        VBox.setVgrow(partitionChart, Priority.ALWAYS);
        partitionText.setId("partitionText");
        partitionText.getStyleClass().add("muted");
        partitionText.setWrapText(true);
        partitionText.textProperty().bind(model.partitionTextProperty());
        VBox partitionPane = new VBox(8, partitionChart, partitionText);
        partitionPane.getStyleClass().add("content-panel");
        partitionTab.setContent(partitionPane);
        partitionTab.setId("trainerPartitionTab");

        curvesTab.setContent(buildCurves());
        curvesTab.setId("trainerCurvesTab");

        tabs.getTabs().addAll(datasetTab, partitionTab, curvesTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("trainerTabs");
        return tabs;
    }

    private Node buildCurves() {
        ToggleGroup metric = new ToggleGroup();
        lossToggle.setId("metricLoss");
        accuracyToggle.setId("metricAccuracy");
        lossToggle.setToggleGroup(metric);
        accuracyToggle.setToggleGroup(metric);
        lossToggle.setSelected(true);
        metric.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) old.setSelected(true); // one metric is always shown
            else model.metricProperty().set(now == accuracyToggle ? Metric.ACCURACY : Metric.LOSS);
        });
        HBox metricBox = new HBox(0, lossToggle, accuracyToggle);
        metricBox.getStyleClass().add("segmented");

        smoothing.setId("smoothing");
        smoothing.setPrefWidth(180);
        smoothing.setBlockIncrement(0.05);
        smoothing.setMajorTickUnit(0.25);
        smoothing.setAccessibleText("Curve smoothing");
        smoothing.setTooltip(new Tooltip("Exponential moving average weight, as TensorBoard; 0 = raw values"));
        smoothingValue.setId("smoothingValue");
        smoothingValue.setMinWidth(36);
        Label smoothingLabel = formLabel("S_moothing", smoothing);
        smoothingLabel.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(10, new Label("Metric"), metricBox, spacer, smoothingLabel, smoothing, smoothingValue);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Button all = new Button("All");
        all.setId("clientsAll");
        all.setOnAction(e -> setAllClients(true));
        Button none = new Button("None");
        none.setId("clientsNone");
        none.setOnAction(e -> setAllClients(false));
        clientToggles.setId("clientToggles");
        clientToggles.setAlignment(Pos.CENTER_LEFT);
        Label clientsLabel = new Label("Clients");
        clientsLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(clientToggles, Priority.ALWAYS);
        HBox clientsRow = new HBox(8, clientsLabel, all, none, clientToggles);
        clientsRow.setAlignment(Pos.CENTER_LEFT);

        NumberAxis cx = (NumberAxis) clientCurves.getXAxis();
        cx.setLabel("local epoch (across rounds)");
        cx.setAutoRanging(false);
        cx.setLowerBound(0);
        cx.setUpperBound(1);
        cx.setTickUnit(1);
        cx.setMinorTickVisible(false);
        cx.setTickLabelFormatter(WholeNumbers.FROM_ONE);
        ((NumberAxis) clientCurves.getYAxis()).setForceZeroInRange(false);
        clientCurves.setId("clientCurves");
        clientCurves.setAnimated(false);
        clientCurves.setCreateSymbols(false);
        clientCurves.setLegendSide(Side.BOTTOM);
        clientCurves.setMinHeight(200);

        NumberAxis gx = (NumberAxis) globalCurves.getXAxis();
        gx.setLabel("round");
        gx.setAutoRanging(false);
        gx.setLowerBound(0);
        gx.setUpperBound(1);
        gx.setTickUnit(1);
        gx.setMinorTickVisible(false);
        gx.setTickLabelFormatter(WholeNumbers.FROM_ONE);
        ((NumberAxis) globalCurves.getYAxis()).setForceZeroInRange(false);
        globalCurves.setId("globalCurves");
        globalCurves.setAnimated(false);
        globalCurves.setCreateSymbols(true);
        globalCurves.setLegendVisible(false);
        globalCurves.setMinHeight(170);
        globalCurves.getData().add(globalSeries);

        Label noRounds = new Label("The global model's test score appears here when round 1 is finalized.");
        noRounds.getStyleClass().add("placeholder-text");
        noRounds.setId("globalCurvesPlaceholder");
        noRounds.visibleProperty().bind(Bindings.isEmpty(model.globalRounds()));
        noRounds.setMouseTransparent(true);
        StackPane global = new StackPane(globalCurves, noRounds);
        VBox.setVgrow(global, Priority.ALWAYS);
        Label noEpochs = new Label("Each client's training curve appears here as it finishes its local epochs.");
        noEpochs.getStyleClass().add("placeholder-text");
        noEpochs.setId("clientCurvesPlaceholder");
        noEpochs.visibleProperty().bind(Bindings.isEmpty(model.clientEpochs()));
        noEpochs.setMouseTransparent(true);
        StackPane clients = new StackPane(clientCurves, noEpochs);
        VBox.setVgrow(clients, Priority.ALWAYS);
        curvesPanel.getChildren().addAll(clients, global);
        curvesPanel.setId("curvesPanel");
        curvesPanel.getStyleClass().add("curves-panel");
        VBox.setVgrow(curvesPanel, Priority.ALWAYS);
        VBox pane = new VBox(8, toolbar, clientsRow, curvesPanel);
        pane.getStyleClass().add("content-panel");
        return pane;
    }

    private void drawPartition(PartitionSummary summary) {
        partitionChart.getData().clear();
        if (summary == null) {
            return;
        }
        int[][] counts = summary.classCounts();
        boolean bins = model.regressionProperty().get();
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

    static String idOf(ConfigField f) {
        return camel(f.name()) + "Field";
    }

    static String idOf(StrategyField f) {
        return camel(f.name()) + "Field";
    }

    private static String camel(String constant) {
        String[] parts = constant.toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        return b.toString();
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    public void activate() {
        for (Map.Entry<ConfigField, TextField> e : inputs.entrySet()) {
            TextField input = e.getValue();
            input.textProperty().bindBidirectional(model.field(e.getKey()));
            markValidity(input, model.fieldValid(e.getKey()).get());
            model.fieldValid(e.getKey()).addListener(validityListener(input));
            input.disableProperty().bind(model.runningProperty());
        }
        for (Map.Entry<StrategyField, TextField> e : strategyInputs.entrySet()) {
            TextField input = e.getValue();
            input.textProperty().bindBidirectional(model.strategyField(e.getKey()));
            markValidity(input, model.strategyFieldValid(e.getKey()).get());
            model.strategyFieldValid(e.getKey()).addListener(validityListener(input));
            input.disableProperty().bind(model.runningProperty());
        }
        modelKind.valueProperty().bindBidirectional(model.modelKindProperty());
        modelKind.disableProperty().bind(model.runningProperty());
        deviceKind.valueProperty().bindBidirectional(model.deviceChoiceProperty());
        deviceKind.disableProperty().bind(model.runningProperty());
        task.valueProperty().bindBidirectional(model.taskProperty());
        missing.valueProperty().bindBidirectional(model.missingProperty());
        imageChannels.valueProperty().bindBidirectional(model.imageChannelsProperty());
        targetColumn.setText(model.targetColumnProperty().get());
        model.targetColumnProperty().addListener(targetColumnListener);
        imageSize.setText(model.imageSizeProperty().get());
        model.imageSizeProperty().addListener(imageSizeListener);
        markValidity(imageSize, model.imageSizeValid().get());
        model.imageSizeValid().addListener(imageSizeValidity);
        optionsPane.disableProperty().bind(model.runningProperty().or(model.loadingProperty()));
        publishButton.disableProperty().bind(model.publishDisabledProperty());
        publishIndicator.visibleProperty().bind(model.publishingProperty());
        publishIndicator.managedProperty().bind(model.publishingProperty());
        publishMessage.textProperty().bind(model.publishMessageProperty());
        publishedCid.textProperty().bind(model.publishedCidProperty());
        publishedRow.visibleProperty().bind(model.publishedCidProperty().isNotEmpty());
        publishedRow.managedProperty().bind(publishedRow.visibleProperty());
        model.curvesRegressionProperty().addListener(curvesKindListener);
        labelMetricToggles();
        modelDescription.textProperty().bind(Bindings.createStringBinding(
                () -> TrainerViewModel.describe(model.modelKindProperty().get()), model.modelKindProperty()));
        strategyKind.valueProperty().bindBidirectional(model.strategyNameProperty());
        strategyKind.disableProperty().bind(model.runningProperty());
        strategyDescription.textProperty().bind(Bindings.createStringBinding(
                () -> StrategyField.describe(model.strategyNameProperty().get()), model.strategyNameProperty()));
        model.strategyNameProperty().addListener(strategyListener);
        layoutStrategyFields();

        validation.textProperty().bind(model.validationMessageProperty());
        validation.managedProperty().bind(model.validationMessageProperty().isNotEmpty());
        runButton.disableProperty().bind(model.runDisabledProperty());
        stopButton.disableProperty().bind(model.stopDisabledProperty());
        pauseButton.disableProperty().bind(model.pauseDisabledProperty());
        pauseButton.textProperty().bind(Bindings.when(model.pausedProperty()).then("Res_ume").otherwise("_Pause"));
        progress.progressProperty().bind(model.progressProperty());
        step.textProperty().bind(model.statusProperty());
        samplesPerSecond.textProperty().bind(model.samplesPerSecondTextProperty());
        deviceLabel.textProperty().bind(Bindings.createStringBinding(() -> model.deviceProperty().get().isEmpty()
                ? "Device: —" : "Device: " + model.deviceProperty().get(), model.deviceProperty()));
        deviceWarning.textProperty().bind(model.deviceWarningProperty());
        deviceWarning.visibleProperty().bind(model.deviceWarningProperty().isNotEmpty());
        deviceWarning.managedProperty().bind(deviceWarning.visibleProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        exportButton.disableProperty().bind(model.exportDisabledProperty());
        exportMessage.textProperty().bind(model.exportMessageProperty());
        exportMessage.managedProperty().bind(model.exportMessageProperty().isNotEmpty());
        loadingRow.visibleProperty().bind(model.loadingProperty());
        loadingRow.managedProperty().bind(model.loadingProperty());
        loadingText.textProperty().bind(model.stepProperty());
        dropZone.disableProperty().bind(model.runningProperty().or(model.loadingProperty()));

        smoothing.valueProperty().bindBidirectional(model.smoothingProperty());
        smoothingValue.textProperty().bind(Bindings.format(Locale.ROOT, "%.2f", model.smoothingProperty()));
        model.datasetProperty().addListener(datasetListener);
        model.partitionPreviewProperty().addListener(partitionListener);
        model.runningProperty().addListener(runningListener);
        model.clientEpochs().addListener(curvesListener);
        model.globalRounds().addListener(curvesListener);
        model.smoothingProperty().addListener(curvesListener);
        model.metricProperty().addListener(curvesListener);
        showPreview(model.datasetProperty().get());
        drawPartition(model.partitionPreviewProperty().get());
        redrawCurves();
    }

    private ChangeListener<Boolean> validityListener(TextField input) {
        return validityListeners.computeIfAbsent(input, i -> (obs, old, ok) -> markValidity(input, ok));
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
        for (Map.Entry<StrategyField, TextField> e : strategyInputs.entrySet()) {
            e.getValue().textProperty().unbindBidirectional(model.strategyField(e.getKey()));
            model.strategyFieldValid(e.getKey()).removeListener(validityListener(e.getValue()));
            e.getValue().disableProperty().unbind();
        }
        modelKind.valueProperty().unbindBidirectional(model.modelKindProperty());
        deviceKind.valueProperty().unbindBidirectional(model.deviceChoiceProperty());
        task.valueProperty().unbindBidirectional(model.taskProperty());
        missing.valueProperty().unbindBidirectional(model.missingProperty());
        imageChannels.valueProperty().unbindBidirectional(model.imageChannelsProperty());
        model.targetColumnProperty().removeListener(targetColumnListener);
        model.imageSizeProperty().removeListener(imageSizeListener);
        model.imageSizeValid().removeListener(imageSizeValidity);
        model.curvesRegressionProperty().removeListener(curvesKindListener);
        for (Node n : List.of(deviceKind, optionsPane, publishButton)) n.disableProperty().unbind();
        for (Node n : List.of(publishIndicator, publishedRow)) {
            n.visibleProperty().unbind();
            n.managedProperty().unbind();
        }
        publishMessage.textProperty().unbind();
        publishedCid.textProperty().unbind();
        model.strategyNameProperty().removeListener(strategyListener);
        smoothing.valueProperty().unbindBidirectional(model.smoothingProperty());
        for (var label : List.of(modelDescription, strategyDescription, validation, step, samplesPerSecond, deviceLabel,
                deviceWarning, error, exportMessage, loadingText)) {
            label.textProperty().unbind();
            label.visibleProperty().unbind();
            label.managedProperty().unbind();
        }
        for (Node n : List.of(modelKind, strategyKind, runButton, stopButton, pauseButton, exportButton, dropZone)) {
            n.disableProperty().unbind();
        }
        pauseButton.textProperty().unbind();
        smoothingValue.textProperty().unbind();
        progress.progressProperty().unbind();
        loadingRow.visibleProperty().unbind();
        loadingRow.managedProperty().unbind();
        model.datasetProperty().removeListener(datasetListener);
        model.partitionPreviewProperty().removeListener(partitionListener);
        model.runningProperty().removeListener(runningListener);
        model.clientEpochs().removeListener(curvesListener);
        model.globalRounds().removeListener(curvesListener);
        model.smoothingProperty().removeListener(curvesListener);
        model.metricProperty().removeListener(curvesListener);
    }

    // ---- actions ----------------------------------------------------------------------------------

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /** Shows a file chooser and loads the chosen CSV or IDX file. */
    public void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (CSV, IDX)", "*.csv", "*.csv.gz", "*.idx*", "*-ubyte", "*-ubyte.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) model.loadDataset(file.getPath());
    }

    /** Shows a directory chooser and loads the chosen image folder. */
    public void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open image folder (one sub-folder per class)");
        File dir = chooser.showDialog(window());
        if (dir != null) model.loadDataset(dir.getPath());
    }

    /** Asks where to write the report (a base name; .json, .csv and .png are written next to each other). */
    private void chooseExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export run report (writes .json, .csv and .png)");
        chooser.setInitialFileName(model.suggestedExportName());
        File file = chooser.showSaveDialog(window());
        if (file != null) exportTo(file.toPath().toAbsolutePath().getParent(), file.getName());
    }

    /**
     * Exports the last run's report as {@code directory/baseName.{json,csv,png}}: the curves are snapshotted here on
     * the FX thread (the Curves tab is shown first so that they are laid out), the files are written off it.
     */
    public void exportTo(Path directory, String baseName) {
        tabs.getSelectionModel().select(curvesTab);
        root.applyCss();
        root.layout();
        Platform.runLater(() -> model.exportReport(directory, baseName, snapshot(curvesPanel)));
    }

    private static ChartPixels snapshot(Node node) {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.WHITE);
        WritableImage image = node.snapshot(params, null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        if (w < 1 || h < 1) return null;
        int[] argb = new int[w * h];
        PixelReader reader = image.getPixelReader();
        reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return new ChartPixels(w, h, argb);
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

    // ---- rendering: preview -----------------------------------------------------------------------

    private void showPreview(DatasetSplit split) {
        classHistogram.getData().clear();
        samples.getChildren().clear();
        classHistogram.setVisible(split != null);
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
        LabeledDataset train = split.train();
        int[] shape = train.imageShape();
        boolean images = shape != null && shape.length >= 2 && (long) shape[0] * shape[1] <= train.numFeatures();
        samples.getChildren().add(images ? imageGrid(train) : rowTable(train));
    }

    private static Node imageGrid(LabeledDataset data) {
        int h = data.imageShape()[0];
        int w = data.imageShape()[1];
        double side = 44;
        GridPane grid = new GridPane(6, 6);
        grid.setId("imageGrid");
        grid.setAlignment(Pos.CENTER);
        int n = Math.min(PREVIEW_IMAGES, data.size());
        for (int i = 0; i < n; i++) {
            float[] px = data.row(i);
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
            Label tile = new Label(String.valueOf(data.labels()[i]), view);
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

    private static Node rowTable(LabeledDataset data) {
        TableView<Integer> table = new TableView<>();
        table.setId("previewTable");
        TableColumn<Integer, String> index = new TableColumn<>("#");
        index.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue() + 1)));
        index.setPrefWidth(40);
        table.getColumns().add(index);
        int columns = Math.min(PREVIEW_COLUMNS, data.numFeatures());
        List<String> names = CsvDatasetReader.featureNames(data.preprocessing(), data.numFeatures());
        for (int j = 0; j < columns; j++) {
            int feature = j;
            TableColumn<Integer, String> col = new TableColumn<>(names.isEmpty() ? "x" + (j + 1) : names.get(j));
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                    formatFeature(data.features()[c.getValue() * data.numFeatures() + feature])));
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
        if (data.isRegression()) {
            TableColumn<Integer, String> target = new TableColumn<>("target");
            target.setCellValueFactory(c -> new ReadOnlyStringWrapper(formatFeature(data.targets()[c.getValue()])));
            target.getStyleClass().addAll("label-column", "numeric-column");
            table.getColumns().add(target);
        } else {
            TableColumn<Integer, Integer> label = new TableColumn<>("label");
            label.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(data.labels()[c.getValue()]));
            label.getStyleClass().add("label-column");
            table.getColumns().add(label);
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < Math.min(PREVIEW_ROWS, data.size()); i++) indices.add(i);
        table.getItems().setAll(indices);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    /** A feature value in at most 5 characters or so: integers as such, else 2 decimals, large values in 3 significant digits. */
    private static String formatFeature(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e5) return String.valueOf((long) v);
        return Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    // ---- rendering: curves ------------------------------------------------------------------------

    /** Redraws the curves once per pulse however many events arrived. */
    private void queueRedraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        Platform.runLater(() -> {
            redrawQueued = false;
            redrawCurves();
        });
    }

    private void clearClientSeries() {
        clientSeries.clear();
        clientChecks.clear();
        clientToggles.getChildren().clear();
        clientCurves.getData().clear();
    }

    private void setAllClients(boolean shown) {
        for (CheckBox box : clientChecks.values()) box.setSelected(shown);
    }

    /** The metric toggles read Loss / Accuracy, or for a regression run RMSE / R². */
    private void labelMetricToggles() {
        boolean regression = model.curvesRegressionProperty().get();
        lossToggle.setText(TrainerViewModel.metricLabel(Metric.LOSS, regression));
        accuracyToggle.setText(TrainerViewModel.metricLabel(Metric.ACCURACY, regression));
    }

    private void redrawCurves() {
        boolean regression = model.curvesRegressionProperty().get();
        Metric metric = model.metricProperty().get();
        // a regression client reports its training MSE only (its accuracy is NaN)
        Metric clientMetric = regression ? Metric.LOSS : metric;
        String clientName = regression ? "MSE" : metric.label().toLowerCase(Locale.ROOT);
        String globalName = regression ? TrainerViewModel.metricLabel(metric, true)
                : metric.label().toLowerCase(Locale.ROOT);
        double weight = model.smoothingProperty().get();
        List<ClientEpochPoint> points = model.clientEpochs();
        int lastStep = 1;
        for (ClientEpochPoint p : points) {
            lastStep = Math.max(lastStep, p.step());
            if (!clientSeries.containsKey(p.client())) addClient(p.client());
        }
        for (Map.Entry<Integer, XYChart.Series<Number, Number>> e : clientSeries.entrySet()) {
            boolean shown = clientChecks.get(e.getKey()).isSelected();
            List<XYChart.Data<Number, Number>> data = new ArrayList<>();
            if (shown) {
                for (var c : TrainerViewModel.clientCurve(points, e.getKey(), clientMetric, weight)) {
                    data.add(new XYChart.Data<>(c.x(), c.y()));
                }
            }
            e.getValue().getData().setAll(data);
        }
        fitAxis((NumberAxis) clientCurves.getXAxis(), lastStep);
        // a lone point per client (the first epoch) draws no line: mark points while there are few
        boolean symbols = lastStep <= 12;
        if (clientCurves.getCreateSymbols() != symbols) clientCurves.setCreateSymbols(symbols);
        clientCurves.setTitle("Training " + clientName + " per client"
                + (weight > 0 ? String.format(Locale.ROOT, " (smoothed %.2f)", weight) : ""));
        clientCurves.getYAxis().setLabel("training " + clientName);

        List<XYChart.Data<Number, Number>> global = new ArrayList<>();
        for (var c : TrainerViewModel.globalCurve(model.globalRounds(), metric, weight)) {
            global.add(new XYChart.Data<>(c.x(), c.y()));
        }
        globalSeries.getData().setAll(global);
        int lastRound = model.globalRounds().isEmpty() ? 1 : model.globalRounds().getLast().round();
        fitAxis((NumberAxis) globalCurves.getXAxis(), lastRound);
        globalCurves.setTitle("Global model: test " + globalName + " per round"
                + (weight > 0 ? String.format(Locale.ROOT, " (smoothed %.2f)", weight) : ""));
        globalCurves.getYAxis().setLabel("test " + globalName);
        // replacing a series' points requests a layout of the chart's inner content only, which a chart that is
        // already laid out can miss until something else lays it out (seen live: the global curve stayed blank
        // until the metric was toggled); ask for the whole chart
        clientCurves.requestLayout();
        globalCurves.requestLayout();
    }

    private void addClient(int client) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName("client " + (client + 1));
        clientSeries.put(client, series);
        CheckBox box = new CheckBox(String.valueOf(client + 1));
        box.setId("clientToggle" + (client + 1));
        box.setSelected(true);
        box.setAccessibleText("Show client " + (client + 1));
        box.selectedProperty().addListener(curvesListener);
        clientChecks.put(client, box);
        clientToggles.getChildren().setAll(clientChecks.values());
        // series in client order keep their colours stable
        clientCurves.getData().setAll(clientSeries.values());
    }

    private static void fitAxis(NumberAxis axis, int last) {
        axis.setLowerBound(0);
        axis.setUpperBound(last + 0.5);
        axis.setTickUnit(Math.max(1, Math.ceil(last / 12.0)));
    }
}
