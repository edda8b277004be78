package dev.defl.ui.ipfs.transfers;

import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.CidText;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.ipfs.UploadProgress;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The transfers of the IPFS pane: the "Add file…", "Export CAR…" and "Save as…" buttons (placed by the pane
 * in the store toolbar and the inspector), uploads by drag and drop onto the pane, and the upload and
 * save/export progress rows with Cancel. Binds to {@link TransfersViewModel} in {@link #attach}.
 */
public final class TransfersView {

    private final TransfersViewModel model;
    private final Supplier<Optional<PinRow>> selectedRow;
    private final Supplier<String> cidText;
    private final Supplier<Window> window;
    private final Button addButton = new Button("Add file…");
    private final Button exportButton = new Button("Export CAR…");
    private final Button saveButton = new Button("Save as…");
    private final HBox uploadBox;
    private final ProgressBar uploadBar = new ProgressBar(0);
    private final Label uploadText = new Label();
    private final Button cancelButton = new Button("Cancel");
    private final HBox transferBox;
    private final ProgressBar transferBar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label transferText = new Label();
    private final Button transferCancelButton = new Button("Cancel");
    private final ChangeListener<UploadProgress> progressListener = (obs, old, p) -> uploadBar.setProgress(p.fraction());

    /**
     * @param selectedRow the store table's selected row (what Export CAR… exports)
     * @param cidText     the inspector's CID field (what Save as… saves)
     * @param window      the window dialogs belong to, or null
     */
    public TransfersView(TransfersViewModel model, Supplier<Optional<PinRow>> selectedRow, Supplier<String> cidText,
            Supplier<Window> window) {
        this.model = model;
        this.selectedRow = selectedRow;
        this.cidText = cidText;
        this.window = window;
        addButton.setId("ipfsAddButton");
        addButton.getStyleClass().add("accent");
        addButton.setOnAction(e -> chooseFiles());
        exportButton.setId("ipfsExportButton");
        exportButton.setTooltip(new Tooltip("Write the selected DAG to a CARv1 file"));
        exportButton.setOnAction(e -> exportCar());
        saveButton.setId("ipfsSaveButton");
        saveButton.setTooltip(new Tooltip("Fetch the CID's file into a file: from the store, else through the Network endpoints"));
        saveButton.setOnAction(e -> saveAs());

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
    }

    public Node addButton() {
        return addButton;
    }

    public Node exportButton() {
        return exportButton;
    }

    public Node saveButton() {
        return saveButton;
    }

    /** The upload progress row, shown while an upload runs. */
    public Node uploadBox() {
        return uploadBox;
    }

    /** The save/export progress row, shown while one runs. */
    public Node transferBox() {
        return transferBox;
    }

    /** Lets {@code target} take files and folders dropped on it as an upload (styled "drop-target" meanwhile). */
    public void acceptDrops(Region target) {
        target.setOnDragOver(e -> onDragOver(e, target));
        target.setOnDragExited(e -> target.getStyleClass().remove("drop-target"));
        target.setOnDragDropped(e -> onDragDropped(e, target));
    }

    /**
     * Binds to the view-model, recording each undo in {@code s}.
     *
     * @param noSelection true while no row of the store table is selected (Export CAR… is off then)
     */
    public void attach(Subscriptions s, ObservableBooleanValue noSelection) {
        s.bind(uploadText.textProperty(), model.uploadTextProperty());
        s.bind(uploadBox.visibleProperty(), model.uploadingProperty());
        s.bind(uploadBox.managedProperty(), uploadBox.visibleProperty());
        s.bind(addButton.disableProperty(), model.uploadingProperty());
        s.bind(transferText.textProperty(), model.transferTextProperty());
        s.bind(transferBox.visibleProperty(), model.transferringProperty());
        s.bind(transferBox.managedProperty(), transferBox.visibleProperty());
        s.bind(saveButton.disableProperty(), model.transferringProperty());
        s.bind(exportButton.disableProperty(), Bindings.or(noSelection, model.transferringProperty()));
        uploadBar.setProgress(model.uploadProgressProperty().get().fraction()); // progress made while detached
        s.listen(model.uploadProgressProperty(), progressListener);
    }

    private void chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add files to the IPFS store");
        List<File> files = chooser.showOpenMultipleDialog(window.get());
        if (files != null) model.addFiles(files.stream().map(File::toPath).toList());
    }

    private void saveAs() {
        String text = cidText.get() == null ? "" : cidText.get().strip();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save CID as");
        String name = selectedRow.get().filter(r -> r.cid().equals(text) && !r.name().isEmpty())
                .map(r -> Path.of(r.name()).getFileName().toString()).orElse(text.isEmpty() ? "content" : text);
        chooser.setInitialFileName(name);
        if (text.isEmpty()) {
            model.fetch(text, Path.of(name)); // reports "Enter a CID first."
            return;
        }
        File file = chooser.showSaveDialog(window.get());
        if (file != null) model.fetch(text, file.toPath());
    }

    private void exportCar() {
        selectedRow.get().ifPresent(row -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export " + CidText.shorten(row.cid()) + " as CAR");
            chooser.setInitialFileName(row.cid() + ".car");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CAR files", "*.car"));
            File file = chooser.showSaveDialog(window.get());
            if (file != null) model.exportCar(row.cid(), file.toPath());
        });
    }

    private void onDragOver(DragEvent e, Region target) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
            if (!target.getStyleClass().contains("drop-target")) target.getStyleClass().add("drop-target");
        }
        e.consume();
    }

    private void onDragDropped(DragEvent e, Region target) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) model.addFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
        target.getStyleClass().remove("drop-target");
        e.setDropCompleted(ok);
        e.consume();
    }
}
