package dev.defl.ui.ipfs.inspector;

import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.CidText;
import dev.defl.ui.ipfs.DagNode;
import dev.defl.ui.ipfs.Preview;
import dev.defl.ui.ByteText;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import java.io.ByteArrayInputStream;
import java.util.Objects;

/**
 * The right-hand side of the IPFS pane: a CID field with Inspect (and the pane's Save as… button), the
 * progress of a read through the network with Cancel, the lazily expanded DAG inspector and the text or image
 * preview of the selected node. Binds to {@link InspectorViewModel} in {@link #attach}.
 */
public final class InspectorView {

    private final InspectorViewModel model;
    private final VBox root;
    private final TextField cidField = new TextField();
    private final Button inspectButton = new Button("Inspect");
    private final TreeView<DagNode> dag = new TreeView<>();
    private final HBox readingBox;
    private final ProgressBar readingBar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label readingText = new Label();
    private final Button readingCancelButton = new Button("Cancel");
    private final TextArea previewText = new TextArea();
    private final ImageView previewImage = new ImageView();
    private final Label previewNote = new Label();
    private final ChangeListener<DagNode> inspected = (obs, old, node) -> showDag(node);
    private final ChangeListener<TreeItem<DagNode>> treeSelection;
    private final ChangeListener<Preview> previewListener = (obs, old, p) -> showModelPreview(p);
    /** The view-model's preview last shown (the placeholder until it has one of its own). */
    private Preview seenPreview;

    /** @param saveButton shown after Inspect (saves the CID in the field into a file) */
    public InspectorView(InspectorViewModel model, Node saveButton) {
        this.model = model;
        treeSelection = (obs, old, item) -> {
            if (item != null && item.getValue() != null) model.select(item.getValue());
        };
        cidField.setId("ipfsCidField");
        cidField.setPromptText("CID (bafy…, bafk…, Qm…)");
        cidField.getStyleClass().add("cid-field");
        HBox.setHgrow(cidField, Priority.ALWAYS);
        cidField.setOnAction(e -> model.inspect(cidField.getText()));
        inspectButton.setId("ipfsInspectButton");
        inspectButton.setOnAction(e -> model.inspect(cidField.getText()));
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
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(previewArea.widthProperty());
        clip.heightProperty().bind(previewArea.heightProperty());
        previewArea.setClip(clip);
        showPreview(Preview.none("Select a small file to preview it."));
        seenPreview = model.previewProperty().get();

        root = new VBox(6, section("FETCH OR INSPECT A CID"), cidRow, readingBox, section("DAG INSPECTOR"), dagArea,
                section("PREVIEW"), previewArea);
        VBox.setVgrow(dagArea, Priority.ALWAYS);
        root.setPadding(new Insets(0, 0, 0, 10));
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    public Node root() {
        return root;
    }

    /** The text of the CID field. */
    public String cidText() {
        return cidField.getText();
    }

    /** Inspects {@code cid} (putting it in the field) unless it is the one shown already. */
    public void show(String cid) {
        // a re-listing of the store re-selects the same root: inspect only a root not shown already
        if (!cid.equals(cidField.getText() == null ? "" : cidField.getText().strip())) {
            cidField.setText(cid);
            model.inspect(cid);
        }
    }

    /** Binds to the view-model, recording each undo in {@code s}. */
    public void attach(Subscriptions s) {
        s.bind(readingText.textProperty(), model.readingTextProperty());
        s.bind(readingBox.visibleProperty(), model.readingProperty());
        s.bind(readingBox.managedProperty(), readingBox.visibleProperty());
        // an inspection or preview that finished while detached
        DagNode shown = dag.getRoot() == null ? null : dag.getRoot().getValue();
        if (!Objects.equals(shown, model.inspectedProperty().get())) showDag(model.inspectedProperty().get());
        if (seenPreview != model.previewProperty().get()) showModelPreview(model.previewProperty().get());
        s.listen(model.inspectedProperty(), inspected);
        s.listen(dag.getSelectionModel().selectedItemProperty(), treeSelection);
        s.listen(model.previewProperty(), previewListener);
    }

    private void showDag(DagNode node) {
        if (node == null) {
            dag.setRoot(null);
            return;
        }
        DagItem item = new DagItem(node);
        dag.setRoot(item);
        item.setExpanded(true);
    }

    private void showModelPreview(Preview p) {
        seenPreview = p;
        showPreview(p);
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
        private final javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();

        DagCell() {
            javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy CID");
            copy.setOnAction(e -> {
                if (getItem() != null) CidText.copy(getItem().cidText());
            });
            menu.getItems().add(copy);
        }

        @Override
        protected void updateItem(DagNode node, boolean empty) {
            super.updateItem(node, empty);
            getStyleClass().removeAll("placeholder-text", "dag-remote");
            setContextMenu(empty || node == null ? null : menu);
            if (empty) {
                setText(null);
                setTooltip(null);
            } else if (node == null) {
                setText("loading…");
                setTooltip(null);
                getStyleClass().add("placeholder-text");
            } else {
                setText((node.name().isEmpty() ? "" : node.name() + "  ") + CidText.shorten(node.cidText())
                        + "  ·  " + node.codecName() + "  ·  "
                        + (node.sizeBytes() < 0 ? "size unknown" : ByteText.human(node.sizeBytes()))
                        + "  ·  " + node.linkCount() + (node.linkCount() == 1 ? " link" : " links")
                        + (node.isRemote() ? "  ·  " + node.originText() : ""));
                if (node.isRemote()) getStyleClass().add("dag-remote");
                tooltip.setText(node.cidText() + switch (node.origin()) {
                    case DagNode.LOCAL -> "\nin the embedded store";
                    case DagNode.NOT_FETCHED -> "\nnot in the store; select it to fetch it through the network";
                    default -> "\nfetched " + node.originText() + ", verified, kept in the store unpinned";
                });
                setTooltip(tooltip);
            }
        }
    }
}
