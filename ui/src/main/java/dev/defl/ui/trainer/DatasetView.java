package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetOptions;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.List;
import java.util.function.Supplier;

import static dev.defl.ui.trainer.FormControls.commitOnEnterOrFocusLoss;
import static dev.defl.ui.trainer.FormControls.enumText;
import static dev.defl.ui.trainer.FormControls.formGrid;
import static dev.defl.ui.trainer.FormControls.formLabel;
import static dev.defl.ui.trainer.FormControls.markValidity;

/**
 * The Trainer form's dataset section: the drop zone (built-in name, file, folder or {@code cid:<CID>}), the reading
 * options and Publish to IPFS with the manifest CID. Binds to {@link DatasetViewModel} while active.
 */
public final class DatasetView extends ActivatablePane {

    private final DatasetViewModel model;
    private final Supplier<Window> window;
    private final VBox root;
    private final VBox dropZone = new VBox(8);
    private final ComboBox<String> builtin = new ComboBox<>(FXCollections.observableArrayList(DatasetViewModel.BUILT_IN_DATASETS));
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
    private final HBox loadingRow;
    private final ProgressIndicator loadingIndicator = new ProgressIndicator();
    private final Label loadingText = new Label();
    /** The spec asked for last (UI thread). */
    private String requested = "";

    /**
     * @param window the window file choosers belong to (may supply null)
     */
    public DatasetView(DatasetViewModel model, Supplier<Window> window) {
        this.model = model;
        this.window = window;
        loadingRow = new HBox(8, loadingIndicator, loadingText);
        buildDropZone();
        buildDatasetOptions();
        root = new VBox(10, dropZone, optionsPane, buildPublish());
    }

    /** The drop zone, the reading options and the publish row, stacked. */
    public Node root() {
        return root;
    }

    private void buildDropZone() {
        Label hint = new Label("Drop a CSV, IDX file or image folder here");
        hint.setWrapText(true);
        hint.getStyleClass().add("drop-hint");
        builtin.setId("builtinDataset");
        builtin.setEditable(true);
        builtin.setMaxWidth(Double.MAX_VALUE);
        builtin.setAccessibleText("Dataset: a built-in name, a path, or cid:<CID> of a published dataset");
        builtin.setPromptText("Pick a dataset or type a path");
        builtin.setTooltip(new Tooltip("Picking a built-in dataset loads it. A file or folder path, or cid:<CID> of a "
                + "dataset published to this workspace's content store: Enter or Load loads it. Shows the dataset "
                + "loaded last."));
        builtin.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && !builtin.isShowing()) Platform.runLater(this::loadTyped);
        });
        // a built-in dataset picked from the list loads at once (no Load step); the loaded one is shown already
        builtin.valueProperty().addListener((obs, old, now) -> {
            if (now != null && DatasetViewModel.BUILT_IN_DATASETS.contains(now)
                    && !now.equals(model.datasetSpecProperty().get())) {
                request(now);
            }
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
        dropZone.setAlignment(Pos.CENTER);
        dropZone.setId("datasetDropZone");
        dropZone.getStyleClass().add("drop-zone");
        dropZone.setOnDragOver(this::dragOver);
        dropZone.setOnDragExited(e -> dropZone.getStyleClass().remove("drop-zone-hover"));
        dropZone.setOnDragDropped(this::dragDropped);
    }

    /** Loads what the dataset combo shows (typed text counts even before it was committed). */
    private void loadTyped() {
        String typed = builtin.getEditor().getText();
        request(typed == null || typed.isBlank() ? builtin.getValue() : typed);
    }

    /** Loads {@code spec} unless the same spec is loading already (a pick and its Enter both ask). */
    private void request(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (model.loadingProperty().get() && s.equals(requested)) return;
        requested = s;
        model.loadDataset(s);
    }

    /** The combo shows the dataset loaded last (not a path typed or dropped before it), or stays empty. */
    private void showLoaded(String spec) {
        if (spec == null || spec.isEmpty()) return;
        if (!spec.equals(builtin.getValue())) builtin.setValue(spec);
        if (!spec.equals(builtin.getEditor().getText())) builtin.getEditor().setText(spec);
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
            clip.putString(DatasetViewModel.CID_PREFIX + publishedCid.getText());
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

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    protected void attach(Subscriptions subs) {
        var busy = model.runningProperty().or(model.loadingProperty());
        subs.bindBidirectional(task.valueProperty(), model.taskProperty());
        subs.bindBidirectional(missing.valueProperty(), model.missingProperty());
        subs.bindBidirectional(imageChannels.valueProperty(), model.imageChannelsProperty());
        targetColumn.setText(model.targetColumnProperty().get());
        subs.listen(model.targetColumnProperty(), (obs, old, now) -> targetColumn.setText(now));
        imageSize.setText(model.imageSizeProperty().get());
        subs.listen(model.imageSizeProperty(), (obs, old, now) -> imageSize.setText(now));
        markValidity(imageSize, model.imageSizeValid().get());
        subs.listen(model.imageSizeValid(), (obs, old, ok) -> markValidity(imageSize, ok));
        subs.bind(optionsPane.disableProperty(), busy);
        subs.bind(publishButton.disableProperty(), model.publishDisabledProperty());
        subs.bind(publishIndicator.visibleProperty(), model.publishingProperty());
        subs.bind(publishIndicator.managedProperty(), model.publishingProperty());
        subs.bind(publishMessage.textProperty(), model.publishMessageProperty());
        subs.bind(publishedCid.textProperty(), model.publishedCidProperty());
        subs.bind(publishedRow.visibleProperty(), model.publishedCidProperty().isNotEmpty());
        subs.bind(publishedRow.managedProperty(), publishedRow.visibleProperty());
        subs.bind(loadingRow.visibleProperty(), model.loadingProperty());
        subs.bind(loadingRow.managedProperty(), model.loadingProperty());
        subs.bind(loadingText.textProperty(), model.stepProperty());
        subs.bind(dropZone.disableProperty(), busy);
        showLoaded(model.datasetSpecProperty().get());
        // every load, also of the spec loaded before (after a bad path was typed): the dataset is a new object
        subs.listen(model.datasetProperty(), (obs, old, now) -> showLoaded(model.datasetSpecProperty().get()));
    }

    // ---- actions ----------------------------------------------------------------------------------

    /** Shows a file chooser and loads the chosen CSV or IDX file. */
    public void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (CSV, IDX)", "*.csv", "*.csv.gz", "*.idx*", "*-ubyte", "*-ubyte.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window.get());
        if (file != null) model.loadDataset(file.getPath());
    }

    /** Shows a directory chooser and loads the chosen image folder. */
    public void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open image folder (one sub-folder per class)");
        File dir = chooser.showDialog(window.get());
        if (dir != null) model.loadDataset(dir.getPath());
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
}
