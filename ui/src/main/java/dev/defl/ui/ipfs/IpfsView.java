package dev.defl.ui.ipfs;

import dev.defl.ui.StyledTextCell;
import dev.defl.ui.CidCell;

import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.ui.status.StatusViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.event.EventHandler;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The IPFS pane: store statistics, a sortable and filterable table of the pinned roots, uploads by drag and
 * drop or "Add file…" with progress and cancel, fetch of a CID into a file, the lazily expanded DAG inspector
 * with a text or image preview, pin/unpin, garbage collection and CAR export, and a collapsible "Network"
 * section listing the IPFS endpoints (editable) with their health, through which the inspector and "Save as…"
 * read CIDs the store lacks (a read shows progress with Cancel), and a collapsible "Remote pinning" section
 * ({@link RemotePinsView}). Save and export show progress with Cancel. Binds to {@link IpfsViewModel} and
 * {@link RemotePinsViewModel} in {@link #activate()}. Keys: Delete unpins the selected row (after
 * confirmation), Shortcut+F focuses the filter, Escape cancels a read through the network; the store table
 * takes several rows (Shift/Shortcut+click) for "Pin selected remotely".
 */
public final class IpfsView {

    private static final KeyCombination FIND = KeyCombination.keyCombination("Shortcut+F");

    private final IpfsViewModel model;
    private final RemotePinsView remotePins;
    private final BorderPane root = new BorderPane();
    private final Label stats = new Label();
    private final Label error = new Label();
    private final Label message = new Label();
    private final TextField filter = new TextField();
    private final TableView<PinRow> table = new TableView<>();
    private final Button addButton = new Button("Add file…");
    private final Button refreshButton = new Button("Refresh");
    private final Button pinButton = new Button("Pin");
    private final Button unpinButton = new Button("Unpin");
    private final Button exportButton = new Button("Export CAR…");
    private final Button gcButton = new Button("Collect garbage…");
    private final HBox uploadBox;
    private final ProgressBar uploadBar = new ProgressBar(0);
    private final Label uploadText = new Label();
    private final Button cancelButton = new Button("Cancel");
    private final TextField cidField = new TextField();
    private final Button inspectButton = new Button("Inspect");
    private final Button saveButton = new Button("Save as…");
    private final TreeView<DagNode> dag = new TreeView<>();
    private final TitledPane networkPane = new TitledPane();
    private final TextField endpointField = new TextField();
    private final Button endpointAddButton = new Button("Add");
    private final Button endpointRemoveButton = new Button("Remove");
    private final Button endpointCheckButton = new Button("Check");
    private final TableView<EndpointHealth> endpointTable = new TableView<>();
    private final HBox transferBox;
    private final ProgressBar transferBar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label transferText = new Label();
    private final Button transferCancelButton = new Button("Cancel");
    private final HBox readingBox;
    private final ProgressBar readingBar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label readingText = new Label();
    private final Button readingCancelButton = new Button("Cancel");
    private final TextArea previewText = new TextArea();
    private final ImageView previewImage = new ImageView();
    private final Label previewNote = new Label();

    private final ChangeListener<PinRow> tableSelection;
    private final ChangeListener<DagNode> inspected = (obs, old, node) -> showDag(node);
    private final ChangeListener<TreeItem<DagNode>> treeSelection;
    private final ChangeListener<Preview> previewListener = (obs, old, p) -> showPreview(p);
    private final ChangeListener<UploadProgress> progressListener = (obs, old, p) -> uploadBar.setProgress(p.fraction());
    private final EventHandler<KeyEvent> keys = this::onKey;

