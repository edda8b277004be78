package dev.defl.ui.ipfs.store;

import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.CidCell;
import dev.defl.ui.RowSort;
import dev.defl.ui.StyledTextCell;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.ByteText;
import dev.defl.ui.Confirmations;
import dev.defl.ui.names.AddressBook;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The store browser of the IPFS pane: a header with the store statistics, a toolbar (Refresh, Pin, Unpin,
 * filter, Collect garbage…, with slots for the transfer buttons) and the sortable, filterable table of the
 * roots, which takes several rows (Shift/Shortcut+click); its "Encrypted for" column shows a padlock and the
 * recipients of each encrypted root (read from the envelope header when the store is listed, in the background). Unpin and GC ask for confirmation first.
 * Binds to {@link StoreViewModel} in {@link #attach}.
 */
public final class StoreView {

    private final StoreViewModel model;
    private final Supplier<Window> window;
    private final Label stats = new Label();
    private final TextField filter = new TextField();
    private final TableView<PinRow> table = new TableView<>();
    private final Button refreshButton = new Button("Refresh");
    private final Button pinButton = new Button("Pin");
    private final Button unpinButton = new Button("Unpin");
    private final Button gcButton = new Button("Collect garbage…");
    private final HBox header;
    private final HBox toolbar;
    private final BooleanBinding noSelection;

    /**
     * @param addButton    shown first in the toolbar (adds files)
     * @param exportButton shown after Unpin (exports the selected root)
     * @param window       the window dialogs belong to, or null
     */
    public StoreView(StoreViewModel model, Node addButton, Node exportButton, Supplier<Window> window) {
        this(model, addButton, exportButton, window, AddressBook.none());
    }

    /**
     * @param addButton    shown first in the toolbar (adds files)
     * @param exportButton shown after Unpin (exports the selected root)
     * @param window       the window dialogs belong to, or null
     * @param book         names the recipients of encrypted roots in the "Encrypted for" column
     */
    public StoreView(StoreViewModel model, Node addButton, Node exportButton, Supplier<Window> window, AddressBook book) {
        this.model = model;
        this.window = window;
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        noSelection = table.getSelectionModel().selectedItemProperty().isNull();

        Label title = new Label("IPFS store");
        title.getStyleClass().add("pane-title-small");
        stats.setId("ipfsStats");
        stats.getStyleClass().addAll("muted", "ipfs-stats");
        header = new HBox(14, title, stats);
        header.setAlignment(Pos.BASELINE_LEFT);

        refreshButton.setId("ipfsRefreshButton");
        refreshButton.setOnAction(e -> model.refresh());
        pinButton.setId("ipfsPinButton");
        pinButton.setTooltip(new Tooltip("Pin the selected root recursively"));
        pinButton.setOnAction(e -> selected().ifPresent(model::pin));
        unpinButton.setId("ipfsUnpinButton");
        unpinButton.setTooltip(new Tooltip("Unpin the selected root (Delete); its blocks go at the next GC"));
        unpinButton.setOnAction(e -> confirmUnpin());
        gcButton.setId("ipfsGcButton");
        gcButton.setOnAction(e -> confirmGc());
        gcButton.getStyleClass().add("danger");
        filter.setId("ipfsFilter");
        filter.setPromptText("Filter by name, CID, pin, codec (Ctrl+F)");
        filter.setPrefColumnCount(24);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        toolbar = new HBox(8, addButton, refreshButton, pinButton, unpinButton, exportButton, spacer, filter, gcButton);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        table.setId("ipfsTable");
        table.setPlaceholder(new Label("No pinned roots yet. Drop files or folders here, or use Add file…"));
        TableColumn<PinRow, String> name = column("Name", 290, PinRow::name);
        name.setId("ipfsNameColumn");
        name.setCellFactory(c -> new NameCell());
        name.setComparator(NameOrder.INSTANCE);
        table.getColumns().add(name);
        // by name at first: a run's models, updates and spec together, in round order; unnamed roots last
        table.getSortOrder().add(name);
        TableColumn<PinRow, String> cid = column("CID", 150, PinRow::cid);
        cid.setCellFactory(c -> new CidCell<>());
        // CIDs, pin modes and codecs are ASCII: plain order; the default comparator of a text column goes through the
        // locale's collator, about 1 µs a comparison (a sort of 10,000 rows took seconds on the UI thread)
        cid.setComparator(Comparator.naturalOrder());
        table.getColumns().add(cid);
        TableColumn<PinRow, Number> size = column("Size", 90, r -> (Number) r.sizeBytes());
        size.setCellFactory(c -> new SizeCell());
        table.getColumns().add(size);
        TableColumn<PinRow, String> pin = column("Pin", 84, PinRow::pinMode);
        pin.setCellFactory(c -> new StyledTextCell<>("pin-", Function.identity(), mode -> switch (mode) {
            case PinRow.FETCHED -> FETCHED_TIP;
            case PinRow.UNPINNED -> UNPINNED_TIP;
            default -> null;
        }));
        pin.setComparator(Comparator.naturalOrder());
        table.getColumns().add(pin);
        TableColumn<PinRow, String> codec = column("Codec", 70, PinRow::codec);
        codec.setComparator(Comparator.naturalOrder());
        table.getColumns().add(codec);
        TableColumn<PinRow, List<String>> encrypted = column("Encrypted for", 190, PinRow::encryptedFor);
        encrypted.setId("ipfsEncryptedForColumn");
        encrypted.setCellFactory(c -> new EncryptedForCell<>(book, model.ownAccounts()));
        // plain content first, then by number of recipients, then by the first recipient's address
        encrypted.setComparator(Comparator.<List<String>>comparingInt(List::size)
                .thenComparing(l -> l.isEmpty() ? "" : l.getFirst()));
        table.getColumns().add(encrypted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // set once, not per attach, so the selection survives leaving the tab; the order too: a comparator bound anew
        // at each attach re-sorted every row each time the tab was shown
        table.setItems(model.rows());
        model.rows().comparatorProperty().bind(RowSort.order(table));
    }

    private static <T> TableColumn<PinRow, T> column(String title, double width, Function<PinRow, T> value) {
        TableColumn<PinRow, T> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        RowSort.key(col, value); // sorts by the row's value, not by making a cell value per comparison
        col.setPrefWidth(width);
        return col;
    }

    /** The title and statistics line. */
    public Node header() {
        return header;
    }

    /** The toolbar. */
    public Node toolbar() {
        return toolbar;
    }

    /** The table of roots. */
    public Node table() {
        return table;
    }

    /** The selected row (the last one clicked), if any. */
    public Optional<PinRow> selected() {
        return Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    /** The selected row (the last one clicked). */
    public ReadOnlyObjectProperty<PinRow> selectedProperty() {
        return table.getSelectionModel().selectedItemProperty();
    }

    /** Every selected row. */
    public ObservableList<PinRow> selectedRows() {
        return table.getSelectionModel().getSelectedItems();
    }

    /** True while no row is selected. */
    public BooleanBinding noSelection() {
        return noSelection;
    }

    /** Focuses the filter field and selects its text. */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    /** Whether the table has the keyboard focus. */
    public boolean tableFocused() {
        return table.isFocused();
    }

    /** Binds to the view-model, recording each undo in {@code s}. */
    public void attach(Subscriptions s) {
        s.bindBidirectional(filter.textProperty(), model.filterProperty());
        s.bind(stats.textProperty(), model.statsProperty());
        s.listen(model.namesRevisionProperty(), (obs, old, now) -> model.applyNames());
        s.add(model.watchPins()); // while shown, the list follows pins added by runs and other panes
        var pinned = Bindings.createBooleanBinding(() -> selected().map(PinRow::pinned).orElse(false),
                table.getSelectionModel().selectedItemProperty());
        s.bind(pinButton.disableProperty(), noSelection.or(pinned));
        s.bind(unpinButton.disableProperty(), noSelection.or(pinned.not()));
    }

    /** Asks, then unpins the selected row if it is pinned. */
    public void confirmUnpin() {
        selected().filter(PinRow::pinned).ifPresent(row -> {
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                    "Unpin " + row.cid() + (row.name().isEmpty() ? "" : " (" + row.name() + ")")
                            + "?\n\nIts blocks stay until the next garbage collection, which deletes them.",
                    ButtonType.OK, ButtonType.CANCEL);
            alert.initOwner(window.get());
            alert.setTitle("Unpin");
            alert.setHeaderText("Unpin this root?");
            alert.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> model.unpin(row));
        });
    }

    private void confirmGc() {
        Alert alert = gcConfirmation();
        alert.initOwner(window.get());
        alert.showAndWait().filter(Confirmations::isAction).ifPresent(b -> model.gc());
    }

    /** The garbage collection's confirmation (not shown): Cancel is the default button, so Enter deletes nothing. */
    static Alert gcConfirmation() {
        return Confirmations.destructive("Collect garbage", "Delete all unpinned blocks?",
                "Garbage collection permanently deletes every block that no pin protects, including content "
                        + "you unpinned or added unpinned. This cannot be undone.", "Delete unpinned blocks");
    }

    /** A root's name, or a grey "—" for a root nothing names (the tooltip says why). */
    private static final class NameCell extends TableCell<PinRow, String> {
        /** This cell's tooltip, re-texted as the cell shows another row (scrolling makes no new ones). */
        private final Tooltip tip = new Tooltip();

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            boolean unnamed = !empty && name != null && name.isEmpty();
            // a style class change re-applies CSS to the cell: only when it changes
            if (unnamed != getStyleClass().contains("muted")) {
                if (unnamed) getStyleClass().add("muted");
                else getStyleClass().remove("muted");
            }
            if (empty || name == null) {
                setText(null);
                setTooltip(null);
            } else if (unnamed) {
                setText("—");
                setTooltip(UNNAMED_TIP);
            } else {
                setText(name);
                tip.setText(name);
                setTooltip(tip);
            }
        }
    }

    private static final Tooltip UNNAMED_TIP = new Tooltip(
            "Not added by a recorded run or through this pane, so nothing names it.");

    /** Bytes in binary units, right-aligned; "—" for an unreadable root. */
    private static final class SizeCell extends TableCell<PinRow, Number> {
        SizeCell() {
            getStyleClass().add("size-cell");
        }

        @Override
        protected void updateItem(Number size, boolean empty) {
            super.updateItem(size, empty);
            setText(empty || size == null ? null : size.longValue() < 0 ? "—" : ByteText.human(size.longValue()));
        }
    }

    private static final Tooltip FETCHED_TIP = new Tooltip(
            "Read through the network endpoints and kept in the store unpinned (as kubo keeps fetched blocks).\n"
                    + "The next garbage collection deletes it; Pin keeps it (fetching any blocks still missing).");
    private static final Tooltip UNPINNED_TIP = new Tooltip("Unpinned; its blocks go at the next garbage collection.");
}
