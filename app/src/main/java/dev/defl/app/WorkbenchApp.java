package dev.defl.app;

import dev.defl.engine.content.net.EndpointSettings;
import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.Workspace;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.index.LogIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.WorkbenchServices;
import dev.defl.ui.network.NetworkServices;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.ui.WorkbenchWindow;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JavaFX application: opens the workspace (embedded store + managed anvil) off the FX thread
 * in {@link #init()}, shows the workbench window, and on exit stops the background workers and
 * the chain (SIGTERM, so its state is saved).
 */
public final class WorkbenchApp extends Application {

    private static final Logger log = LoggerFactory.getLogger(WorkbenchApp.class);
    /** Blocks and transactions the Chain explorer pane keeps decoded, each. */
    private static final int EXPLORER_CACHE = 512;
    /** Environment variable holding the remote pinning service's access token (read, never logged or saved). */
    static final String PINNING_TOKEN_VARIABLE = "DEFL_PINNING_TOKEN";
    private static volatile Path dataDir;
    /** The chain to use instead of the embedded anvil, or null. */
    private static volatile ChainSettings chainSettings;

    private Workspace workspace;
    private Exception openFailure;
    private ExecutorService background;

    /** Launches the window on {@code dir} and blocks until it is closed. */
    static void launch(Path dir, ChainSettings chain) {
        dataDir = dir;
        chainSettings = chain;
        Application.launch(WorkbenchApp.class);
    }

    @Override
    public void init() {
        background = Executors.newCachedThreadPool(new WorkerThreads());
        try {
            Workspace.describeProcess("DeFL Workbench window");
            workspace = chainSettings != null ? Workspace.openWithChain(dataDir, chainSettings)
                    : Workspace.openEmbedded(dataDir);
            log.info("workspace {} with chain {}", workspace.dataDir(), workspace.chain().rpcUrl());
        } catch (Exception e) {
            openFailure = e;
        }
    }

    @Override
    public void start(Stage stage) {
        if (openFailure != null) {
            Alert alert = new Alert(Alert.AlertType.ERROR, CliErrors.oneLine(openFailure));
            alert.setHeaderText("DeFL Workbench could not open its workspace in " + dataDir);
            alert.showAndWait();
            Platform.exit();
            return;
        }
        var services = new WorkbenchServices(
                (spec, options) -> Datasets.load(spec, ExperimentConfig.DEFAULT_SEED, options, workspace.embeddedContent()),
                device -> new FederatedExperiment(workspace, ComputeDevice.resolve(device)),
                workspace::status,
                workspace.embeddedContent(),
                background,
                EndpointSettings.fileIn(workspace.dataDir()),
                PinningServiceSettings.fileIn(workspace.dataDir()),
                () -> System.getenv(PINNING_TOKEN_VARIABLE),
                new ChainServices(
                        new ChainExplorer(workspace.chain(), ChainCommand.recognizer(workspace.chain()), EXPLORER_CACHE),
                        this::syncedEventIndex, this::recordedTaskContract));
        var network = new NetworkServices(workspace.dataDir(), workspace.embeddedContent(),
                (spec, seed, content) -> Datasets.load(spec, seed, DatasetOptions.defaults(), content));
        WorkbenchWindow.show(stage, services, network);
        if (!workspace.abandonedTasks().isEmpty()) {
            // a run in this data directory died (kill -9, power loss) while driving a task: say what became of it
            Alert alert = new Alert(Alert.AlertType.INFORMATION, String.join("\n\n", workspace.abandonedTasks().stream()
                    .map(Workspace.AbandonedTask::describe).toList()));
            alert.setHeaderText("A run that ended abruptly left its task active; it is now marked abandoned on chain");
            alert.initOwner(stage);
            alert.show();
        }
    }

    /** The workspace's contract, or null before any task was run here (nothing deployed yet). */
    private TaskContract recordedTaskContract() {
        return DeploymentRecord.load(workspace.deploymentRecordFile()).isEmpty() ? null : workspace.taskContract();
    }

    /** The workspace's event index brought up to date, or null before any task was run here (nothing to index). */
    private LogIndex syncedEventIndex() {
        if (recordedTaskContract() == null) {
            return null;
        }
        try {
            LogIndex index = workspace.eventIndex();
            index.sync();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        background.shutdownNow();
        if (workspace != null) workspace.close();
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