    /**
     * @param model      the store, inspector and network endpoints
     * @param remoteModel the remote pinning service section
     */
    public IpfsView(IpfsViewModel model, RemotePinsViewModel remoteModel) {
        this.model = model;
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        this.remotePins = new RemotePinsView(remoteModel, table.getSelectionModel().getSelectedItems());
        tableSelection = (obs, old, row) -> {
            // a re-listing of the store re-selects the same root: inspect only a root not shown already
            if (row != null && !row.cid().equals(cidField.getText() == null ? "" : cidField.getText().strip())) {
                cidField.setText(row.cid());
                model.inspect(row.cid());
            }
        };
        treeSelection = (obs, old, item) -> {
            if (item != null && item.getValue() != null) model.select(item.getValue());
        };

        Label title = new Label("IPFS store");
        title.getStyleClass().add("pane-title-small");
        stats.setId("ipfsStats");
        stats.getStyleClass().addAll("muted", "ipfs-stats");
        HBox header = new HBox(14, title, stats);
        header.setAlignment(Pos.BASELINE_LEFT);

        addButton.setId("ipfsAddButton");
        addButton.getStyleClass().add("accent");
        addButton.setOnAction(e -> chooseFiles());
        refreshButton.setId("ipfsRefreshButton");
        refreshButton.setOnAction(e -> model.refresh());
        pinButton.setId("ipfsPinButton");
        pinButton.setTooltip(new Tooltip("Pin the selected root recursively"));
        pinButton.setOnAction(e -> selected().ifPresent(model::pin));
        unpinButton.setId("ipfsUnpinButton");
        unpinButton.setTooltip(new Tooltip("Unpin the selected root (Delete); its blocks go at the next GC"));
        unpinButton.setOnAction(e -> confirmUnpin());
        exportButton.setId("ipfsExportButton");
        exportButton.setTooltip(new Tooltip("Write the selected DAG to a CARv1 file"));
        exportButton.setOnAction(e -> exportCar());
        gcButton.setId("ipfsGcButton");
        gcButton.setOnAction(e -> confirmGc());
        gcButton.getStyleClass().add("danger");
        filter.setId("ipfsFilter");
        filter.setPromptText("Filter by CID, name, pin, codec (Ctrl+F)");
        filter.setPrefColumnCount(24);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, addButton, refreshButton, pinButton, unpinButton, exportButton, spacer, filter, gcButton);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        uploadBar.setId("ipfsUploadBar");
        uploadBar.setPrefWidth(260);
        uploadText.setId("ipfsUploadText");
        uploadText.getStyleClass().add("step-text");
        cancelButton.setId("ipfsCancelButton");
        cancelButton.setOnAction(e -> model.cancelUpload());
        uploadBox = new HBox(10, uploadBar, uploadText, cancelButton);
        uploadBox.setId("ipfsUpload");
        uploadBox.setAlignment(Pos.CENTER_LEFT);

        transferBar.setId("ipfsTransferBar");
        transferBar.setPrefWidth(160);
        transferText.setId("ipfsTransferText");
        transferText.getStyleClass().add("step-text");
        transferCancelButton.setId("ipfsTransferCancelButton");
        transferCancelButton.setOnAction(e -> model.cancelTransfer());
        transferBox = new HBox(10, transferBar, transferText, transferCancelButton);
        transferBox.setId("ipfsTransfer");
        transferBox.setAlignment(Pos.CENTER_LEFT);

        endpointField.setId("ipfsEndpointField");
        endpointField.setPromptText("kubo:http://127.0.0.1:5001 or gateway:https://host");
        HBox.setHgrow(endpointField, Priority.ALWAYS);
        endpointField.setOnAction(e -> model.addEndpoint());
        endpointAddButton.setId("ipfsEndpointAddButton");
        endpointAddButton.setOnAction(e -> model.addEndpoint());
        endpointRemoveButton.setId("ipfsEndpointRemoveButton");
        endpointRemoveButton.setOnAction(e -> {
            EndpointHealth row = endpointTable.getSelectionModel().getSelectedItem();
            if (row != null) model.removeEndpoint(endpointName(row));
        });
        endpointCheckButton.setId("ipfsEndpointCheckButton");
        endpointCheckButton.setTooltip(new Tooltip("Ask every endpoint once whether it answers"));
        endpointCheckButton.setOnAction(e -> model.checkEndpoints());
        HBox endpointRow = new HBox(8, endpointField, endpointAddButton, endpointRemoveButton, endpointCheckButton);
        endpointRow.setAlignment(Pos.CENTER_LEFT);
        endpointTable.setId("ipfsEndpointTable");
        endpointTable.setPlaceholder(new Label("No endpoints: CIDs are read from the embedded store only."));
        endpointTable.setPrefHeight(130);
        endpointTable.getColumns().add(healthColumn("Endpoint", 260, h -> h.url().toString()));
        endpointTable.getColumns().add(healthColumn("Kind", 80, h -> switch (h.kind()) {
            case KUBO_RPC -> "node";
            case TRUSTLESS_GATEWAY -> "gateway";
        }));
        endpointTable.getColumns().add(healthColumn("Health", 80, h -> h.healthy() ? "healthy" : "unhealthy"));
        endpointTable.getColumns().add(healthColumn("Latency", 70, h -> h.lastLatencyMillis() < 0 ? "—" : h.lastLatencyMillis() + " ms"));
        endpointTable.getColumns().add(healthColumn("Blocks", 60, h -> Long.toString(h.successes())));
        endpointTable.getColumns().add(healthColumn("Failures", 60, h -> Long.toString(h.failures())));
        endpointTable.getColumns().add(healthColumn("Last error", 260, h -> h.lastError() == null ? "" : h.lastError()));
        endpointTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        networkPane.setId("ipfsNetwork");
        networkPane.setText("Network");
        networkPane.setContent(new VBox(6, endpointRow, endpointTable));
        networkPane.setExpanded(false);
        networkPane.setAnimated(false);

