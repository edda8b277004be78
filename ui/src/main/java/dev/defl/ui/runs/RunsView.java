package dev.defl.ui.runs;

import dev.defl.ui.names.AddressBook;

import dev.defl.ui.StyledTextCell;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Runs pane: every run of the data directory's run database in a sortable, filterable table (name editable in
 * place), the selected runs compared below ({@link RunsCompareView}), and rename (F2), delete (Delete key, confirmed,
 * with Undo in the notice bar) and CSV export. Bound to {@link RunsViewModel} while its tab is shown, which is when
 * it reads the database.
 */
public final class RunsView extends ActivatablePane {
    private static final KeyCombination SELECT_ALL = KeyCombination.keyCombination("Shortcut+A");

    private final RunsViewModel model;
    private final BorderPane root = new BorderPane();
    private final TextField filter = new TextField();
    private final TableView<RunRow> table = new TableView<>();
    private final SortedList<RunRow> sorted;
    private final TableColumn<RunRow, String> nameColumn = new TableColumn<>("Name");
    private final Label placeholder = new Label();
    private final Button rename = new Button("Rename");
    private final Button delete = new Button("Delete…");
    private final Button export = new Button("Export CSV…");
    private final Label notice = new Label();
    private final Button undo = new Button("Undo");
    private final HBox noticeBar;
    private final Label error = new Label();
    private final RunsCompareView compare;
    private final ListChangeListener<RunRow> selectionChanged = c -> pushSelection();

    /** A Runs pane without an address book (participants shown by address). */
    public RunsView(RunsViewModel model) {
        this(model, AddressBook.none());
    }

    /** A Runs pane whose Participants tab names accounts from {@code book}. */
    public RunsView(RunsViewModel model, AddressBook book) {
        this.model = Objects.requireNonNull(model, "model");
        compare = new RunsCompareView(model, book);
        sorted = new SortedList<>(model.filteredRuns());

        filter.setId("runsFilter");
        filter.setPromptText("Filter by name, dataset, model, strategy or status");
        filter.setPrefColumnCount(30);
        rename.setId("runsRename");
        rename.setTooltip(new Tooltip("Rename the selected run (F2)"));
        rename.setOnAction(e -> startRename());
        delete.setId("runsDelete");
        delete.setTooltip(new Tooltip("Delete the selected runs (Delete); undo is offered until the window closes"));
        delete.setOnAction(e -> confirmDelete());
        export.setId("runsExport");
        export.setTooltip(new Tooltip("Write the selected run's rounds to a CSV file"));
        export.setOnAction(e -> chooseExport());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox toolbar = new HBox(8, filter, grow, rename, delete, export);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(6, 8, 6, 8));
        HBox.setHgrow(filter, Priority.SOMETIMES);

        notice.setId("runsNotice");
        undo.setId("runsUndo");
        undo.setOnAction(e -> model.undo());
        Button dismiss = new Button("✕");
        dismiss.setId("runsDismissNotice");
        dismiss.getStyleClass().add("runs-dismiss");
        dismiss.setOnAction(e -> model.dismissNotice());
        noticeBar = new HBox(10, notice, undo, dismiss);
        noticeBar.setAlignment(Pos.CENTER_LEFT);
        noticeBar.setId("runsNoticeBar");
        noticeBar.getStyleClass().add("runs-notice");
        noticeBar.managedProperty().bind(noticeBar.visibleProperty());
        undo.managedProperty().bind(undo.visibleProperty());
        error.setId("runsError");
        error.getStyleClass().add("error-text");
        error.managedProperty().bind(error.visibleProperty());
        error.setPadding(new Insets(0, 8, 4, 8));

