package dev.defl.ui.trainer;

import dev.defl.ui.concurrent.Activatable;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;

import static dev.defl.ui.trainer.FormControls.sectionTitle;

/**
 * The Trainer pane, composed of its sub-panes. Left, a scrollable form: {@link DatasetView} (drop zone, reading
 * options, Publish to IPFS) and {@link ExperimentFormView} (model, aggregation strategy, experiment numbers,
 * partition, device), with {@link RunControlView} (Run / Pause / Stop, status, throughput, export) always in view
 * below it. Right, tabs: {@link DatasetPreviewView}, {@link PartitionView} and {@link CurvesView}. A newly loaded
 * dataset shows the Dataset tab, a starting run the Curves tab. {@link #activate()} binds every sub-pane to its
 * view-model, {@link #deactivate()} undoes all of it.
 */
public final class TrainerView extends ActivatablePane {

    private final TrainerViewModel model;
    private final BorderPane root = new BorderPane();
    private final DatasetView dataset;
    private final ExperimentFormView form;
    private final RunControlView runControl;
    private final DatasetPreviewView preview;
    private final PartitionView partition;
    private final CurvesView curves;
    private final WelcomeView welcome;
    private final TabPane tabs = new TabPane();
    private final Tab datasetTab = new Tab("Dataset");
    private final Tab partitionTab = new Tab("Partition");
    private final Tab curvesTab = new Tab("Curves");
    /** What was shown when last deactivated: a run or a load since then picks the tab on activation. */
    private int seenRun;
    private Object seenDataset;

    public TrainerView(TrainerViewModel model) {
        this.model = model;
        dataset = new DatasetView(model.dataset(), this::window);
        form = new ExperimentFormView(model.form());
        runControl = new RunControlView(model.runControl(), this::window, this::exportTo);
        preview = new DatasetPreviewView(model.dataset());
        partition = new PartitionView(model.form(), model.dataset().regressionProperty());
        curves = new CurvesView(model.curves());
        welcome = new WelcomeView(model.welcome());
        root.getStyleClass().add("trainer");
        SplitPane split = new SplitPane(buildSide(), buildTabs());
        split.setDividerPositions(0.32);
        SplitPane.setResizableWithParent(split.getItems().getFirst(), false);
        root.setCenter(split);
    }

    public Node root() {
        return root;
    }

    private Node buildSide() {
        VBox controls = new VBox(10, welcome.root(), sectionTitle("Dataset"), dataset.root(), form.root());
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
        BorderPane side = new BorderPane(scroll);
        side.setBottom(runControl.root());
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
        Bounds b = content.sceneToLocal(node.localToScene(node.getLayoutBounds()));
        double viewport = scroll.getViewportBounds().getHeight();
        double extra = content.getHeight() - viewport;
        if (b == null || extra <= 0) return;
        double top = scroll.getVvalue() * extra;
        if (b.getMinY() < top) scroll.setVvalue(Math.max(0, b.getMinY() - 8) / extra);
        else if (b.getMaxY() > top + viewport) scroll.setVvalue(Math.min(extra, b.getMaxY() + 8 - viewport) / extra);
    }

    private Node buildTabs() {
        datasetTab.setContent(preview.root());
        datasetTab.setId("trainerDatasetTab");
        partitionTab.setContent(partition.root());
        partitionTab.setId("trainerPartitionTab");
        curvesTab.setContent(curves.root());
        curvesTab.setId("trainerCurvesTab");
        tabs.getTabs().addAll(datasetTab, partitionTab, curvesTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("trainerTabs");
        return tabs;
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    protected void attach(Subscriptions subs) {
        // while the pane was hidden a run may have started (Run menu) or a dataset loaded: show it as if seen live
        if (model.curves().runNumberProperty().get() != seenRun) tabs.getSelectionModel().select(curvesTab);
        else if (model.dataset().datasetProperty().get() != seenDataset) tabs.getSelectionModel().select(datasetTab);
        for (Activatable pane : List.of(welcome, dataset, form, runControl, preview, partition, curves)) {
            pane.activate();
            subs.add(pane::deactivate);
        }
        subs.listen(model.dataset().datasetProperty(), (obs, old, split) -> {
            if (split != null) tabs.getSelectionModel().select(datasetTab);
        });
        subs.listen(model.runningProperty(), (obs, was, now) -> {
            if (now) tabs.getSelectionModel().select(curvesTab);
        });
    }

    @Override
    protected void detached() {
        seenRun = model.curves().runNumberProperty().get();
        seenDataset = model.dataset().datasetProperty().get();
    }

    // ---- actions ----------------------------------------------------------------------------------

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    /**
     * What the welcome's pane links do: the window selects the tab of that name ({@code "timeline"}, {@code "peers"},
     * {@code "ipfs"}, {@code "explorer"}).
     */
    public void setPaneOpener(java.util.function.Consumer<String> opener) {
        welcome.setPaneOpener(opener);
    }

    /** Shows a file chooser and loads the chosen CSV or IDX file. */
    public void chooseFile() {
        dataset.chooseFile();
    }

    /** Shows a directory chooser and loads the chosen image folder. */
    public void chooseFolder() {
        dataset.chooseFolder();
    }

    /**
     * Exports the last run's report as {@code directory/baseName.{json,csv,png}}: the curves are snapshotted here on
     * the FX thread (the Curves tab is shown first so that they are laid out), the files are written off it.
     */
    public void exportTo(Path directory, String baseName) {
        tabs.getSelectionModel().select(curvesTab);
        root.applyCss();
        root.layout();
        Platform.runLater(() -> model.runControl().exportReport(directory, baseName, curves.snapshot()));
    }
}