        error.setId("ipfsError");
        error.getStyleClass().addAll("error-text", "error-box");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        message.setId("ipfsMessage");
        message.getStyleClass().add("step-text");
        VBox top = new VBox(8, header, toolbar, networkPane, remotePins.root(), uploadBox, transferBox, error, message);
        top.setPadding(new Insets(0, 0, 10, 0));

        table.setId("ipfsTable");
        table.setPlaceholder(new Label("No pinned roots yet. Drop files or folders here, or use Add file…"));
        TableColumn<PinRow, String> cid = column("CID", 230, r -> new ReadOnlyStringWrapper(r.cid()));
        cid.setCellFactory(c -> new CidCell<>());
        table.getColumns().add(cid);
        table.getColumns().add(column("Name", 180, r -> new ReadOnlyStringWrapper(r.name())));
        TableColumn<PinRow, Number> size = column("Size", 90, r -> new ReadOnlyLongWrapper(r.sizeBytes()));
        size.setCellFactory(c -> new SizeCell());
        table.getColumns().add(size);
        TableColumn<PinRow, String> pin = column("Pin", 90, r -> new ReadOnlyStringWrapper(r.pinMode()));
        pin.setCellFactory(c -> new StyledTextCell<>("pin-", java.util.function.Function.identity(), mode -> switch (mode) {
            case PinRow.FETCHED -> FETCHED_TIP;
            case PinRow.UNPINNED -> UNPINNED_TIP;
            default -> null;
        }));
        table.getColumns().add(pin);
        table.getColumns().add(column("Codec", 70, r -> new ReadOnlyStringWrapper(r.codec())));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        cidField.setId("ipfsCidField");
        cidField.setPromptText("CID (bafy…, bafk…, Qm…)");
        cidField.getStyleClass().add("cid-field");
        HBox.setHgrow(cidField, Priority.ALWAYS);
        cidField.setOnAction(e -> model.inspect(cidField.getText()));
        inspectButton.setId("ipfsInspectButton");
        inspectButton.setOnAction(e -> model.inspect(cidField.getText()));
        saveButton.setId("ipfsSaveButton");
        saveButton.setTooltip(new Tooltip("Fetch the CID's file into a file: from the store, else through the Network endpoints"));
        saveButton.setOnAction(e -> saveAs());
        HBox cidRow = new HBox(8, cidField, inspectButton, saveButton);
        cidRow.setAlignment(Pos.CENTER_LEFT);
        readingBar.setId("ipfsReadingBar");
        readingBar.setPrefWidth(120);
        readingText.setId("ipfsReadingText");
        readingText.getStyleClass().add("step-text");
        readingCancelButton.setId("ipfsReadingCancelButton");
        readingCancelButton.setTooltip(new Tooltip("Stop reading through the network (Escape)"));
        readingCancelButton.setOnAction(e -> model.cancelRead());
        readingBox = new HBox(10, readingBar, readingText, readingCancelButton);
        readingBox.setId("ipfsReading");
        readingBox.setAlignment(Pos.CENTER_LEFT);

        dag.setId("ipfsDag");
        dag.setShowRoot(true);
        dag.setCellFactory(t -> new DagCell());
        Label dagHint = new Label("Select a row, or enter a CID and press Inspect.");
        dagHint.getStyleClass().add("placeholder-text");
        dagHint.visibleProperty().bind(dag.rootProperty().isNull());
        dagHint.setMouseTransparent(true);
        StackPane dagArea = new StackPane(dag, dagHint);
        dagArea.setMinHeight(150); // with Network and Remote pinning open, the preview gives way first

