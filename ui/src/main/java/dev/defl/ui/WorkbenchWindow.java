package dev.defl.ui;

import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.ipfs.IpfsView;
import dev.defl.ui.ipfs.IpfsViewModel;
import dev.defl.ui.ipfs.RemotePinsViewModel;
import dev.defl.ui.network.CreateTaskViewModel;
import dev.defl.ui.network.JoinTaskViewModel;
import dev.defl.ui.network.NetworkServices;
import dev.defl.ui.network.NetworkSettingsViewModel;
import dev.defl.ui.network.NetworkView;
import dev.defl.ui.peers.PeersView;
import dev.defl.ui.peers.PeersViewModel;
import dev.defl.ui.status.StatusBarView;
import dev.defl.ui.status.StatusViewModel;
import dev.defl.ui.task.TaskExecutor;
import dev.defl.ui.explorer.ExplorerView;
import dev.defl.ui.explorer.ExplorerViewModel;
import dev.defl.ui.timeline.TimelineView;
import dev.defl.ui.timeline.TimelineViewModel;
import dev.defl.ui.trainer.TrainerView;
import dev.defl.ui.trainer.TrainerViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.Objects;

/**
 * The DeFL Workbench main window: a menu bar, six panes (Trainer, Round timeline, IPFS, Chain explorer, Peers,
 * Network) and a status bar.
 * The app calls {@link #show(Stage, WorkbenchServices)} on the FX thread; everything blocking goes
 * to {@link WorkbenchServices#background()}.
 */
public final class WorkbenchWindow {

    /** Window title. */
    public static final String TITLE = "DeFL Workbench";
    /** Initial window size in pixels. */
    public static final double WIDTH = 1280, HEIGHT = 800;

    private final Stage stage;
    private final TrainerViewModel trainerModel;
    private final TrainerView trainer;
    private final TimelineView timeline;
    private final IpfsViewModel ipfsModel;
    private final RemotePinsViewModel remotePinsModel;
    private final IpfsView ipfs;
    private final StatusBarView statusBar;
    private final ExplorerViewModel explorerModel;
    private final ExplorerView explorer;
    private final PeersView peers;
    /** The Network pane, or null when the app supplied no {@link NetworkServices}. */
    private final NetworkView network;
    private final TabPane tabs = new TabPane();

    private WorkbenchWindow(Stage stage, WorkbenchServices services, NetworkServices networkServices) {
        this.stage = stage;
        TaskExecutor tasks = TaskExecutor.onFxThread(services.background());
        TimelineViewModel timelineModel = new TimelineViewModel(services.chain(), tasks);
        trainerModel = new TrainerViewModel(services.datasets(), services.runners(), services.content(), tasks, timelineModel);
        trainer = new TrainerView(trainerModel);
        timeline = new TimelineView(timelineModel);
        ipfsModel = new IpfsViewModel(services.content(), tasks, RetryPolicy.DEFAULT, services.ipfsEndpointsFile());
        remotePinsModel = new RemotePinsViewModel(tasks, services.pinningServiceFile(), services.pinningToken().get(),
                Duration.ofSeconds(2));
        ipfs = new IpfsView(ipfsModel, remotePinsModel);
        statusBar = new StatusBarView(new StatusViewModel(services.status(), tasks));
        explorerModel = new ExplorerViewModel(services.chain(), tasks);
        explorer = new ExplorerView(explorerModel);
        PeersViewModel peersModel = new PeersViewModel(services.chain(), tasks);
        peers = new PeersView(peersModel);
        if (networkServices == null) {
            network = null;
        } else {
            JoinTaskViewModel join = new JoinTaskViewModel(networkServices, tasks, JoinTaskViewModel.OPTIONS);
            // the Peers pane follows the task joined in the Network pane
            join.joinedProperty().addListener((obs, old, task) -> {
                if (task == null) return;
                peersModel.follow(task.contract(), task.taskId());
                if (peersModel.ipfsUrlProperty().get().isBlank()) peersModel.ipfsUrlProperty().set(task.ipfsApi());
            });
            network = new NetworkView(new NetworkSettingsViewModel(networkServices.settingsFile(), tasks), join,
                    new CreateTaskViewModel(networkServices, tasks));
        }
    }

    /**
     * Builds the window into {@code stage} and shows it. Must be called on the FX thread. Closing the
     * stage stops a running experiment (after its current step) and the status refresh.
     */
    public static void show(Stage stage, WorkbenchServices services) {
        show(stage, services, null);
    }

