package dev.defl.ui.timeline;

import dev.defl.ui.CidText;
import dev.defl.ui.SeriesPalette;
import dev.defl.ui.StyledTextCell;
import dev.defl.ui.CidCell;
import dev.defl.ui.WholeNumbers;

import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.LabelDialog;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Round timeline pane: a task picker (the workspace contract's tasks from the event index), a
 * live table of the task's rounds, the selected round's updates, proposals and votes, and test
 * accuracy per round (0–100 %; a regression round shows its R² in the table and no point). Binds to {@link TimelineViewModel} in {@link #activate()}; reads the
 * event index every {@link TimelineViewModel#REFRESH_PERIOD} between {@link #startRefreshing()} and
 * {@link #stopRefreshing()} (the pane shown / hidden).
 */
public final class TimelineView extends ActivatablePane {

    private final TimelineViewModel model;
    private final BorderPane root = new BorderPane();
    private final ComboBox<TaskSummary> taskPicker = new ComboBox<>();
    private final Label indexError = new Label();
    /** Set while the picker is being aligned with the model, so that its change is not taken for the user's. */
    private boolean syncingPicker;
    private final ChangeListener<TaskSummary> pickerChoice;
    private final ChangeListener<TaskSummary> modelTask = (obs, old, task) -> syncPicker();
    private final ListChangeListener<TaskSummary> taskList = change -> syncPicker();
    private final Label header = new Label();
    private final TableView<RoundRow> table = new TableView<>();
    private final TextArea details = new TextArea();
    private final LineChart<Number, Number> accuracyChart;
    private final NumberAxis roundAxis = new NumberAxis(1, 3, 1);
    private final XYChart.Series<Number, Number> accuracySeries = new XYChart.Series<>();
    private final ListChangeListener<AccuracyPoint> accuracyListener = change -> redrawAccuracy();
    private final ChangeListener<RoundRow> tableSelection;
    private final ChangeListener<Number> plannedRounds = (obs, old, n) -> redrawAccuracy();

    public TimelineView(TimelineViewModel model) {
        this.model = model;
        tableSelection = (obs, old, row) -> model.selectedProperty().set(row);
        pickerChoice = (obs, old, task) -> {
            if (!syncingPicker && task != null) model.selectTask(task.taskId());
        };
        header.setId("timelineHeader");
        header.getStyleClass().add("pane-title-small");

        table.setId("timelineTable");
        table.setPlaceholder(new Label("Rounds appear here while a run is in progress, or pick a task above."));
        table.getColumns().add(column("Round", 64, r -> constant(String.valueOf(r.round()))));
        TableColumn<RoundRow, String> state = column("State", 104, r -> Bindings.createStringBinding(
                () -> r.state().label(), r.stateProperty()));
        state.setCellFactory(c -> new StyledTextCell<>("state-"));
        table.getColumns().add(state);
        table.getColumns().add(column("Updates", 80, r -> r.updateCountProperty().asString()));
        TableColumn<RoundRow, String> cid = column("Proposal CID", 190, r -> r.proposalCidProperty());
        cid.setCellFactory(c -> new CidCell<>());
        table.getColumns().add(cid);
        table.getColumns().add(column("Votes", 72, r -> Bindings.createStringBinding(
                () -> r.votesProperty().get() + "/" + r.quorum(), r.votesProperty())));
        table.getColumns().add(column("Finalized block", 120, r -> Bindings.createStringBinding(
                () -> r.finalizedBlockProperty().get() < 0 ? "—" : String.valueOf(r.finalizedBlockProperty().get()),
                r.finalizedBlockProperty())));
        table.getColumns().add(column("Test score", 110, r -> Bindings.createStringBinding(
                () -> testScore(r.testAccuracyProperty().get(), r.testR2Property().get()),
                r.testAccuracyProperty(), r.testR2Property())));
        table.getColumns().add(column("Test loss", 90, r -> Bindings.createStringBinding(
                () -> Double.isNaN(r.testLossProperty().get()) ? "—"
                        : String.format(Locale.ROOT, "%.4f", r.testLossProperty().get()),
                r.testLossProperty())));
        TableColumn<RoundRow, String> screening = column("Screening", 210, r -> Bindings.createStringBinding(
                r::screeningSummary, r.screened()));
        screening.setId("screeningColumn");
        table.getColumns().add(screening);
        TableColumn<RoundRow, String> epsilon = column("ε", 70, r -> Bindings.createStringBinding(
                () -> epsilonText(r.epsilonProperty().get()), r.epsilonProperty()));
        epsilon.setId("epsilonColumn");
        epsilon.visibleProperty().bind(model.privateRunProperty());
        table.getColumns().add(epsilon);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        details.setId("roundDetails");
        details.setEditable(false);
        details.setWrapText(false);
        details.getStyleClass().add("details");
        details.setPromptText("Select a round to see its updates, proposals and votes.");
        details.setContextMenu(detailsMenu(model.addressBook()));

        accuracyChart = new LineChart<>(roundAxis, new NumberAxis(0, 100, 10));
        accuracyChart.setId("accuracyChart");
        accuracyChart.setTitle("Test accuracy per round");
        accuracyChart.setAnimated(false);
        accuracyChart.setLegendVisible(false);
        roundAxis.setLabel("round");
        roundAxis.setAutoRanging(false);
        roundAxis.setMinorTickVisible(false);
        roundAxis.setTickLabelFormatter(WholeNumbers.FROM_ONE);
        accuracyChart.getYAxis().setLabel("accuracy (%)");
        ((NumberAxis) accuracyChart.getYAxis()).setAutoRanging(false);
        accuracySeries.setName("test accuracy");
        accuracyChart.getData().add(accuracySeries);
        SeriesPalette.install(accuracyChart);

        Label detailsTitle = new Label("Round details");
        detailsTitle.getStyleClass().add("section-title");
        VBox detailsBox = new VBox(6, detailsTitle, details);
        VBox.setVgrow(details, javafx.scene.layout.Priority.ALWAYS);
        SplitPane bottom = new SplitPane(detailsBox, accuracyChart);
        bottom.setDividerPositions(0.58);
        SplitPane center = new SplitPane(table, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.4);

        taskPicker.setId("timelineTaskPicker");
        taskPicker.setPromptText("No task on chain yet");
        taskPicker.setPrefWidth(460);
        indexError.setId("timelineIndexError");
        indexError.getStyleClass().add("error");
        Label pickerLabel = new Label("Task");
        HBox picker = new HBox(8, pickerLabel, taskPicker, indexError);
        picker.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        root.setTop(new VBox(6, header, picker));
        root.setCenter(center);
        root.getStyleClass().addAll("timeline", "content-panel");
    }

    /**
     * The details' menu: Copy, Select all and, on a line with an account address (the selection's, or the caret's
     * line), "Set label of …".
     */
    private javafx.scene.control.ContextMenu detailsMenu(AddressBook book) {
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy");
        copy.setOnAction(e -> details.copy());
        javafx.scene.control.MenuItem all = new javafx.scene.control.MenuItem("Select all");
        all.setOnAction(e -> details.selectAll());
        javafx.scene.control.MenuItem label = new javafx.scene.control.MenuItem("Set label…");
        label.setId("detailsSetLabelItem");
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(copy, all);
        if (book.editable()) menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), label);
        String[] target = new String[1];
        menu.setOnShowing(e -> {
            target[0] = addressAt(details.getText(), details.getSelection().getLength() > 0
                    ? details.getSelection().getStart() : details.getCaretPosition());
            label.setDisable(target[0] == null);
            label.setText(target[0] == null ? "Set label… (put the caret on an address)"
                    : "Set label of " + book.display(target[0]) + "…");
        });
        label.setOnAction(e -> {
            if (target[0] != null) LabelDialog.edit(root.getScene() == null ? null : root.getScene().getWindow(), book, target[0]);
        });
        return menu;
    }

    /** The first account address on the line of {@code text} holding {@code position}, or null. */
    static String addressAt(String text, int position) {
        if (text == null || text.isEmpty()) return null;
        int p = Math.max(0, Math.min(position, text.length()));
        int start = text.lastIndexOf('\n', p - 1) + 1;
        int end = text.indexOf('\n', p);
        java.util.regex.Matcher m = ADDRESS.matcher(text.substring(start, end < 0 ? text.length() : end));
        return m.find() ? m.group() : null;
    }

    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("0x[0-9a-fA-F]{40}(?![0-9a-fA-F])");

    private static TableColumn<RoundRow, String> column(String title, double width,
                                                        Function<RoundRow, ObservableValue<String>> value) {
        TableColumn<RoundRow, String> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> value.apply(c.getValue()));
        col.setPrefWidth(width);
        col.setSortable(false);
        return col;
    }

    private static ObservableValue<String> constant(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    public Node root() {
        return root;
    }

    @Override
    protected void attach(Subscriptions subs) {
        table.setItems(model.rows());
        subs.add(() -> table.setItems(null));
        // hashes in the header (the contract) shortened; the whole line on hover, each hash copyable
        subs.bind(header.textProperty(), Bindings.createStringBinding(
                () -> CidText.shortenHashesIn(model.headerProperty().get()), model.headerProperty()));
        subs.listen(model.headerProperty(), (obs, old, text) -> describeHeader(text));
        describeHeader(model.headerProperty().get());
        subs.bind(details.textProperty(), model.detailsProperty());
        subs.listen(table.getSelectionModel().selectedItemProperty(), tableSelection);
        subs.listen(model.accuracy(), accuracyListener);
        subs.listen(model.plannedRoundsProperty(), plannedRounds);
        taskPicker.setItems(model.tasks());
        subs.add(() -> taskPicker.setItems(null));
        subs.bind(indexError.textProperty(), model.indexErrorProperty());
        subs.listen(model.tasks(), taskList);
        subs.listen(model.selectedTaskProperty(), modelTask);
        subs.listen(taskPicker.valueProperty(), pickerChoice);
        syncPicker();
        redrawAccuracy();
        subs.add(this::stopRefreshing); // undone first: no read after the pane is unbound
    }

    /**
     * Reads the event index now and every {@link TimelineViewModel#REFRESH_PERIOD} until {@link #stopRefreshing()}.
     */
    public void startRefreshing() {
        model.startRefreshing();
    }

    /** Stops reading the event index (the pane is hidden). */
    public void stopRefreshing() {
        model.stopRefreshing();
    }

    /** Shows the model's task in the picker (summaries are replaced on each read: match by id). */
    private void syncPicker() {
        TaskSummary task = model.selectedTaskProperty().get();
        TaskSummary item = task == null ? null : taskPicker.getItems().stream()
                .filter(t -> t.taskId() == task.taskId()).findFirst().orElse(null);
        if (taskPicker.getValue() == item) return;
        syncingPicker = true;
        try {
            taskPicker.setValue(item);
        } finally {
            syncingPicker = false;
        }
    }

    /** DP ε of a round, {@code "3.89"}, {@code "∞"} for noise multiplier 0, or a dash when not known. */
    static String epsilonText(double eps) {
        if (Double.isNaN(eps)) return "—";
        return Double.isInfinite(eps) ? "∞" : String.format(Locale.ROOT, "%.2f", eps);
    }

    /** {@code "91.20 %"}, for a regression round {@code "R² 0.760"}, or a dash before (or without) an evaluation. */
    static String testScore(double accuracy, double r2) {
        if (!Double.isNaN(accuracy)) return String.format(Locale.ROOT, "%.2f %%", 100 * accuracy);
        if (!Double.isNaN(r2)) return String.format(Locale.ROOT, "R² %.3f", r2);
        return "—";
    }

    private void describeHeader(String text) {
        header.setTooltip(text == null || text.isEmpty() ? null : new javafx.scene.control.Tooltip(text));
        List<String> hashes = CidText.hashesIn(text);
        if (hashes.isEmpty()) {
            header.setContextMenu(null);
            return;
        }
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
        for (String h : hashes) {
            javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy " + CidText.shorten(h));
            copy.setOnAction(e -> CidText.copy(h));
            menu.getItems().add(copy);
        }
        header.setContextMenu(menu);
    }

    private void redrawAccuracy() {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        int last = Math.max(2, model.plannedRoundsProperty().get());
        for (AccuracyPoint p : model.accuracy()) {
            points.add(new XYChart.Data<>(p.round(), p.percent()));
            last = Math.max(last, p.round());
        }
        roundAxis.setLowerBound(0);
        roundAxis.setUpperBound(last + 0.5);
        roundAxis.setTickUnit(Math.max(1, Math.ceil(last / 10.0)));
        accuracySeries.getData().setAll(points);
        for (XYChart.Data<Number, Number> d : points) {
            if (d.getNode() != null) {
                javafx.scene.control.Tooltip.install(d.getNode(), new javafx.scene.control.Tooltip(String.format(
                        Locale.ROOT, "round %d · test accuracy %.2f %%", d.getXValue().intValue(), d.getYValue().doubleValue())));
            }
        }
        accuracyChart.requestLayout(); // see TrainerView.redrawCurves: new points alone may not lay the chart out
    }
}