        previewText.setId("ipfsPreviewText");
        previewText.setEditable(false);
        previewText.setWrapText(true);
        previewText.getStyleClass().add("details");
        previewImage.setId("ipfsPreviewImage");
        previewImage.setPreserveRatio(true);
        previewNote.setId("ipfsPreviewNote");
        previewNote.getStyleClass().add("placeholder-text");
        previewNote.setWrapText(true);
        // the image's box does not ask for room (pref 0), so fitting the image to the area cannot grow the area
        StackPane imageBox = new StackPane(previewImage);
        imageBox.setMinSize(0, 0);
        imageBox.setPrefSize(0, 0);
        imageBox.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        imageBox.setMouseTransparent(true);
        StackPane previewArea = new StackPane(previewText, imageBox, previewNote);
        previewArea.getStyleClass().add("sample-preview");
        previewArea.setMinHeight(110);
        previewArea.setPrefHeight(280);
        // the image fits the area as it shrinks (Network and Remote pinning open), and never draws outside it
        previewImage.fitHeightProperty().bind(previewArea.heightProperty().subtract(16));
        previewImage.fitWidthProperty().bind(previewArea.widthProperty().subtract(16));
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(previewArea.widthProperty());
        clip.heightProperty().bind(previewArea.heightProperty());
        previewArea.setClip(clip);
        showPreview(Preview.none("Select a small file to preview it."));

        Label dagTitle = section("DAG INSPECTOR");
        Label previewTitle = section("PREVIEW");
        VBox right = new VBox(6, section("FETCH OR INSPECT A CID"), cidRow, readingBox, dagTitle, dagArea, previewTitle, previewArea);
        VBox.setVgrow(dagArea, Priority.ALWAYS);
        right.setPadding(new Insets(0, 0, 0, 10));
        SplitPane center = new SplitPane(table, right);
        center.setDividerPositions(0.56);

