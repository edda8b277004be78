package dev.defl.ui;

import dev.defl.ui.network.NetworkServices;
import dev.defl.ui.run.FirstStart;
import dev.defl.ui.concurrent.TabActivation;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.help.AppInfo;
import dev.defl.ui.help.HelpMenu;
import dev.defl.ui.help.KeyboardShortcuts;
import dev.defl.ui.help.TabShortcuts;
import dev.defl.ui.trainer.RunControlViewModel;
import dev.defl.ui.status.ComponentsBarView;
import dev.defl.ui.status.StartupViewModel;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The DeFL Workbench main window: a menu bar, seven panes (Trainer, Round timeline, IPFS, Chain explorer, Peers,
 * Network, Runs) and a status bar.
 *
 * <p>The window opens in two steps so that it is on screen before anything slow starts:
 * {@link #showStarting(Stage, StartupViewModel)} shows the real layout (menus, tabs, status bar) with a placeholder
 * in each pane saying what it waits for, while the app opens the workspace in the background and reports to the
 * {@link StartupViewModel}; {@link #attach(WorkbenchServices, NetworkServices)} then builds the panes on those
 * services and puts them in place. {@link #show(Stage, WorkbenchServices, NetworkServices)} does both at once.
 * Everything here runs on the FX thread; everything blocking goes to {@link WorkbenchServices#background()}.
 */
public final class WorkbenchWindow {

    /** Window title. */
    public static final String TITLE = "DeFL Workbench";
    /** Initial window size in pixels. */
    public static final double WIDTH = 1280, HEIGHT = 800;
    /** How often the status bar probes the chain and the IPFS endpoints once the workspace is open. */
    public static final java.time.Duration HEALTH_PROBE_INTERVAL = java.time.Duration.ofSeconds(10);
    /** The tabs' names in {@link WindowState#tab()}, left to right. */
    public static final List<String> TAB_NAMES = List.of("trainer", "timeline", "ipfs", "explorer", "peers", "network", "runs");

    private final Stage stage;
    private final StartupViewModel startup;
    private final ComponentsBarView components;
    private final HBox bottom;
    private final TabPane tabs = new TabPane();
    private final Tab trainerTab = tab("Trainer", "trainerTab");
    private final Tab timelineTab = tab("Round timeline", "timelineTab");
    private final Tab ipfsTab = tab("IPFS", "ipfsTab");
    private final Tab explorerTab = tab("Chain explorer", "explorerTab");
    private final Tab peersTab = tab("Peers", "peersTab");
    private final Tab networkTab = tab("Network", "networkTab");
    private final Tab runsTab = tab("Runs", "runsTab");
    private final MenuItem open = item("_Open dataset…", "Shortcut+O", "menuOpen");
    private final MenuItem run = item("_Run", "Shortcut+R", "menuRun");
    private final MenuItem stop = item("_Stop", "Shortcut+PERIOD", "menuStop");
    private final MenuItem pause = item("_Pause / Resume", "Shortcut+P", "menuPause");
    private final MenuItem networkSettings = item("_Network…", "Shortcut+COMMA", "menuNetworkSettings");
    /** Help: keyboard shortcuts, documentation, About. */
    private final HelpMenu help;
    private MenuBar menuBar;
    /** The panes, once {@link #attach} built them; null before. */
    private WorkbenchPanes panes;
    /** The window's bounds when last neither maximized nor iconified, for {@link #state()}. */
    private Rectangle2D normalBounds = new Rectangle2D(0, 0, WIDTH, HEIGHT);

    private WorkbenchWindow(Stage stage, StartupViewModel startup) {
        this.stage = stage;
        this.startup = startup;
        this.help = new HelpMenu(() -> stage, () -> KeyboardShortcuts.of(menuBar, tabs));
        stage.getProperties().put(WorkbenchWindow.class, this);
        this.components = new ComponentsBarView(startup, HEALTH_PROBE_INTERVAL);
        bottom = new HBox(16, components.root());
        bottom.getStyleClass().add("status-bar");
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setId("statusBar");
    }

    /**
     * Builds the window into {@code stage} and shows it, with the panes already built on {@code services}. Must be
     * called on the FX thread. Closing the stage stops a running experiment (after its current step) and the status
     * refresh.
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
        WorkbenchWindow window = showStarting(stage, StartupViewModel.alreadyOpen(TaskExecutor.onFxThread(services.background())));
        window.attach(services, network);
    }

    /**
     * As {@link #show(Stage, WorkbenchServices, NetworkServices)}, with the Trainer's first-start welcome answered by
     * {@code firstStart}.
     */
    public static void show(Stage stage, WorkbenchServices services, NetworkServices network, FirstStart firstStart) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(services, "services");
        WorkbenchWindow window = showStarting(stage, StartupViewModel.alreadyOpen(TaskExecutor.onFxThread(services.background())));
        window.attach(services, network, firstStart);
    }

    /**
     * Shows the window's layout at once, before the workspace exists: each pane holds a placeholder showing
     * {@link StartupViewModel#waitingProperty()}, the status bar shows {@code startup}'s components, and the menu
     * items that need the panes are disabled. Must be called on the FX thread; builds nothing slow.
     */
    public static WorkbenchWindow showStarting(Stage stage, StartupViewModel startup) {
        return showStarting(stage, startup, null);
    }

    /**
     * As {@link #showStarting(Stage, StartupViewModel)}, with the size, position, maximized state and selected tab
     * of {@code restore} (null: the defaults, 1280 × 800 pixels centred, the Trainer tab), its bounds fitted to the
     * screens now attached ({@link WindowState#fittedTo}). Must be called on the FX thread.
     */
    public static WorkbenchWindow showStarting(Stage stage, StartupViewModel startup, WindowState restore) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(startup, "startup");
        WorkbenchWindow window = new WorkbenchWindow(stage, startup);
        window.openShell(restore);
        return window;
    }

    /**
     * The window's state now, for the next start: its bounds when last not maximized, whether it is maximized, and
     * the selected tab. Call on the FX thread (also after the window was hidden: it keeps its last bounds).
     */
    public WindowState state() {
        if (!stage.isMaximized() && !stage.isIconified()) rememberNormalBounds();
        Tab selected = tabs.getSelectionModel().getSelectedItem();
        int index = selected == null ? -1 : tabs.getTabs().indexOf(selected);
        return new WindowState(normalBounds.getMinX(), normalBounds.getMinY(), normalBounds.getWidth(),
                normalBounds.getHeight(), stage.isMaximized(), index < 0 ? null : TAB_NAMES.get(index));
    }

    private void rememberNormalBounds() {
        double x = stage.getX(), y = stage.getY(), w = stage.getWidth(), h = stage.getHeight();
        if (Double.isFinite(x) && Double.isFinite(y) && w > 0 && h > 0 && Double.isFinite(w) && Double.isFinite(h)) {
            normalBounds = new Rectangle2D(x, y, w, h);
        }
    }

    /**
     * The default size on a screen smaller than it (a 1280 × 720 laptop): as large as the screen's visual bounds
     * (without panels), so the status bar is not below the screen's edge; never below the minimum size.
     */
    private void fitDefaultSize() {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (screen.getWidth() >= WIDTH && screen.getHeight() >= HEIGHT) return;
        double w = Math.max(stage.getMinWidth(), Math.min(WIDTH, screen.getWidth()));
        double h = Math.max(stage.getMinHeight(), Math.min(HEIGHT, screen.getHeight()));
        stage.setWidth(w);
        stage.setHeight(h);
        stage.setX(screen.getMinX() + Math.max(0, (screen.getWidth() - w) / 2));
        stage.setY(screen.getMinY() + Math.max(0, (screen.getHeight() - h) / 2));
        normalBounds = new Rectangle2D(stage.getX(), stage.getY(), w, h);
    }

    /** Applies {@code restore}'s bounds (fitted to the screens), maximized state and tab; before the stage is shown. */
    private void restore(WindowState restore) {
        if (restore == null) return;
        List<Rectangle2D> screens = new ArrayList<>();
        screens.add(Screen.getPrimary().getVisualBounds());
        for (Screen screen : Screen.getScreens()) {
            if (!screen.equals(Screen.getPrimary())) screens.add(screen.getVisualBounds());
        }
        WindowState fitted = restore.fittedTo(screens);
        stage.setX(fitted.x());
        stage.setY(fitted.y());
        stage.setWidth(Math.max(fitted.width(), stage.getMinWidth()));
        stage.setHeight(Math.max(fitted.height(), stage.getMinHeight()));
        normalBounds = new Rectangle2D(fitted.x(), fitted.y(), stage.getWidth(), stage.getHeight());
        stage.setMaximized(fitted.maximized());
        int index = fitted.tab() == null ? -1 : TAB_NAMES.indexOf(fitted.tab());
        // every tab exists from the start; a pane attached later starts as if selected then (install)
        if (index >= 0) tabs.getSelectionModel().select(index);
    }

    /**
     * What Help → About shows (version, data directory, logs) and how Help → Documentation opens the bundled README
     * ({@code opener}: the application's {@code HostServices::showDocument}; null shows the file's path instead).
     * Call on the FX thread.
     */
    public void describeApp(AppInfo info, java.util.function.Consumer<String> opener) {
        help.describe(info);
        help.documentOpener(opener);
    }

    /** The window built into {@code stage}, or null when none was. */
    public static WorkbenchWindow of(Stage stage) {
        return stage.getProperties().get(WorkbenchWindow.class) instanceof WorkbenchWindow w ? w : null;
    }

    /** The window's Help menu (its dialogs), for tests. */
    public HelpMenu help() {
        return help;
    }

    /** The window's stage. */
    public Stage stage() {
        return stage;
    }

    /**
     * Builds the panes on {@code services} (the workspace is open) and puts them in place of the placeholders;
     * enables the menus. Call once, on the FX thread.
     *
     * @throws IllegalStateException if called twice
     */
    public void attach(WorkbenchServices services, NetworkServices network) {
        attach(services, network, null);
    }

    /**
     * As {@link #attach(WorkbenchServices, NetworkServices)}, with the Trainer's first-start welcome answered by
     * {@code firstStart} (null: no welcome).
     */
    public void attach(WorkbenchServices services, NetworkServices network, FirstStart firstStart) {
        Objects.requireNonNull(services, "services");
        if (panes != null) throw new IllegalStateException("the panes are already attached");
        panes = new WorkbenchPanes(services, network, firstStart);
        install(panes);
    }

    private static Tab tab(String text, String id) {
        Tab tab = new Tab(text);
        tab.setId(id);
        return tab;
    }

    private Node placeholder(String id) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(36, 36);
        spinner.visibleProperty().bind(startup.workspaceFailedProperty().not());
        Label text = new Label();
        text.textProperty().bind(startup.waitingProperty());
        text.setWrapText(true);
        text.setMaxWidth(760);
        text.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        text.getStyleClass().add("placeholder-text");
        startup.workspaceFailedProperty().addListener((obs, was, failed) -> {
            if (failed) text.getStyleClass().add("error-text");
        });
        VBox box = new VBox(12, spinner, text);
        box.setAlignment(Pos.CENTER);
        box.setId(id);
        box.getStyleClass().add("waiting-placeholder");
        return box;
    }

    private void openShell(WindowState restore) {
        for (Tab tab : List.of(trainerTab, timelineTab, ipfsTab, explorerTab, peersTab, networkTab, runsTab)) {
            tab.setContent(placeholder("waiting-" + tab.getId()));
        }
        tabs.getTabs().addAll(trainerTab, timelineTab, ipfsTab, explorerTab, peersTab, networkTab, runsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("paneTabs");

        BorderPane root = new BorderPane(tabs);
        menuBar = menuBar();
        root.setTop(menuBar);
        root.setBottom(bottom);
        root.getStyleClass().add("workbench");

        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(
                WorkbenchWindow.class.getResource("workbench.css"), "workbench.css on the class path").toExternalForm());
        TabShortcuts.install(scene, tabs);
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(960);
        stage.setMinHeight(640);
        if (restore == null) fitDefaultSize();
        restore(restore);
        javafx.beans.InvalidationListener bounds = obs -> {
            if (!stage.isMaximized() && !stage.isIconified()) rememberNormalBounds();
        };
        for (var property : List.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(), stage.heightProperty())) {
            property.addListener(bounds);
        }
        components.activate();
        stage.setOnHidden(e -> close());
        stage.show();
    }

    private void close() {
        components.deactivate();
        if (panes != null) panes.close();
    }

    private MenuBar menuBar() {
        open.setDisable(true);
        open.setOnAction(e -> {
            if (panes == null) return;
            tabs.getSelectionModel().select(0);
            panes.trainer.chooseFile();
        });
        MenuItem quit = item("_Quit", "Shortcut+Q", "menuQuit");
        quit.setOnAction(e -> stage.close());
        Menu file = new Menu("_File", null, open, new SeparatorMenuItem(), quit);

        run.setDisable(true);
        stop.setDisable(true);
        pause.setDisable(true);
        Menu runMenu = new Menu("_Run", null, run, pause, stop);

        networkSettings.setDisable(true);
        networkSettings.setOnAction(e -> {
            if (panes != null && panes.network != null) panes.network.openSettings();
        });
        Menu settings = new Menu("_Settings", null, networkSettings);

        MenuBar bar = new MenuBar(file, runMenu, settings, help.menu());
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(String text, String accelerator, String id) {
        return HelpMenu.item(text, accelerator, id);
    }

    /** Puts the built panes in their tabs, binds the menus to them and activates them. */
    private void install(WorkbenchPanes p) {
        p.addressBook.start();
        p.contentNames.start();
        trainerTab.setContent(p.trainer.root());
        p.trainer.setPaneOpener(name -> {
            int index = TAB_NAMES.indexOf(name);
            if (index >= 0) tabs.getSelectionModel().select(index);
        });
        timelineTab.setContent(p.timeline.root());
        ipfsTab.setContent(p.ipfs.root());
        explorerTab.setContent(p.explorer.root());
        p.explorerModel.setCidOpener(cid -> {
            tabs.getSelectionModel().select(ipfsTab);
            p.ipfsModel.inspector().inspect(cid);
        });
        peersTab.setContent(p.peers.root());
        Label noNetwork = new Label("The Network pane needs the workspace's data directory.");
        noNetwork.getStyleClass().add("placeholder-text");
        networkTab.setContent(p.network == null ? noNetwork : p.network.root());
        runsTab.setContent(p.runs.root());

        p.statusBar.root().getStyleClass().remove("status-bar"); // inside the window's status bar
        p.statusBar.showChain(false); // the component bar shows the chain
        bottom.getChildren().add(new Separator(Orientation.VERTICAL));
        HBox.setHgrow(p.statusBar.root(), Priority.ALWAYS);
        bottom.getChildren().add(p.statusBar.root());

        open.setDisable(false);
        RunControlViewModel runControl = p.trainerModel.runControl();
        run.disableProperty().bind(runControl.runDisabledProperty());
        run.setOnAction(e -> runControl.run());
        stop.disableProperty().bind(runControl.stopDisabledProperty());
        stop.setOnAction(e -> runControl.stop());
        pause.disableProperty().bind(runControl.pauseDisabledProperty());
        pause.setOnAction(e -> runControl.togglePause());
        networkSettings.setDisable(p.network == null);

        // bound to its view-models only while shown; runs go on (and are drawn on return) while it is hidden
        TabActivation.bindToTab(trainerTab, p.trainer);
        p.timeline.activate();
        p.peers.activate();
        if (p.network != null) p.network.activate();
        p.statusBar.activate();
        // a pane the user chose while waiting starts now as it would have on selection
        // bound while shown; activating lists the store afresh (runs add updates and models while it is hidden)
        p.ipfsTabTie = TabActivation.bindToTab(ipfsTab, p.ipfs);
        // these read the chain (the timeline and peers the event index, peers also the task's pubsub topic)
        // only while shown
        TabActivation.bindToTab(timelineTab, p.timelineReads);
        TabActivation.bindToTab(explorerTab, p.explorer);
        TabActivation.bindToTab(peersTab, p.peersReads);
        // reads the run database while shown (at once, on each change, and polling for other processes' runs)
        TabActivation.bindToTab(runsTab, p.runs);
        // hidden panes out of the scene graph: each pulse walks the whole graph
        SelectedTabContent.install(tabs);
    }
}
