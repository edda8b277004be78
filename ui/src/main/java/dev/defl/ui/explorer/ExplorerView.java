package dev.defl.ui.explorer;

import dev.defl.ui.AgeCell;
import dev.defl.ui.CidCell;
import dev.defl.ui.CidText;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.MenuItem;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import java.time.Instant;

import java.util.function.Function;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.AddressCell;
import dev.defl.ui.names.AddressMenu;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Chain explorer pane: a search bar (block number, tx hash, address or CID; Ctrl+F), the newest
 * blocks (live, polled every second while the pane is shown), the selected block's transactions,
 * and a detail tree of the selected transaction with its call, receipt and events decoded. CIDs,
 * blocks, transactions and addresses in the tree are links (click, or Enter on the row).
 */
public final class ExplorerView extends ActivatablePane {

    private final ExplorerViewModel model;
    private final BorderPane root = new BorderPane();
    private final TableView<BlockRow> blockTable = new TableView<>();
    private final TableView<TxRow> txTable = new TableView<>();
    private final TreeTableView<DetailNode> detailTree = new TreeTableView<>();
    private final ChangeListener<BlockRow> blockSelection;
    private final ChangeListener<TxRow> txSelection;
    /** Names the senders, recipients and account links; its changes redraw the tables. */
    private final AddressBook book;
    private final ChangeListener<Number> relabel;

    /** The pane without an address book: addresses show as they are. */
    public ExplorerView(ExplorerViewModel model) {
        this(model, AddressBook.none());
    }

