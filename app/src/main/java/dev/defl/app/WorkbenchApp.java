package dev.defl.app;

import dev.defl.engine.content.net.EndpointSettings;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.engine.health.Readiness;
import dev.defl.engine.health.ReadinessProbe;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.runs.RecordedExperiment;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.workspace.Workspace;
import dev.defl.ui.WindowState;
import dev.defl.ui.run.FirstStart;
import dev.defl.ui.runs.RunHistory;
import dev.defl.ui.WorkbenchServices;
import dev.defl.ui.WorkbenchWindow;
import dev.defl.ui.help.AppInfo;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.network.NetworkServices;
import dev.defl.ui.status.StartupViewModel;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JavaFX application. {@link #start(Stage)} shows the window at once (its layout, with each pane waiting), then
 * opens the workspace (embedded store + managed anvil, or the given chain) and loads the training engine on
 * background threads, reporting each step to the status bar ({@link StartupViewModel}); once the workspace is open
 * the panes are built and put in place. Errors opening it (data directory in use, anvil missing) are shown in the
 * window. On exit it stops the background workers and the chain (SIGTERM, so its state is saved). The window opens
 * with the size, position and tab saved in {@code window.json} ({@link ConfigDirectory}), read while the toolkit
 * starts, and saves them there when it closes.
 */
public final class WorkbenchApp extends Application {

    /** Blocks and transactions the Chain explorer pane keeps decoded, each. */
    private static final int EXPLORER_CACHE = 512;
    /** The limit of each health probe (chain, each IPFS endpoint). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** Environment variable holding the remote pinning service's access token (read, never logged or saved). */
    static final String PINNING_TOKEN_VARIABLE = "DEFL_PINNING_TOKEN";

    /** How long {@link #start} waits for {@code window.json} to be read before it opens the window on the defaults. */
    private static final Duration WINDOW_STATE_WAIT = Duration.ofSeconds(2);

    /**
     * How the window is launched; set by {@link #launch} before the toolkit starts. {@code windowStateFile}: where
     * the window's size, position and tab are restored from and saved to on close ({@link WindowStateFile}); null
     * neither restores nor saves (the smoke test's window always has the default size). {@code script}: drives the
     * window once shown ({@code defl bench ui}), or null.
     */
    record Options(Path dataDir, ChainSettings chain, Path smokeScreenshot, boolean startupReport, Path windowStateFile,
                   WindowScript script) {
        Options(Path dataDir, ChainSettings chain, Path smokeScreenshot, boolean startupReport, Path windowStateFile) {
            this(dataDir, chain, smokeScreenshot, startupReport, windowStateFile, null);
        }
    }

    private static volatile Options options;
    /** {@code window.json}, read while the toolkit starts; completes with null for the defaults. */
    private static volatile CompletableFuture<WindowState> savedState;
    /** Under the data directory: the window's first-start flags ({@link FirstStart}). */
    static final String WINDOW_FLAGS_DIR = "window";
    private static volatile int exitCode;

    private final Object lifecycle = new Object();
    private Workspace workspace; // guarded by lifecycle
    private RunDatabase runs; // guarded by lifecycle; null when the data directory's run database cannot be opened
    private boolean stopped; // guarded by lifecycle
    private ExecutorService background;
    private StartupViewModel startup;
    private WorkbenchWindow window;
    private StartupReport report;

    /** Launches the window and blocks until it is closed; returns the exit code (non-zero: a smoke test failed). */
    static int launch(Options launchOptions) {
        options = launchOptions;
        exitCode = 0;
        Path stateFile = launchOptions.windowStateFile();
        savedState = stateFile == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> WindowStateFile.load(stateFile, line -> log().warn(line)),
                        Thread.ofPlatform().daemon().name("defl-window-state")::start);
        Application.launch(WorkbenchApp.class);
        return exitCode;
    }

    private static Logger log() {
        // not a static field: Logback's configuration is read after the window is on screen
        return LoggerFactory.getLogger(WorkbenchApp.class);
    }

    @Override
    public void start(Stage stage) {
        Options o = options;
        report = new StartupReport(o.startupReport() || Boolean.getBoolean(StartupReport.PROPERTY), System.out);
        background = Executors.newCachedThreadPool(new WorkerThreads());
        startup = new StartupViewModel(TaskExecutor.onFxThread(background));
        window = WorkbenchWindow.showStarting(stage, startup, restoredState());
        window.describeApp(appInfo(o), uri -> getHostServices().showDocument(uri));
        if (o.windowStateFile() != null) {
            stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> saveState(o.windowStateFile()));
        }
        report.watchFirstFrame(stage.getScene());
        if (o.smokeScreenshot() != null) {
            new SmokeScreenshot(o.smokeScreenshot(), System.out, System.err, code -> {
                exitCode = code;
                Platform.exit();
            }).watch(startup, stage.getScene());
        }
        if (o.script() != null) {
            o.script().start(stage, startup, code -> {
                exitCode = code;
                Platform.exit();
            });
        }
        background.execute(() -> openWorkspace(o));
    }

    /**
     * What Help → About shows: the jar's version, the data directory, and where logs go: stderr (Logback's console
     * appender, {@code logback.xml}) and, with the managed dev chain, anvil's log next to its state file
     * ({@code DIR/chain/anvil-state.json.log}, see {@code Workspace.openEmbedded} and {@code AnvilProcess.start}).
     */
    static AppInfo appInfo(Options o) {
        String v = WorkbenchApp.class.getPackage().getImplementationVersion();
        List<String> logs = new java.util.ArrayList<>();
        logs.add("standard error of the workbench process (level: DEFL_LOG_LEVEL, default WARN)");
        if (o.chain() == null && o.dataDir() != null) {
            logs.add(o.dataDir().toAbsolutePath().resolve("chain").resolve("anvil-state.json.log") + " (dev chain)");
        }
        return new AppInfo(v != null ? v : "development build", o.dataDir(), logs);
    }

    /** The saved window state, or null (defaults) when there is none or reading it takes too long. */
    private static WindowState restoredState() {
        try {
            return savedState.get(WINDOW_STATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log().warn("reading the window settings {} took over {} s; using the defaults", options.windowStateFile(),
                    WINDOW_STATE_WAIT.toSeconds());
        } catch (ExecutionException e) {
            log().warn("cannot read the window settings {}: {}; using the defaults", options.windowStateFile(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** On the FX thread, as the window closes: saves its size, position and tab for the next start (a few hundred bytes). */
    private void saveState(Path file) {
        try {
            WindowStateFile.save(file, window.state());
        } catch (IOException | RuntimeException e) {
            log().warn("cannot save the window settings {}: {}", file, e.toString());
        }
    }

    /** On a background thread: opens the workspace, then builds the panes' services and hands them to the window. */
    private void openWorkspace(Options o) {
        AtomicReference<Workspace.OpeningStep> step = new AtomicReference<>();
        Workspace opened;
        try {
            Workspace.describeProcess("DeFL Workbench window");
            java.util.function.Consumer<Workspace.OpeningStep> progress = s -> {
                step.set(s);
                Platform.runLater(() -> startup.opening(s));
            };
            opened = o.chain() != null ? Workspace.openWithChain(o.dataDir(), o.chain(), progress)
                    : Workspace.openEmbedded(o.dataDir(), progress);
        } catch (Exception | LinkageError e) {
            log().warn("cannot open the workspace in {}: {}", o.dataDir(), e.toString());
            String line = CliErrors.oneLine(e);
            Platform.runLater(() -> startup.workspaceFailed(step.get(), line, e));
            return;
        }
        synchronized (lifecycle) {
            if (stopped) {
                opened.close();
                return;
            }
            workspace = opened;
        }
        Workspace ws = opened;
        log().info("workspace {} with chain {}", ws.dataDir(), ws.chain().rpcUrl());
        RunDatabase history = openRunDatabase(ws);
        synchronized (lifecycle) {
            runs = history;
        }
        long block;
        try {
            block = ws.chain().blockNumber();
        } catch (RuntimeException e) {
            block = -1;
        }
        long head = block;
        Platform.runLater(() -> {
            startup.workspaceOpened(head);
            report.ready();
        });
        var services = new WorkbenchServices(
                (spec, datasetOptions) -> Datasets.load(spec, ExperimentConfig.DEFAULT_SEED, datasetOptions, ws.embeddedContent()),
                device -> {
                    ComputeDevice compute = ComputeDevice.resolve(device);
                    FederatedExperiment experiment = new FederatedExperiment(ws, compute);
                    return history == null ? experiment : new RecordedExperiment(experiment, history, ws.content(), compute.name());
                },
                ws::status,
                ws.embeddedContent(),
                background,
                EndpointSettings.fileIn(ws.dataDir()),
                PinningServiceSettings.fileIn(ws.dataDir()),
                () -> System.getenv(PINNING_TOKEN_VARIABLE),
                new ChainServices(
                        new ChainExplorer(ws.chain(), ChainCommand.recognizer(ws.chain()), EXPLORER_CACHE),
                        () -> syncedEventIndex(ws), () -> recordedTaskContract(ws)),
                history);
        var network = new NetworkServices(ws.dataDir(), ws.embeddedContent(),
                (spec, seed, content) -> Datasets.load(spec, seed, DatasetOptions.defaults(), content));
        Platform.runLater(() -> {
            // the Trainer's first-start welcome: until a run is started from this data directory, or it is dismissed
            FirstStart firstStart = FirstStart.in(ws.dataDir().resolve(WINDOW_FLAGS_DIR));
            if (history != null) firstStart = firstStart.withHistory(RunHistory.pastRuns(history, firstStart.history()));
            window.attach(services, network, firstStart);
            startup.watchHealth(() -> probe(ws));
            showAbandonedTasks(ws);
        });
        loadEngine();
    }

    /** On a background thread: loads DJL and the PyTorch natives, so that the first run does not wait for them. */
    private void loadEngine() {
        Platform.runLater(startup::engineStarting);
        try {
            String device = LocalTrainer.deviceDescription();
            Platform.runLater(() -> startup.engineReady(device));
        } catch (Exception | LinkageError e) {
            log().warn("cannot load the training engine: {}", e.toString());
            Platform.runLater(() -> startup.engineFailed(e));
        }
    }

    /** The chain and the IPFS pane's endpoints (re-read each time: the pane may change them), probed once. */
    private static Readiness probe(Workspace ws) {
        List<EndpointSpec> endpoints;
        try {
            endpoints = EndpointSettings.load(EndpointSettings.fileIn(ws.dataDir()));
        } catch (IOException e) {
            endpoints = List.of(); // the IPFS pane reports a malformed endpoint list
        }
        return new ReadinessProbe(ws.chain().rpcUrl(), endpoints, PROBE_TIMEOUT).probe();
    }

    /** A run in this data directory died (kill -9, power loss) while driving a task: say what became of it. */
    private void showAbandonedTasks(Workspace ws) {
        if (ws.abandonedTasks().isEmpty()) return;
        Alert alert = new Alert(Alert.AlertType.INFORMATION, String.join("\n\n", ws.abandonedTasks().stream()
                .map(Workspace.AbandonedTask::describe).toList()));
        alert.setHeaderText("A run that ended abruptly left its task active; it is now marked abandoned on chain");
        alert.initOwner(window.stage());
        alert.show();
    }

    /** The workspace's contract, or null before any task was run here (nothing deployed yet). */
    private static TaskContract recordedTaskContract(Workspace ws) {
        return DeploymentRecord.load(ws.deploymentRecordFile()).isEmpty() ? null : ws.taskContract();
    }

    /** The workspace's event index brought up to date, or null before any task was run here (nothing to index). */
    private static LogIndex syncedEventIndex(Workspace ws) {
        if (recordedTaskContract(ws) == null) {
            return null;
        }
        try {
            LogIndex index = ws.eventIndex();
            index.sync();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data directory's run database, or null (logged) when it cannot be opened: the window then keeps no history. */
    private RunDatabase openRunDatabase(Workspace ws) {
        if (ws.readOnly()) return null;
        try {
            return RunDatabase.open(ws.dataDir());
        } catch (IOException e) {
            log().warn("{}; runs started from this window are not kept", e.getMessage());
            return null;
        }
    }

    @Override
    public void stop() {
        // hiding the window stops the panes' and the status bar's timers before their executor goes
        if (window != null && window.stage().isShowing()) window.stage().hide();
        if (background != null) background.shutdownNow();
        synchronized (lifecycle) {
            stopped = true;
            if (runs != null) {
                try {
                    runs.purgeDeleted(); // a deletion can be undone while the window is open, not after
                } catch (IOException e) {
                    log().warn("cannot remove the runs deleted in this window: {}", e.getMessage());
                }
                runs.close();
            }
            if (workspace != null) workspace.close();
        }
    }

    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "defl-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