    /**
     * Builds the window with a Network pane over {@code network} (null: the pane says it is unavailable) and shows it.
     * Must be called on the FX thread.
     */
    public static void show(Stage stage, WorkbenchServices services, NetworkServices network) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(services, "services");
        new WorkbenchWindow(stage, services, network).open();
    }

    private void open() {
        Tab trainerTab = new Tab("Trainer", trainer.root());
        trainerTab.setId("trainerTab");
        Tab timelineTab = new Tab("Round timeline", timeline.root());
        timelineTab.setId("timelineTab");
        // reads the event index only while shown
        timelineTab.setOnSelectionChanged(e -> {
            if (timelineTab.isSelected()) timeline.startRefreshing();
            else timeline.stopRefreshing();
        });
        Tab ipfsTab = new Tab("IPFS", ipfs.root());
        ipfsTab.setId("ipfsTab");
        // runs add updates and models to the store while the pane is hidden: list it afresh when it is shown
        ipfsTab.setOnSelectionChanged(e -> {
            if (ipfsTab.isSelected()) ipfsModel.refresh();
        });
        Tab explorerTab = new Tab("Chain explorer", explorer.root());
        explorerTab.setId("explorerTab");
        // polls the chain only while shown
        explorerTab.setOnSelectionChanged(e -> {
            if (explorerTab.isSelected()) explorer.activate();
            else explorer.deactivate();
        });
        explorerModel.setCidOpener(cid -> {
            tabs.getSelectionModel().select(ipfsTab);
            ipfsModel.inspect(cid);
        });
        Tab peersTab = new Tab("Peers", peers.root());
        peersTab.setId("peersTab");
        // reads the event index and listens to the task's pubsub topic only while shown
        peersTab.setOnSelectionChanged(e -> {
            if (peersTab.isSelected()) peers.startRefreshing();
            else peers.stopRefreshing();
        });
        Label noNetwork = new Label("The Network pane needs the workspace's data directory.");
        noNetwork.getStyleClass().add("placeholder-text");
        Tab networkTab = new Tab("Network", network == null ? noNetwork : network.root());
        networkTab.setId("networkTab");
        tabs.getTabs().addAll(trainerTab, timelineTab, ipfsTab, explorerTab, peersTab, networkTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("paneTabs");

        BorderPane root = new BorderPane(tabs);
        root.setTop(menuBar());
        root.setBottom(statusBar.root());
        root.getStyleClass().add("workbench");

        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(
                WorkbenchWindow.class.getResource("workbench.css"), "workbench.css on the class path").toExternalForm());
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(960);
        stage.setMinHeight(640);
        trainer.activate();
        timeline.activate();
        ipfs.activate();
        peers.activate();
        if (network != null) network.activate();
        statusBar.activate();
        stage.setOnHidden(e -> close());
        stage.show();
    }

    private void close() {
        trainerModel.stop();
        statusBar.deactivate();
        explorer.deactivate();
        peers.deactivate();
        if (network != null) network.deactivate();
        ipfs.deactivate();
        ipfsModel.close();
        remotePinsModel.close();
        timeline.deactivate();
        trainer.deactivate();
    }

    private MenuBar menuBar() {
        MenuItem open = item("_Open dataset…", "Shortcut+O", "menuOpen");
        open.setOnAction(e -> {
            tabs.getSelectionModel().select(0);
            trainer.chooseFile();
        });
        MenuItem quit = item("_Quit", "Shortcut+Q", "menuQuit");
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("_File", null, open, new SeparatorMenuItem(), quit);

        MenuItem run = item("_Run", "Shortcut+R", "menuRun");
        run.disableProperty().bind(trainerModel.runDisabledProperty());
        run.setOnAction(e -> trainerModel.run());
        MenuItem stop = item("_Stop", "Shortcut+PERIOD", "menuStop");
        stop.disableProperty().bind(trainerModel.stopDisabledProperty());
        stop.setOnAction(e -> trainerModel.stop());
        MenuItem pause = item("_Pause / Resume", "Shortcut+P", "menuPause");
        pause.disableProperty().bind(trainerModel.pauseDisabledProperty());
        pause.setOnAction(e -> trainerModel.togglePause());
        Menu runMenu = new Menu("_Run", null, run, pause, stop);

        MenuItem networkSettings = item("_Network…", "Shortcut+COMMA", "menuNetworkSettings");
        networkSettings.setDisable(network == null);
        networkSettings.setOnAction(e -> {
            if (network != null) network.openSettings();
        });
        Menu settings = new Menu("_Settings", null, networkSettings);

        MenuItem about = item("_About DeFL Workbench", null, "menuAbout");
        about.setOnAction(e -> about());
        Menu help = new Menu("_Help", null, about);
        MenuBar bar = new MenuBar(file, runMenu, settings, help);
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(String text, String accelerator, String id) {
        MenuItem item = new MenuItem(text);
        item.setMnemonicParsing(true);
        item.setId(id);
        if (accelerator != null) item.setAccelerator(KeyCombination.keyCombination(accelerator));
        return item;
    }

    private void about() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(stage);
        alert.setTitle("About " + TITLE);
        alert.setHeaderText(TITLE);
        alert.setContentText("Decentralized federated learning: clients train locally, updates are "
                + "content-addressed (IPFS CIDs) and rounds are proposed, voted on and finalized on an "
                + "Ethereum round contract.");
        alert.show();
    }
}
