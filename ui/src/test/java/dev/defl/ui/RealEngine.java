package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.runs.RecordedExperiment;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.workspace.Workspace;
import dev.defl.ui.explorer.ChainServices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The real engine for the ui tests, wired as {@code WorkbenchApp} wires it: one embedded {@link Workspace} (a real
 * anvil dev chain and a real embedded content store) shared by every test in the JVM, opened on first use (a few
 * seconds) in a temporary directory and closed, with the directory deleted, when the JVM exits. Datasets load through
 * {@link Datasets#load(String, long, dev.defl.engine.learning.DatasetOptions, dev.defl.engine.content.ContentStore)};
 * runs are {@link FederatedExperiment}s on it (digits, 2–3 clients, 1 round take a few seconds on a CPU).
 *
 * <p>Safe to share: every run creates its own task on the chain, the status only reads, and tests that count what is
 * in a content store pass their own empty store to {@link #services(Executor, EmbeddedContentStore)}. The ui tests run
 * one at a time in one JVM (surefire's default), so the workspace's data-directory lock is held by this JVM only.
 */
public final class RealEngine {

    private static Workspace workspace;

    private RealEngine() {
    }

    /**
     * The shared workspace, opened on the first call.
     *
     * @throws UncheckedIOException if the directory cannot be made or anvil cannot be started
     */
    public static synchronized Workspace workspace() {
        if (workspace == null) {
            try {
                Path dir = Files.createTempDirectory("defl-ui-test-workspace");
                Workspace opened = Workspace.openEmbedded(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    opened.close();
                    deleteTree(dir);
                }, "ui-test-workspace-close"));
                workspace = opened;
            } catch (IOException e) {
                throw new UncheckedIOException("could not open the ui tests' embedded workspace", e);
            }
        }
        return workspace;
    }

    /** The app's dataset loader: built-in names, files, image folders and {@code cid:} specs of the shared store. */
    public static DatasetLoader datasets() {
        return (spec, options) -> Datasets.load(spec, ExperimentConfig.DEFAULT_SEED, options,
                workspace().embeddedContent());
    }

    /** The app's runner factory: a {@link FederatedExperiment} on the shared workspace, on the device asked for. */
    public static ExperimentRunners runners() {
        return device -> new FederatedExperiment(workspace(), ComputeDevice.resolve(device));
    }

    /**
     * A {@link FederatedExperiment} on the shared workspace, training on the CPU. The workspace is opened only when
     * the run starts, so a test that never runs costs nothing.
     */
    public static ExperimentRunner runner() {
        return (config, data, model, listener, cancelled) -> new FederatedExperiment(workspace(), ComputeDevice.cpu())
                .run(config, data, model, listener, cancelled);
    }

    /**
     * The window's services over the real engine, with {@code content} as the IPFS pane's store (pass a fresh
     * {@link EmbeddedContentStore} where a test counts what is in it, {@code workspace().embeddedContent()} otherwise).
     */
    public static WorkbenchServices services(Executor background, EmbeddedContentStore content) {
        Workspace ws = workspace();
        return new WorkbenchServices(datasets(), runners(), ws::status, content, background);
    }

    /**
     * The app's runner factory recording into {@code runs}, as the window wires it: a {@link RecordedExperiment}
     * around a {@link FederatedExperiment} on the shared workspace.
     */
    public static ExperimentRunners recordedRunners(RunDatabase runs) {
        return device -> {
            ComputeDevice compute = ComputeDevice.resolve(device);
            return new RecordedExperiment(new FederatedExperiment(workspace(), compute), runs, workspace().content(), compute.name());
        };
    }

    /**
     * A run database of its own in {@code dir} (a test's {@code @TempDir}), the real SQLite file the window uses.
     *
     * @throws UncheckedIOException if it cannot be opened
     */
    public static RunDatabase runDatabase(Path dir) {
        try {
            return RunDatabase.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #services(Executor, EmbeddedContentStore)} with the shared workspace's content store and its chain,
     * wired as {@code WorkbenchApp} wires them: the explorer over the workspace chain, the event index brought up to
     * date on each read, and the recorded task contract (none before the first run).
     */
    public static WorkbenchServices servicesWithChain(Executor background) {
        Workspace ws = workspace();
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        ChainExplorer explorer = new ChainExplorer(ws.chain(),
                ContractRecognizer.create(ws.chain()).withArtifactResource(base), 32);
        Supplier<TaskContract> contract = () ->
                DeploymentRecord.load(ws.deploymentRecordFile()).isEmpty() ? null : ws.taskContract();
        Supplier<LogIndex> index = () -> {
            if (contract.get() == null) return null;
            try {
                LogIndex opened = ws.eventIndex();
                opened.sync();
                return opened;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new WorkbenchServices(datasets(), runners(), ws::status, ws.embeddedContent(), background, null, null,
                () -> null, new ChainServices(explorer, index, contract));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit: the directory is in the system's temporary directory
        }
    }
}