    /** The pane naming addresses from {@code book} (right-click an address to set its label). */
    public ExplorerView(ExplorerViewModel model, AddressBook book) {
        this.model = model;
        this.book = book;
        this.relabel = (obs, old, now) -> {
            txTable.refresh();
            detailTree.refresh();
        };
        root.setId("explorerPane");

        TextField search = new TextField();
        search.setId("explorerSearch");
        search.setPromptText("Block number, transaction or block hash, address, CID, or \"task N\"");
        search.textProperty().bindBidirectional(model.searchTextProperty());
        search.setOnAction(e -> model.search());
        HBox.setHgrow(search, Priority.ALWAYS);
        Button go = new Button("Search");
        go.setId("explorerSearchButton");
        go.setOnAction(e -> model.search());
        Button state = new Button("Tasks");
        state.setId("explorerTasksButton");
        state.setTooltip(new Tooltip("The contract state: tasks, participants, rounds, proposals and votes"));
        state.setOnAction(e -> model.openContractState());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.busyProperty());
        Label head = new Label();
        head.setId("explorerHead");
        head.textProperty().bind(model.headProperty());
        HBox bar = new HBox(8, search, go, state, busy, head);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));

        Label error = new Label();
        error.setId("explorerError");
        error.setStyle("-fx-text-fill: #b00020;");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        VBox top = new VBox(bar, error);
        VBox.setMargin(error, new Insets(0, 8, 6, 8));
        root.setTop(top);

        blockTable.setId("explorerBlocks");
        blockTable.setItems(model.blocks());
        blockTable.setPlaceholder(new Label("Blocks appear here when the chain answers."));
        blockTable.getColumns().add(column("Block", 70, b -> "#" + b.number()));
        TableColumn<BlockRow, Instant> age = new TableColumn<>("Age");
        age.setPrefWidth(84);
        age.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().timestamp()));
        age.setCellFactory(c -> new AgeCell<>());
        blockTable.getColumns().add(age);
        blockTable.getColumns().add(column("Txs", 44, b -> String.valueOf(b.txCount())));
        blockTable.getColumns().add(column("Gas used", 90, BlockRow::gasUsed));
        blockTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        blockSelection = (obs, old, b) -> {
            if (b != null) model.openBlock(b.number());
        };
        // the details follow the selection: a click on the selected block shows it again after a tx or a search
        blockTable.setOnMouseClicked(e -> {
            BlockRow b = blockTable.getSelectionModel().getSelectedItem();
            if (b != null && !model.detailsShowBlock(b.number())) model.openBlock(b.number());
        });

        txTable.setId("explorerTransactions");
        txTable.setItems(model.transactions());
        txTable.setPlaceholder(new Label("Select a block to list its transactions."));
        txTable.getColumns().add(hashColumn("Transaction", "transaction hash", 110, TxRow::hash));
        txTable.getColumns().add(column("Method", 96, TxRow::method));
        TableColumn<TxRow, String> from = column("From", 110, TxRow::from);
        from.setCellFactory(c -> new AddressCell<>(book));
        txTable.getColumns().add(from);
        TableColumn<TxRow, String> to = column("To", 110, TxRow::to);
        to.setCellFactory(c -> new AddressCell<>(book));
        txTable.getColumns().add(to);
        txTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        txSelection = (obs, old, t) -> {
            if (t != null) model.openTx(t.hash());
        };

        detailTree.setId("explorerDetails");
        detailTree.setShowRoot(true);
        detailTree.setPlaceholder(new Label("Select a transaction, or search."));
        TreeTableColumn<DetailNode, DetailNode> field = new TreeTableColumn<>("Field");
        field.setPrefWidth(180);
        field.setMaxWidth(260);
        field.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        field.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(DetailNode node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : node.field());
            }
        });
        TreeTableColumn<DetailNode, DetailNode> value = new TreeTableColumn<>("Value");
        value.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue().getValue()));
        value.setCellFactory(c -> new ValueCell());
        detailTree.getColumns().add(field);
        detailTree.getColumns().add(value);
        detailTree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        detailTree.setOnKeyPressed(e -> {
            TreeItem<DetailNode> item = detailTree.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && item != null && item.getValue().link() != null) {
                model.follow(item.getValue().link());
            }
        });
        model.detailsProperty().addListener((obs, old, node) -> detailTree.setRoot(node == null ? null : item(node)));

        SplitPane split = new SplitPane(titled("Blocks", blockTable), titled("Transactions", txTable),
                titled("Details", detailTree));
        // the transactions' From and To name accounts ("run 2 · client 1"): room for them
        split.setDividerPositions(0.2, 0.53);
        root.setCenter(split);
        root.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)
                    || new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN).match(e)) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            }
        });
    }

    private static Node titled(String title, Region content) {
        Label label = new Label(title);
        label.getStyleClass().add("pane-title-small");
        VBox box = new VBox(4, label, content);
        box.setPadding(new Insets(0, 4, 4, 4));
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    private static TreeItem<DetailNode> item(DetailNode node) {
        TreeItem<DetailNode> item = new TreeItem<>(node);
        for (DetailNode child : node.children()) {
            item.getChildren().add(item(child));
        }
        item.setExpanded(true);
        return item;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> constant(text.apply(cell.getValue())));
        return c;
    }

    /** A column of hashes: middle-ellipsis, full value on hover, "Copy {@code what}" in the context menu. */
    private static <T> TableColumn<T, String> hashColumn(String title, String what, double width, Function<T, String> text) {
        TableColumn<T, String> c = column(title, width, text);
        c.setCellFactory(col -> new CidCell<>(what));
        return c;
    }

    private static ObservableValue<String> constant(String s) {
        return new ReadOnlyStringWrapper(s);
    }

    /** A value: a link when it leads somewhere, else selectable text with a tooltip for long values. */
    private final class ValueCell extends TreeTableCell<DetailNode, DetailNode> {
        ValueCell() {
            // a value too long for the column (a hash, a call) keeps its start and its end
            setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        }

        @Override
        protected void updateItem(DetailNode node, boolean empty) {
            super.updateItem(node, empty);
            setText(null);
            setGraphic(null);
            setTooltip(null);
            setStyle("");
            setContextMenu(null);
            if (empty || node == null) {
                return;
            }
            if (node.link() instanceof DetailNode.Link.ToAddress(String address)) {
                // an account: its label first, the address after it (a link to the account)
                String label = book.label(address);
                Hyperlink link = new Hyperlink(label.isEmpty() ? node.value() : label + "  ·  " + node.value());
                link.setOnAction(e -> model.follow(node.link()));
                link.setFocusTraversable(false);
                link.setContextMenu(AddressMenu.of(book, () -> address));
                setGraphic(link);
                setTooltip(new Tooltip(book.describe(address)));
                return;
            } else if (node.link() != null) {
                Hyperlink link = new Hyperlink(node.value());
                link.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
                link.setMinWidth(0);
                link.setOnAction(e -> model.follow(node.link()));
                link.setFocusTraversable(false);
                setGraphic(link);
            } else {
                setText(node.value());
                if ("Status".equals(node.field()) || "Revert".equals(node.field())) {
                    setStyle("Success".equals(node.value()) ? "-fx-text-fill: #1b7f3b; -fx-font-weight: bold;"
                            : "-fx-text-fill: #b00020; -fx-font-weight: bold;");
                }
            }
            if (node.value().length() > 36) {
                setTooltip(new Tooltip(node.value()));
            }
            MenuItem copy = new MenuItem("Copy");
            copy.setOnAction(e -> CidText.copy(node.value()));
            setContextMenu(new ContextMenu(copy));
        }
    }

    /** The pane's root node. */
    public Node root() {
        return root;
    }

    @Override
    protected void attach(Subscriptions subs) {
        subs.listen(blockTable.getSelectionModel().selectedItemProperty(), blockSelection);
        subs.listen(txTable.getSelectionModel().selectedItemProperty(), txSelection);
        subs.listen(book.revisionProperty(), relabel);
        relabel.changed(null, null, null);
        model.startPolling();
        subs.add(model::stopPolling);
        // the blocks' ages move on while the pane is shown
        Timeline ages = new Timeline(new KeyFrame(javafx.util.Duration.seconds(15), e -> blockTable.refresh()));
        ages.setCycleCount(Animation.INDEFINITE);
        ages.play();
        subs.add(ages::stop);
    }
}
