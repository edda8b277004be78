package dev.defl.ui.peers;

import dev.defl.ui.CidCell;
import dev.defl.ui.CidText;
import dev.defl.ui.RowSort;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.AddressCell;
import dev.defl.ui.names.AddressMenu;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.util.StringConverter;

import java.math.BigInteger;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The Peers pane: the participants of a task (sortable table; Ctrl+C copies the selected address), a round's flow
 * graph (clients → their updates → aggregators → proposed aggregates; solid edges are proposals, dashed ones votes; the
 * finalized aggregate green, a rejected one red), the round's votes matrix and the task's pubsub traffic. Binds to
 * {@link PeersViewModel} in {@link #activate()}; reads the chain every {@link PeersViewModel#REFRESH_PERIOD} between
 * {@link #startRefreshing()} and {@link #stopRefreshing()} (the pane shown / hidden).
 */
public final class PeersView extends ActivatablePane {

    static final Color FINALIZED = Color.web("#137333"), REJECTED = Color.web("#b3261e"),
            PENDING = Color.web("#1f56b8"), CLIENT = Color.web("#8a6100"), AGGREGATOR = Color.web("#7b3fbf"),
            IDLE = Color.web("#9aa2ad"), EDGE = Color.web("#c3c9d2");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PeersViewModel model;
    private final BorderPane root = new BorderPane();
    private final ComboBox<Long> taskPicker = new ComboBox<>();
    private final ComboBox<RoundPicture> roundPicker = new ComboBox<>();
    private final TextField ipfsUrl = new TextField();
    private final Label header = new Label();
    private final Label error = new Label();
    private final Label trafficStatus = new Label();
    private final TableView<ParticipantRow> table = new TableView<>();
    /** Names the participants in the table, the flow graph and the votes matrix. */
    private final AddressBook book;
    private final RoundFlowGraph flowGraph;
    private final Pane flow;
    private final GridPane votes = new GridPane();
    private final ListView<TrafficLine> traffic = new ListView<>();
    private boolean syncingPicker;
    private final ChangeListener<Long> pickerChoice;
    private final ListChangeListener<Long> taskList = change -> syncPicker();
    private final ChangeListener<Number> shownTaskChange = (obs, old, id) -> syncPicker();
    private final ChangeListener<RoundPicture> roundChange = (obs, old, r) -> redraw();
    private final ChangeListener<Number> relabel = (obs, old, now) -> redraw();

    /** The pane without an address book: participants show as addresses. */
    public PeersView(PeersViewModel model) {
        this(model, AddressBook.none());
    }

    /** The pane naming participants from {@code book} (right-click one to set its label). */
    public PeersView(PeersViewModel model, AddressBook book) {
        this.model = model;
        this.book = book;
        this.flowGraph = new RoundFlowGraph(book);
        this.flow = flowGraph.pane();
        pickerChoice = (obs, old, id) -> {
            if (!syncingPicker && id != null) model.selectTask(id);
        };
        header.setId("peersHeader");
        header.getStyleClass().add("pane-title-small");
        error.setId("peersError");
        error.getStyleClass().add("error-text");

        taskPicker.setId("peersTaskPicker");
        taskPicker.setPromptText("No task on chain yet");
        taskPicker.setConverter(converter(id -> "Task " + id));
        ipfsUrl.setId("peersIpfsUrl");
        ipfsUrl.setPromptText("IPFS RPC API URL, e.g. http://127.0.0.1:5001 (empty: off)");
        ipfsUrl.setPrefColumnCount(30);
        ipfsUrl.setOnAction(e -> model.ipfsUrlProperty().set(ipfsUrl.getText()));
        ipfsUrl.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) model.ipfsUrlProperty().set(ipfsUrl.getText());
        });
        HBox controls = new HBox(8, new Label("Task"), taskPicker, new Label("Pubsub from"), ipfsUrl, error);
        controls.setAlignment(Pos.CENTER_LEFT);

        buildTable();

        roundPicker.setId("peersRoundPicker");
        roundPicker.setPromptText("No round yet");
        roundPicker.setConverter(converter(RoundPicture::label));
        flow.setId("peersFlow");
        flow.getStyleClass().add("peers-flow");
        ScrollPane flowScroll = new ScrollPane(flow);
        flowScroll.setFitToWidth(false);
        flowScroll.getStyleClass().add("peers-flow-scroll");
        votes.setId("peersVotes");
        votes.setHgap(10);
        votes.setVgap(4);
        votes.setPadding(new Insets(4, 0, 0, 0));
        Label flowTitle = section("Round flow: clients → updates → aggregators → proposals (dashed: votes)");
        Label votesTitle = section("Votes matrix");
        HBox roundBar = new HBox(8, new Label("Round"), roundPicker);
        roundBar.setAlignment(Pos.CENTER_LEFT);
        ScrollPane votesScroll = new ScrollPane(votes);
        votesScroll.setPrefViewportHeight(110);
        VBox roundBox = new VBox(6, roundBar, flowTitle, flowScroll, votesTitle, votesScroll);
        VBox.setVgrow(flowScroll, Priority.ALWAYS);

        traffic.setId("peersTraffic");
        traffic.setCellFactory(list -> new TrafficCell());
        Label placeholder = new Label("No message on the task's topic yet.");
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("placeholder-text");
        traffic.setPlaceholder(placeholder);
        trafficStatus.setId("peersTrafficStatus");
        trafficStatus.setWrapText(true);
        trafficStatus.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // a long topic wraps, never "…"
        trafficStatus.setMaxWidth(Double.MAX_VALUE);
        trafficStatus.getStyleClass().add("muted");
        VBox trafficBox = new VBox(6, section("Pubsub traffic (newest first)"), trafficStatus, traffic);
        VBox.setVgrow(traffic, Priority.ALWAYS);

        SplitPane bottom = new SplitPane(roundBox, trafficBox);
        bottom.setDividerPositions(0.66);
        SplitPane center = new SplitPane(table, bottom);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.36);

        root.setTop(new VBox(6, header, controls));
        root.setCenter(center);
        root.getStyleClass().addAll("peers", "content-panel");
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    private static <T> StringConverter<T> converter(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }

    private void buildTable() {
        table.setId("peersTable");
        table.setPlaceholder(new Label("Participants appear here once a task is on chain."));
        TableColumn<ParticipantRow, String> name = column("Name", 140, ParticipantRow::address);
        name.setId("peersNameColumn");
        name.setCellFactory(c -> new AddressCell<>(book, true));
        name.setComparator(java.util.Comparator.comparing(book::label));
        table.getColumns().add(name);
        TableColumn<ParticipantRow, String> address = column("Address", 190, ParticipantRow::address);
        address.setCellFactory(c -> new FullAddressCell(book));
        table.getColumns().add(address);
        table.getColumns().add(column("Roles", 100, ParticipantRow::roles));
        TableColumn<ParticipantRow, Boolean> online = column("Online", 80, ParticipantRow::online);
        online.setCellFactory(c -> new OnlineCell());
        table.getColumns().add(online);
        table.getColumns().add(column("Last round", 86, ParticipantRow::lastSeenRound));
        table.getColumns().add(column("Updates", 74, ParticipantRow::updatesSubmitted));
        table.getColumns().add(column("Accepted", 78, ParticipantRow::updatesAccepted));
        table.getColumns().add(column("Proposals", 80, ParticipantRow::proposals));
        table.getColumns().add(column("Votes", 64, ParticipantRow::votes));
        table.getColumns().add(column("Winning votes", 112, ParticipantRow::winningVotes));
        TableColumn<ParticipantRow, Integer> suspected = column("Suspected", 86, ParticipantRow::suspected);
        suspected.setId("peersSuspectedColumn");
        table.getColumns().add(suspected);
        TableColumn<ParticipantRow, BigInteger> rewards = column("Rewards (DFLR)", 132, ParticipantRow::rewardsEarned);
        rewards.setCellFactory(c -> new TableCell<>() {
            /** One tooltip per cell, re-texted as the cell shows another row. */
            private final Tooltip tip = new Tooltip();

            @Override
            protected void updateItem(BigInteger amount, boolean empty) {
                super.updateItem(amount, empty);
                setText(empty || amount == null ? null : PeersViewModel.tokens(amount));
                if (!empty && amount != null) tip.setText(amount + " reward units (18 decimals)");
                setTooltip(empty || amount == null ? null : tip);
            }
        });
        table.getColumns().add(rewards);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        KeyCombination copy = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
        table.setOnKeyPressed(e -> {
            if (copy.match(e) && table.getSelectionModel().getSelectedItem() != null) {
                copyToClipboard(table.getSelectionModel().getSelectedItem().address());
                e.consume();
            }
        });
    }

    /** A "Copy" context menu for a shortened hash's full {@code value}. */
    private static ContextMenu copyMenu(String value) {
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> CidText.copy(value));
        return new ContextMenu(copy);
    }

    private static <T> TableColumn<ParticipantRow, T> column(String title, double width, Function<ParticipantRow, T> value) {
        TableColumn<ParticipantRow, T> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        RowSort.key(col, value); // sorts by the row's value, not by making a cell value per comparison
        col.setPrefWidth(width);
        return col;
    }

    static void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    public Node root() {
        return root;
    }

    @Override
    protected void attach(Subscriptions subs) {
        bindSorted(table, model.peers());
        taskPicker.setItems(model.tasks());
        roundPicker.setItems(model.rounds());
        traffic.setItems(model.traffic());
        subs.add(() -> {
            table.setItems(null);
            taskPicker.setItems(null);
            roundPicker.setItems(null);
            traffic.setItems(null);
        });
        subs.bind(header.textProperty(), model.headerProperty());
        subs.bind(error.textProperty(), model.errorProperty());
        subs.bind(trafficStatus.textProperty(), model.trafficStatusProperty());
        subs.bindBidirectional(roundPicker.valueProperty(), model.selectedRoundProperty());
        ipfsUrl.setText(model.ipfsUrlProperty().get());
        // a URL set by the model (following a joined task) shows in the field too
        subs.listen(model.ipfsUrlProperty(), (obs, old, url) -> {
            if (!ipfsUrl.getText().equals(url)) ipfsUrl.setText(url);
        });
        subs.listen(model.tasks(), taskList);
        subs.listen(model.shownTaskProperty(), shownTaskChange);
        subs.listen(model.selectedRoundProperty(), roundChange);
        subs.listen(book.revisionProperty(), relabel);
        subs.listen(taskPicker.valueProperty(), pickerChoice);
        syncPicker();
        redraw();
        subs.add(this::stopRefreshing); // undone first: no read after the pane is unbound
    }

    /**
     * Reads the chain now and every {@link PeersViewModel#REFRESH_PERIOD}, and listens to pubsub, until
     * {@link #stopRefreshing()}.
     */
    public void startRefreshing() {
        model.start();
    }

    /** Stops reading the chain and closes the pubsub subscription (the pane is hidden). */
    public void stopRefreshing() {
        model.stop();
    }

    private void syncPicker() {
        long id = model.selectedTask();
        Long item = id == PeersViewModel.NO_TASK ? null : taskPicker.getItems().stream()
                .filter(t -> t == id).findFirst().orElse(null);
        if (java.util.Objects.equals(taskPicker.getValue(), item)) return;
        syncingPicker = true;
        try {
            taskPicker.setValue(item);
        } finally {
            syncingPicker = false;
        }
    }

    private void redraw() {
        RoundPicture round = model.selectedRoundProperty().get();
        flowGraph.draw(round);
        drawVotes(round);
    }

    /** Rows: the task's aggregators; columns: the round's proposed CIDs; cells: proposed, voted or nothing. */
    private void drawVotes(RoundPicture round) {
        votes.getChildren().clear();
        if (round == null || round.proposals().isEmpty()) {
            votes.add(new Label(round == null ? "No round yet." : "No proposal in round " + round.round() + " yet."), 0, 0);
            return;
        }
        Set<String> rows = new LinkedHashSet<>(round.aggregators());
        for (RoundPicture.Proposal p : round.proposals()) rows.addAll(p.voters());
        votes.add(new Label("aggregator \\ proposal"), 0, 0);
        for (int c = 0; c < round.proposals().size(); c++) {
            RoundPicture.Proposal p = round.proposals().get(c);
            Label head = new Label(CidText.shorten(p.cid()));
            head.getStyleClass().addAll("cid-cell", switch (p.outcome()) {
                case FINALIZED -> "state-finalized";
                case REJECTED -> "state-failed";
                case PENDING -> "state-voting";
            });
            head.setTooltip(new Tooltip(p.cid()));
            head.setContextMenu(copyMenu(p.cid()));
            votes.add(head, c + 1, 0);
        }
        int r = 1;
        for (String a : rows) {
            Label name = new Label(book.display(a));
            if (book.label(a).isEmpty()) name.getStyleClass().add("cid-cell");
            name.setTooltip(new Tooltip(book.describe(a)));
            name.setContextMenu(AddressMenu.of(book, () -> a));
            votes.add(name, 0, r);
            for (int c = 0; c < round.proposals().size(); c++) {
                RoundPicture.Vote cell = round.proposals().get(c).vote(a);
                Label mark = new Label(switch (cell) {
                    case PROPOSED -> "■ proposed";
                    case VOTED -> "✓ voted";
                    case NONE -> "·";
                });
                mark.getStyleClass().add("vote-" + cell.name().toLowerCase());
                mark.setId("vote-" + r + "-" + (c + 1));
                votes.add(mark, c + 1, r);
            }
            r++;
        }
    }

    /** The full address, in a monospaced font, with "Set label…" and "Copy address" on right-click. */
    private static final class FullAddressCell extends TableCell<ParticipantRow, String> {
        private final ContextMenu menu;
        private final Tooltip tip = new Tooltip();

        FullAddressCell(AddressBook book) {
            menu = AddressMenu.of(book, this::getItem);
            getStyleClass().add("cid-cell");
            // cut in the middle, so both ends stay readable; the tooltip has it whole
            setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        }

        @Override
        protected void updateItem(String address, boolean empty) {
            super.updateItem(address, empty);
            setText(empty ? null : address);
            if (!empty && address != null) tip.setText(address);
            setTooltip(empty || address == null ? null : tip);
            setContextMenu(empty ? null : menu);
        }
    }

    /** A green dot and "online", or a grey one and "offline". */
    private static final class OnlineCell extends TableCell<ParticipantRow, Boolean> {
        /** One dot per cell, recoloured: a new node per update would need its CSS worked out from scratch. */
        private final Circle dot = new Circle(5);

        @Override
        protected void updateItem(Boolean online, boolean empty) {
            super.updateItem(online, empty);
            if (empty || online == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(online ? "online" : "offline");
                dot.setFill(online ? FINALIZED : IDLE);
                setGraphic(dot);
            }
        }
    }

    /** A pubsub message: time, sender, text and what it announces, or its parse error in red. */
    private static final class TrafficCell extends ListCell<TrafficLine> {
        @Override
        protected void updateItem(TrafficLine t, boolean empty) {
            super.updateItem(t, empty);
            getStyleClass().remove("error-text");
            if (empty || t == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String from = t.fromPeer().isEmpty() ? "?" : CidText.shorten(t.fromPeer());
            String what = t.unparsable() ? "unparsable: " + t.parseError()
                    : t.announces() + "  " + CidText.shorten(t.cid());
            setText(CLOCK.format(t.at()) + "  " + from + "  " + what);
            setTooltip(new Tooltip(t.text()));
            if (t.unparsable()) getStyleClass().add("error-text");
        }
    }

    /** Shows {@code peers} through a sorted list bound to the table's sort order, so that the columns sort. */
    private static void bindSorted(TableView<ParticipantRow> table, javafx.collections.ObservableList<ParticipantRow> peers) {
        javafx.collections.transformation.SortedList<ParticipantRow> sorted = new javafx.collections.transformation.SortedList<>(peers);
        sorted.comparatorProperty().bind(RowSort.order(table));
        table.setItems(sorted);
    }
}