        buildTable();
        SplitPane split = new SplitPane(table, compare.root());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.36);
        root.setTop(new VBox(toolbar, error));
        root.setCenter(split);
        root.setBottom(noticeBar);
        root.setId("runsPane");
        root.getStylesheets().add(Objects.requireNonNull(RunsView.class.getResource("runs.css"), "runs.css").toExternalForm());
    }

    /** The pane's node. */
    public Node root() {
        return root;
    }

    private void buildTable() {
        table.setId("runsTable");
        table.setEditable(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        placeholder.getStyleClass().add("placeholder-text");
        table.setPlaceholder(placeholder);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        nameColumn.setCellValueFactory(c -> c.getValue().nameProperty());
        nameColumn.setCellFactory(TextFieldTableCell.forTableColumn());
        nameColumn.setOnEditCommit(e -> {
            nameColumn.setEditable(false);
            model.rename(e.getRowValue().id(), e.getNewValue());
            // the cell shows what was typed until the database says otherwise; a refused name goes back at once
            if (e.getNewValue() == null || e.getNewValue().isBlank()) javafx.application.Platform.runLater(table::refresh);
        });
        nameColumn.setOnEditCancel(e -> nameColumn.setEditable(false));
        nameColumn.setEditable(false); // only through startRename (F2, double-click, the menu), not by clicking a selected row
        table.setRowFactory(t -> {
            TableRow<RunRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) startRename();
            });
            return row;
        });
        nameColumn.setPrefWidth(150);
        table.getColumns().add(nameColumn);
        TableColumn<RunRow, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        status.setCellFactory(c -> new StyledTextCell<>("run-status-"));
        status.setPrefWidth(84);
        table.getColumns().add(status);
        table.getColumns().add(text("Dataset", 96, RunRow::datasetProperty));
        table.getColumns().add(text("Model", 72, RunRow::modelProperty));
        table.getColumns().add(text("Strategy", 92, RunRow::strategyProperty));
        table.getColumns().add(sortedBy("Rounds", 70, RunRow::roundsProperty, Comparator.comparingInt(RunRow::roundsDone), null));
        table.getColumns().add(sortedBy("Best", 88, RunRow::bestProperty, Comparator.comparingDouble(r -> r.score(true)),
                r -> "Best round's test accuracy (lowest RMSE for regression)"));
        table.getColumns().add(sortedBy("Final", 88, RunRow::finalProperty, Comparator.comparingDouble(r -> r.score(false)),
                r -> "Last finalized round's test accuracy (RMSE for regression)"));
        table.getColumns().add(sortedBy("Duration", 88, RunRow::durationProperty,
                Comparator.comparing(RunRow::durationValue, Comparator.nullsFirst(Comparator.naturalOrder())), null));
        table.getColumns().add(sortedBy("Started", 110, RunRow::ageProperty,
                Comparator.comparing(r -> r.startedAtProperty().get(), Comparator.nullsFirst(Comparator.naturalOrder())),
                RunRow::startedText));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        // no accelerators: a context menu's would act anywhere in the window (the keys are handled by the table)
        MenuItem renameItem = new MenuItem("Rename\tF2");
        renameItem.setOnAction(e -> startRename());
        MenuItem deleteItem = new MenuItem("Delete…\tDel");
        deleteItem.setOnAction(e -> confirmDelete());
        MenuItem exportItem = new MenuItem("Export CSV…");
        exportItem.setOnAction(e -> chooseExport());
        table.setContextMenu(new ContextMenu(renameItem, deleteItem, new SeparatorMenuItem(), exportItem));
        table.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    }

    private void onKey(KeyEvent e) {
        if (table.getEditingCell() != null) return; // the name editor handles its own keys
        if (e.getCode() == KeyCode.DELETE) {
            confirmDelete();
            e.consume();
        } else if (e.getCode() == KeyCode.F2) {
            startRename();
            e.consume();
        } else if (SELECT_ALL.match(e)) {
            table.getSelectionModel().selectAll();
            e.consume();
        }
    }

    @Override
    protected void attach(Subscriptions subs) {
        subs.bindBidirectional(filter.textProperty(), model.filterProperty());
        subs.bind(placeholder.textProperty(), model.placeholderProperty());
        subs.bind(notice.textProperty(), model.noticeProperty());
        subs.bind(noticeBar.visibleProperty(), model.noticeProperty().isNotEmpty());
        subs.bind(undo.visibleProperty(), model.undoAvailableProperty());
        subs.bind(error.textProperty(), model.errorProperty());
        subs.bind(error.visibleProperty(), model.errorProperty().isNotEmpty());
        var none = javafx.beans.binding.Bindings.isEmpty(table.getSelectionModel().getSelectedItems());
        var notOne = javafx.beans.binding.Bindings.size(table.getSelectionModel().getSelectedItems()).isNotEqualTo(1);
        subs.bind(rename.disableProperty(), notOne);
        subs.bind(delete.disableProperty(), none);
        subs.bind(export.disableProperty(), notOne);
        subs.listen(table.getSelectionModel().getSelectedItems(), selectionChanged);
        compare.attach(subs);
        model.start();
        subs.add(model::stop);
        pushSelection();
    }

    private void pushSelection() {
        model.select(table.getSelectionModel().getSelectedItems().stream().filter(Objects::nonNull).map(RunRow::id).toList());
    }

    /** Starts editing the selected run's name in place. */
    public void startRename() {
        int index = table.getSelectionModel().getSelectedIndex();
        if (index < 0 || table.getSelectionModel().getSelectedItems().size() != 1) return;
        table.requestFocus();
        nameColumn.setEditable(true);
        table.edit(index, nameColumn);
    }

    /** Asks (Cancel is the default button), then deletes the selected runs; the notice bar offers Undo. */
    public void confirmDelete() {
        List<RunRow> chosen = List.copyOf(table.getSelectionModel().getSelectedItems());
        if (chosen.isEmpty()) return;
        ButtonType deleteButton = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        String what = chosen.size() == 1 ? "“" + chosen.getFirst().nameProperty().get() + "”" : chosen.size() + " runs";
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "Delete " + what + " from the run history? Its rounds, curves and parameters go with it; "
                        + "you can undo this until the window closes.", deleteButton, ButtonType.CANCEL);
        alert.initOwner(window());
        alert.setTitle("Delete runs");
        alert.setHeaderText("Delete " + what + "?");
        ((Button) alert.getDialogPane().lookupButton(deleteButton)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        alert.showAndWait().filter(b -> b == deleteButton)
                .ifPresent(b -> model.delete(chosen.stream().map(RunRow::id).toList()));
    }

    private void chooseExport() {
        RunRow row = table.getSelectionModel().getSelectedItem();
        if (row == null) return;
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the rounds of " + row.nameProperty().get());
        chooser.setInitialFileName(row.nameProperty().get().replaceAll("[^A-Za-z0-9._-]+", "-") + "-rounds.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        File file = chooser.showSaveDialog(window());
        if (file != null) exportTo(row.id(), file.toPath());
    }

    /** Exports run {@code id}'s rounds to {@code file} (what the file chooser does; for tests and scripting). */
    public void exportTo(long id, Path file) {
        model.exportCsv(id, file);
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private static TableColumn<RunRow, String> text(String title, double width,
                                                   Function<RunRow, ObservableValue<String>> value) {
        TableColumn<RunRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> value.apply(c.getValue()));
        column.setPrefWidth(width);
        return column;
    }

    /** A column showing {@code text} of a row, sorted by {@code order}, with an optional per-row tooltip. */
    private static TableColumn<RunRow, RunRow> sortedBy(String title, double width,
                                                        Function<RunRow, ObservableValue<String>> text,
                                                        Comparator<RunRow> order, Function<RunRow, String> tooltip) {
        TableColumn<RunRow, RunRow> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setComparator(order);
        column.setPrefWidth(width);
        column.setCellFactory(c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(RunRow row, boolean empty) {
                super.updateItem(row, empty);
                textProperty().unbind();
                if (empty || row == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                textProperty().bind(text.apply(row));
                if (tooltip != null) tip.setText(tooltip.apply(row));
                setTooltip(tooltip == null ? null : tip);
            }
        });
        return column;
    }
}
