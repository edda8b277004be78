package dev.defl.ui.network;

import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The Network pane: the peer's network settings in a header line (Settings → Network… changes them), "Join task"
 * (run this peer as a client or an aggregator of a task, with its status, current round and the task's events, newest
 * first) and "Create task" (deploy or pick the contract, publish the model and spec, create the task, then copy its
 * contract, task id and CIDs or join it). Every password is asked for when needed and never kept.
 *
 * <p>Mnemonics (Alt+letter) avoid the menu bar's F, R, S and H: Join task C, T, L, A, D, N, P, J, V; Create task O,
 * M, G, E, I, K; settings W.
 */
public final class NetworkView {
    private final NetworkSettingsViewModel settings;
    private final JoinTaskViewModel join;
    private final CreateTaskViewModel create;
    private final BorderPane root = new BorderPane();
    private final Label header = new Label();

    public NetworkView(NetworkSettingsViewModel settings, JoinTaskViewModel join, CreateTaskViewModel create) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.join = Objects.requireNonNull(join, "join");
        this.create = Objects.requireNonNull(create, "create");
        root.setId("networkPane");

        header.setId("networkHeader");
        header.getStyleClass().add("pane-title-small");
        header.setWrapText(true);
        header.textProperty().bind(Bindings.createStringBinding(this::summary, settings.chainUrlProperty(),
                settings.chainIdProperty(), settings.ipfsProperty(), settings.keystoreProperty()));
        Button edit = new Button("Net_work settings…");
        edit.setId("networkSettingsButton");
        edit.setMinWidth(Region.USE_PREF_SIZE); // the header wraps instead of the button shrinking to "…"
        edit.setOnAction(e -> openSettings());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(10, header, spacer, edit);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(12, 18, 4, 18));
        root.setTop(top);

        SplitPane split = new SplitPane(joinPart(), createPart());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.5);
        root.setCenter(split);
    }

    private String summary() {
        String key = settings.keystoreProperty().get();
        if (key == null || key.isBlank()) {
            return "No network settings yet: Settings → Network… (Ctrl+,) sets the chain, IPFS endpoints and keystore.";
        }
        String ipfs = settings.ipfsProperty().get();
        String id = settings.chainIdProperty().get();
        Path file = Path.of(key).getFileName();
        return "Chain " + settings.chainUrlProperty().get() + (id == null || id.isBlank() || id.equals("0") ? ""
                : " (chain id " + id + ")") + "  ·  IPFS " + (ipfs == null || ipfs.isBlank() ? "embedded store only"
                : ipfs) + "  ·  key " + (file == null ? key : file);
    }

    /** Opens Settings → Network… over this pane's window. */
    public void openSettings() {
        NetworkSettingsDialog.open(root.getScene() == null ? null : root.getScene().getWindow(), settings, () -> { });
    }

    /** Reads the settings file; call once the pane is in the window. */
    public void activate() {
        settings.load();
    }

    /** Leaves a joined task (the window is closing). */
    public void deactivate() {
        join.leave();
    }

    public Node root() {
        return root;
    }

    private Node joinPart() {
        GridPane form = form();
        int row = 0;
        TextField contract = text("networkJoinContract", join.contractProperty(), "0x… FederatedTasks contract");
        TextField task = text("networkJoinTask", join.taskIdProperty(), "1");
        task.setPrefColumnCount(6);
        ToggleGroup roles = new ToggleGroup();
        RadioButton client = new RadioButton("C_lient");
        client.setId("networkRoleClient");
        RadioButton aggregator = new RadioButton("_Aggregator");
        aggregator.setId("networkRoleAggregator");
        client.setToggleGroup(roles);
        aggregator.setToggleGroup(roles);
        roles.selectToggle(join.aggregatorProperty().get() ? aggregator : client);
        roles.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t != null) join.aggregatorProperty().set(t == aggregator);
        });
        join.aggregatorProperty().addListener((obs, old, a) -> roles.selectToggle(a ? aggregator : client));
        TextField dataset = text("networkJoinDataset", join.datasetProperty(),
                "digits, boston, fashion-mnist, a CSV / IDX path, an image folder or a dataset CID");
        TextField shard = text("networkJoinShard", join.shardProperty(), "K/N");
        shard.setTooltip(new Tooltip("Shard K (0-based) of an IID split into N shards, seeded by the task seed; "
                + "empty: the whole training set"));
        shard.setPrefColumnCount(6);
        TextField samples = text("networkJoinSamples", join.samplesProperty(), "all");
        samples.setPrefColumnCount(6);
        var clientOnly = join.aggregatorProperty();
        dataset.disableProperty().bind(clientOnly);
        shard.disableProperty().bind(clientOnly);
        samples.disableProperty().bind(clientOnly);

        row = add(form, row, "_Contract", contract, contract);
        row = add(form, row, "_Task id", task, task);
        HBox roleBox = new HBox(14, client, aggregator);
        Label roleLabel = new Label("Role");
        form.add(roleLabel, 0, row);
        form.add(roleBox, 1, row++);
        row = add(form, row, "_Dataset", dataset, dataset);
        HBox shardBox = new HBox(8, shard, label("Sam_ples", samples), samples);
        shardBox.setAlignment(Pos.CENTER_LEFT);
        row = add(form, row, "Shard K/_N", shardBox, shard);

        Button joinButton = new Button("_Join");
        joinButton.setId("networkJoin");
        joinButton.getStyleClass().add("accent");
        joinButton.setDefaultButton(true);
        joinButton.disableProperty().bind(join.joinDisabled());
        joinButton.setOnAction(e -> {
            if (join.check()) PasswordPrompt.ask(window(), "Join task", settings.keystoreProperty().get(),
                    join::join);
        });
        Button leave = new Button("Lea_ve");
        leave.setId("networkLeave");
        leave.disableProperty().bind(join.leaveDisabled());
        leave.setOnAction(e -> join.leave());
        joinButton.setMinWidth(Region.USE_PREF_SIZE);
        leave.setMinWidth(Region.USE_PREF_SIZE);
        HBox buttons = new HBox(8, joinButton, leave);
        form.add(buttons, 1, row);

        Label error = errorLabel("networkJoinError", join.errorProperty());
        Label status = new Label();
        status.setId("networkJoinStatus");
        status.getStyleClass().add("step-text");
        status.setWrapText(true);
        status.textProperty().bind(join.statusProperty());
        Label round = new Label();
        round.setId("networkJoinRound");
        round.getStyleClass().add("muted");
        round.textProperty().bind(Bindings.createStringBinding(() -> (join.roundProperty().get() == 0 ? "No round yet"
                : "Round " + join.roundProperty().get()) + (join.accountProperty().get().isEmpty() ? ""
                : "  ·  as " + join.accountProperty().get()), join.roundProperty(), join.accountProperty()));
        ListView<String> log = new ListView<>(join.log());
        log.setId("networkLog");
        log.setPlaceholder(new Label("The task's events appear here, newest first."));
        log.getStyleClass().add("details");
        VBox.setVgrow(log, Priority.ALWAYS);

        VBox box = new VBox(8, title("JOIN TASK"), form, error, status, round, title("TASK EVENTS"), log);
        box.getStyleClass().add("content-panel");
        box.setMinWidth(360);
        return box;
    }

    private Node createPart() {
        GridPane form = form();
        form.getColumnConstraints().add(labelColumn());
        int row = 0;
        TextField contract = text("networkCreateContract", create.contractProperty(), "empty: deploy a new one");
        ComboBox<String> model = new ComboBox<>();
        model.setId("networkCreateModel");
        model.getItems().setAll(CreateTaskViewModel.MODELS);
        model.valueProperty().bindBidirectional(create.modelProperty());
        ComboBox<String> strategy = new ComboBox<>();
        strategy.setId("networkCreateStrategy");
        strategy.getItems().setAll(CreateTaskViewModel.STRATEGIES);
        strategy.valueProperty().bindBidirectional(create.strategyProperty());
        TextField dataset = text("networkCreateDataset", create.datasetProperty(), "digits");
        row = add(form, row, "C_ontract", contract, contract, 3);
        form.add(label("_Model", model), 0, row);
        form.add(model, 1, row);
        form.add(label("Strate_gy", strategy), 2, row);
        form.add(strategy, 3, row++);
        row = add(form, row, "Datas_et", dataset, dataset, 3);
        row = pair(form, row, "Rounds", text("networkCreateRounds", create.roundsProperty(), "5"),
                "Clients per round", text("networkCreateClientsPerRound", create.clientsPerRoundProperty(), "2"));
        row = pair(form, row, "Min updates", text("networkCreateMinUpdates", create.minUpdatesProperty(),
                "= clients per round"), "Quorum", text("networkCreateQuorum", create.quorumProperty(), "1"));
        row = pair(form, row, "Submission blocks", text("networkCreateSubmission", create.submissionBlocksProperty(), ""),
                "Voting blocks", text("networkCreateVoting", create.votingBlocksProperty(), ""));
        row = pair(form, row, "Local epochs E", text("networkCreateEpochs", create.localEpochsProperty(), "1"),
                "Batch size B", text("networkCreateBatch", create.batchSizeProperty(), "32"));
        row = pair(form, row, "Learning rate", text("networkCreateLr", create.learningRateProperty(), "0.001"),
                "Seed", text("networkCreateSeed", create.seedProperty(), "42"));
        row = pair(form, row, "Reward (tokens)", text("networkCreateReward", create.rewardProperty(), "1"), null, null);
        TextArea clients = area("networkCreateClients", create.clientsProperty());
        TextArea aggregators = area("networkCreateAggregators", create.aggregatorsProperty());
        row = add(form, row, "Cl_ients", clients, clients, 3);
        row = add(form, row, "Aggregators", aggregators, aggregators, 3);

        Button createButton = new Button("Create tas_k");
        createButton.setId("networkCreate");
        createButton.getStyleClass().add("accent");
        // a joined node sends from the same account through its own session: two nonce counters would collide
        createButton.disableProperty().bind(create.busyProperty().or(join.joinDisabled()));
        createButton.setTooltip(new Tooltip("Creates the task from the keystore's account (not while a node of this "
                + "account is joined)"));
        createButton.setOnAction(e -> {
            if (create.check()) PasswordPrompt.ask(window(), "Create task", settings.keystoreProperty().get(),
                    create::create);
        });
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("networkCreateProgress");
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(create.busyProperty());
        spinner.managedProperty().bind(create.busyProperty());
        Label progress = new Label();
        progress.setId("networkCreateProgressText");
        progress.getStyleClass().add("step-text");
        progress.setWrapText(true);
        progress.textProperty().bind(create.progressProperty());
        createButton.setMinWidth(Region.USE_PREF_SIZE);
        HBox action = new HBox(8, createButton, spinner, progress);
        action.setAlignment(Pos.CENTER_LEFT);
        form.add(action, 1, row++, 3, 1);
        form.add(errorLabel("networkCreateError", create.errorProperty()), 1, row++, 3, 1);

        GridPane result = form();
        result.getColumnConstraints().add(labelColumn());
        result.setId("networkCreated");
        result.visibleProperty().bind(create.createdProperty().isNotNull());
        result.managedProperty().bind(result.visibleProperty());
        int r = 0;
        r = copyRow(result, r, "Contract", "networkCreatedContract", CreatedTaskRow::contract);
        r = copyRow(result, r, "Task id", "networkCreatedTask", c -> Long.toString(c.taskId()));
        r = copyRow(result, r, "Initial model", "networkCreatedInitial", CreatedTaskRow::initialModel);
        r = copyRow(result, r, "Spec", "networkCreatedSpec", CreatedTaskRow::spec);
        Button joinIt = new Button("Join this task");
        joinIt.setId("networkJoinCreated");
        joinIt.setOnAction(e -> {
            CreatedTaskRow c = create.createdProperty().get();
            if (c != null) join.fill(c.contract(), c.taskId());
        });
        result.add(joinIt, 1, r);

        VBox box = new VBox(8, title("CREATE TASK"), form, result);
        box.getStyleClass().add("content-panel");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("side-scroll");
        return scroll;
    }

    private int copyRow(GridPane grid, int row, String name, String id,
                        java.util.function.Function<CreatedTaskRow, String> value) {
        TextField shown = new TextField();
        shown.setId(id);
        shown.setEditable(false);
        shown.getStyleClass().add("cid-cell");
        shown.textProperty().bind(Bindings.createStringBinding(() -> create.createdProperty().get() == null ? ""
                : value.apply(create.createdProperty().get()), create.createdProperty()));
        Button copy = new Button("Copy");
        copy.setId(id + "Copy");
        copy.setTooltip(new Tooltip("Copy the " + name.toLowerCase() + " to the clipboard"));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(shown.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        grid.add(new Label(name), 0, row);
        grid.add(shown, 1, row);
        GridPane.setHgrow(shown, Priority.ALWAYS);
        grid.add(copy, 2, row);
        return row + 1;
    }

    private javafx.stage.Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        grid.getStyleClass().add("form");
        return grid;
    }

    /** The label column of the Create task form and its results, so that both line up. */
    private static javafx.scene.layout.ColumnConstraints labelColumn() {
        javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
        c.setMinWidth(130);
        return c;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }

    private static Label errorLabel(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("error-text");
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }

    private static TextField text(String id, StringProperty value, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(10);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static TextArea area(String id, StringProperty value) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText("0x… one address per line");
        a.setPrefRowCount(3);
        a.setPrefColumnCount(42);
        a.getStyleClass().add("details");
        a.textProperty().bindBidirectional(value);
        return a;
    }

    private static int add(GridPane grid, int row, String name, Node control, Control target) {
        return add(grid, row, name, control, target, 1);
    }

    private static int add(GridPane grid, int row, String name, Node control, Control target, int span) {
        grid.add(label(name, target), 0, row);
        grid.add(control, 1, row, span, 1);
        GridPane.setHgrow(control, Priority.ALWAYS);
        return row + 1;
    }

    private static int pair(GridPane grid, int row, String first, TextInputControl a, String second,
                            TextInputControl b) {
        grid.add(label(first, a), 0, row);
        grid.add(a, 1, row);
        if (second != null) {
            grid.add(label(second, b), 2, row);
            grid.add(b, 3, row);
        }
        return row + 1;
    }
}