        root.setId("ipfsPane");
        root.setTop(top);
        root.setCenter(center);
        root.getStyleClass().addAll("ipfs", "content-panel");
        root.setOnDragOver(this::onDragOver);
        root.setOnDragExited(e -> root.getStyleClass().remove("drop-target"));
        root.setOnDragDropped(this::onDragDropped);
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    private static <T> TableColumn<PinRow, T> column(String title, double width, Function<PinRow, ObservableValue<T>> value) {
        TableColumn<PinRow, T> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> value.apply(c.getValue()));
        col.setPrefWidth(width);
        return col;
    }

    private static TableColumn<EndpointHealth, String> healthColumn(String title, double width,
            Function<EndpointHealth, String> value) {
        TableColumn<EndpointHealth, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false);
        return col;
    }

    /** The endpoint as the view-model lists it: {@code kubo:URL} or {@code gateway:URL}. */
    private static String endpointName(EndpointHealth health) {
        return (health.kind() == EndpointKind.KUBO_RPC ? "kubo:" : "gateway:") + health.url();
    }

    public Node root() {
        return root;
    }

    /** Binds to the view-model and lists the store. */
    public void activate() {
        table.setItems(model.rows());
        model.rows().comparatorProperty().bind(table.comparatorProperty());
        filter.textProperty().bindBidirectional(model.filterProperty());
        stats.textProperty().bind(model.statsProperty());
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        uploadText.textProperty().bind(model.uploadTextProperty());
        uploadBox.visibleProperty().bind(model.uploadingProperty());
        uploadBox.managedProperty().bind(uploadBox.visibleProperty());
        addButton.disableProperty().bind(model.uploadingProperty());
        endpointTable.setItems(model.endpointHealth());
        endpointField.textProperty().bindBidirectional(model.endpointInputProperty());
        endpointRemoveButton.disableProperty().bind(endpointTable.getSelectionModel().selectedItemProperty().isNull());
        transferText.textProperty().bind(model.transferTextProperty());
        transferBox.visibleProperty().bind(model.transferringProperty());
        transferBox.managedProperty().bind(transferBox.visibleProperty());
        saveButton.disableProperty().bind(model.transferringProperty());
        readingText.textProperty().bind(model.readingTextProperty());
        readingBox.visibleProperty().bind(model.readingProperty());
        readingBox.managedProperty().bind(readingBox.visibleProperty());
        var noSelection = table.getSelectionModel().selectedItemProperty().isNull();
        var pinned = Bindings.createBooleanBinding(() -> selected().map(PinRow::pinned).orElse(false),
                table.getSelectionModel().selectedItemProperty());
        pinButton.disableProperty().bind(noSelection.or(pinned));
        unpinButton.disableProperty().bind(noSelection.or(pinned.not()));
        exportButton.disableProperty().bind(noSelection.or(model.transferringProperty()));
        model.uploadProgressProperty().addListener(progressListener);
        table.getSelectionModel().selectedItemProperty().addListener(tableSelection);
        model.inspectedProperty().addListener(inspected);
        dag.getSelectionModel().selectedItemProperty().addListener(treeSelection);
        model.previewProperty().addListener(previewListener);
        root.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        remotePins.activate();
        model.refresh();
    }

    /** Removes every binding and listener made in {@link #activate()}. */
    public void deactivate() {
        remotePins.deactivate();
        root.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        model.previewProperty().removeListener(previewListener);
        dag.getSelectionModel().selectedItemProperty().removeListener(treeSelection);
        model.inspectedProperty().removeListener(inspected);
        table.getSelectionModel().selectedItemProperty().removeListener(tableSelection);
        model.uploadProgressProperty().removeListener(progressListener);
        for (var button : List.of(addButton, pinButton, unpinButton, exportButton, saveButton, endpointRemoveButton)) {
            button.disableProperty().unbind();
        }
        transferText.textProperty().unbind();
        readingText.textProperty().unbind();
        endpointField.textProperty().unbindBidirectional(model.endpointInputProperty());
        endpointTable.setItems(null);
        for (var node : List.<Node>of(error, message, uploadBox, transferBox, readingBox)) {
            node.visibleProperty().unbind();
            node.managedProperty().unbind();
        }
        uploadText.textProperty().unbind();
        message.textProperty().unbind();
        error.textProperty().unbind();
        stats.textProperty().unbind();
        filter.textProperty().unbindBidirectional(model.filterProperty());
        model.rows().comparatorProperty().unbind();
        table.setItems(null);
    }

    // ---- actions -----------------------------------------------------------------------------------

    private Optional<PinRow> selected() {
        return Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add files to the IPFS store");
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null) model.addFiles(files.stream().map(File::toPath).toList());
    }

    private void saveAs() {
        String text = cidField.getText() == null ? "" : cidField.getText().strip();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save CID as");
        String name = selected().filter(r -> r.cid().equals(text) && !r.name().isEmpty())
                .map(r -> Path.of(r.name()).getFileName().toString()).orElse(text.isEmpty() ? "content" : text);
        chooser.setInitialFileName(name);
        if (text.isEmpty()) {
            model.fetch(text, Path.of(name)); // reports "Enter a CID first."
            return;
        }
        File file = chooser.showSaveDialog(window());
        if (file != null) model.fetch(text, file.toPath());
    }

    private void exportCar() {
        selected().ifPresent(row -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export " + IpfsViewModel.shortCid(row.cid()) + " as CAR");
            chooser.setInitialFileName(row.cid() + ".car");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CAR files", "*.car"));
            File file = chooser.showSaveDialog(window());
            if (file != null) model.exportCar(row.cid(), file.toPath());
        });
    }

    private void confirmUnpin() {
        selected().filter(PinRow::pinned).ifPresent(row -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                    "Unpin " + row.cid() + (row.name().isEmpty() ? "" : " (" + row.name() + ")")
                            + "?\n\nIts blocks stay until the next garbage collection, which deletes them.",
                    ButtonType.OK, ButtonType.CANCEL);
            alert.initOwner(window());
            alert.setTitle("Unpin");
            alert.setHeaderText("Unpin this root?");
            alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.unpin(row));
        });
    }

    private void confirmGc() {
        Alert alert = new Alert(Alert.AlertType.WARNING,
                "Garbage collection permanently deletes every block that no pin protects, including content "
                        + "you unpinned or added unpinned. This cannot be undone.",
                ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(window());
        alert.setTitle("Collect garbage");
        alert.setHeaderText("Delete all unpinned blocks?");
        alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.gc());
    }

    private void onKey(KeyEvent e) {
        if (FIND.match(e)) {
            filter.requestFocus();
            filter.selectAll();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && model.readingProperty().get()) {
            model.cancelRead();
            e.consume();
        } else if (e.getCode() == KeyCode.DELETE && table.isFocused()) {
            confirmUnpin();
            e.consume();
        }
    }

    private void onDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
            if (!root.getStyleClass().contains("drop-target")) root.getStyleClass().add("drop-target");
        }
        e.consume();
    }

    private void onDragDropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) model.addFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
        root.getStyleClass().remove("drop-target");
        e.setDropCompleted(ok);
        e.consume();
    }

    // ---- DAG and preview ---------------------------------------------------------------------------

    private void showDag(DagNode node) {
        if (node == null) {
            dag.setRoot(null);
            return;
        }
        DagItem item = new DagItem(node);
        dag.setRoot(item);
        item.setExpanded(true);
    }

    private void showPreview(Preview p) {
        previewText.setVisible(p.kind() == Preview.Kind.TEXT);
        previewImage.setVisible(p.kind() == Preview.Kind.IMAGE);
        previewNote.setVisible(p.kind() == Preview.Kind.NONE);
        previewText.setText(p.kind() == Preview.Kind.TEXT ? p.text() : "");
        previewNote.setText(p.kind() == Preview.Kind.NONE ? p.text() : "");
        previewImage.setImage(p.kind() == Preview.Kind.IMAGE ? new Image(new ByteArrayInputStream(p.image())) : null);
    }

    /** A DAG node whose children are read from the store the first time it is expanded. */
    private final class DagItem extends TreeItem<DagNode> {
        private boolean requested;

        DagItem(DagNode node) {
            super(node);
            if (!node.isLeaf()) {
                getChildren().add(new TreeItem<>(null)); // "loading…" until expanded
                expandedProperty().addListener((obs, was, expanded) -> {
                    if (expanded && !requested) {
                        requested = true;
                        model.loadChildren(node, kids -> getChildren().setAll(
                                kids.stream().<TreeItem<DagNode>>map(DagItem::new).toList()));
                    }
                });
            }
        }
    }

    /** "bafkrei…x7y2ab · raw · 256 KiB · 0 links"; "loading…" for the placeholder child; resets when empty. */
    private static final class DagCell extends TreeCell<DagNode> {
        private final Tooltip tooltip = new Tooltip();

        @Override
        protected void updateItem(DagNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeAll("placeholder-text", "dag-remote");
            if (empty) {
                setText(null);
                setTooltip(null);
            } else if (node == null) {
                setText("loading…");
                setTooltip(null);
                getStyleClass().add("placeholder-text");
            } else {
                setText((node.name().isEmpty() ? "" : node.name() + "  ") + IpfsViewModel.shortCid(node.cid().toString())
                        + "  ·  " + node.codecName() + "  ·  "
                        + (node.sizeBytes() < 0 ? "size unknown" : StatusViewModel.humanBytes(node.sizeBytes()))
                        + "  ·  " + node.linkCount() + (node.linkCount() == 1 ? " link" : " links")
                        + (node.isRemote() ? "  ·  " + node.originText() : ""));
                if (node.isRemote()) getStyleClass().add("dag-remote");
                tooltip.setText(node.cid().toString() + switch (node.origin()) {
                    case DagNode.LOCAL -> "\nin the embedded store";
                    case DagNode.NOT_FETCHED -> "\nnot in the store; select it to fetch it through the network";
                    default -> "\nfetched " + node.originText() + ", verified, kept in the store unpinned";
                });
                setTooltip(tooltip);
            }
        }
    }


    /** Bytes in binary units, right-aligned; "—" for an unreadable root. */
    private static final class SizeCell extends TableCell<PinRow, Number> {
        SizeCell() {
            getStyleClass().add("size-cell");
        }

        @Override
        protected void updateItem(Number size, boolean empty) {
            super.updateItem(size, empty);
            setText(empty || size == null ? null : size.longValue() < 0 ? "—" : StatusViewModel.humanBytes(size.longValue()));
        }
    }


    private static final Tooltip FETCHED_TIP = new Tooltip(
            "Read through the network endpoints and kept in the store unpinned (as kubo keeps fetched blocks).\n"
                    + "The next garbage collection deletes it; Pin keeps it (fetching any blocks still missing).");
    private static final Tooltip UNPINNED_TIP = new Tooltip("Unpinned; its blocks go at the next garbage collection.");
}
