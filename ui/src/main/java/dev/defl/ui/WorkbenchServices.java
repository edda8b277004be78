package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.workspace.WorkspaceStatus;

import dev.defl.ui.explorer.ChainServices;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The only door from the window to the engine: everything the panes need, supplied by the app.
 *
 * @param datasets   loads a dataset by spec (see {@link DatasetLoader}); called on {@code background}
 * @param runners    makes the runner of a federated experiment on the compute device the Trainer picked
 *                   ({@link ExperimentRunners}); called on {@code background}
 * @param status     a snapshot of chain, content store and device; called on {@code background} every ~2 s
 * @param content    the embedded content store the IPFS pane browses and writes; called on {@code background}
 * @param background executor for all blocking work (loading, runs, status); must not be the FX thread and must
 *                   run at least two tasks at once (a run and the status refresh), e.g. a cached pool of
 *                   daemon threads
 * @param ipfsEndpointsFile where the IPFS pane keeps its endpoint list (see
 *                   {@link dev.defl.engine.content.net.EndpointSettings}; read and written on {@code background}),
 *                   or null to keep it in memory only
 * @param pinningServiceFile where the IPFS pane keeps the URL of its remote pinning service (see
 *                   {@link dev.defl.engine.content.remotepin.PinningServiceSettings}; never the token), or null to
 *                   keep it in memory only
 * @param pinningToken supplies the pinning service's access token to start with (the app reads
 *                   {@code $DEFL_PINNING_TOKEN}), or null; a supplier so that the token never shows in this
 *                   record's {@code toString()}
 * @param chain      what the Chain explorer pane reads (called on {@code background}), or null when there is no
 *                   chain (the pane says so)
 * @param runs       the data directory's run database (runs, address book, content names; read and written on
 *                   {@code background}), or null when there is none (the window then keeps no history)
 */
public record WorkbenchServices(DatasetLoader datasets, ExperimentRunners runners, Supplier<WorkspaceStatus> status,
                                EmbeddedContentStore content, Executor background, Path ipfsEndpointsFile,
                                Path pinningServiceFile, Supplier<String> pinningToken, ChainServices chain,
                                RunDatabase runs) {

    /** Services without a run database. */
    public WorkbenchServices(DatasetLoader datasets, ExperimentRunners runners, Supplier<WorkspaceStatus> status,
                             EmbeddedContentStore content, Executor background, Path ipfsEndpointsFile,
                             Path pinningServiceFile, Supplier<String> pinningToken, ChainServices chain) {
        this(datasets, runners, status, content, background, ipfsEndpointsFile, pinningServiceFile, pinningToken, chain, null);
    }

    /** These services with {@code runs} as the run database. */
    public WorkbenchServices withRuns(RunDatabase runs) {
        return new WorkbenchServices(datasets, runners, status, content, background, ipfsEndpointsFile,
                pinningServiceFile, pinningToken, chain, runs);
    }

    /** Services whose runner trains wherever it chooses, whatever device the Trainer picks (test doubles). */
    public WorkbenchServices(DatasetLoader datasets, ExperimentRunner runner, Supplier<WorkspaceStatus> status,
                             EmbeddedContentStore content, Executor background, Path ipfsEndpointsFile,
                             Path pinningServiceFile, Supplier<String> pinningToken, ChainServices chain) {
        this(datasets, ExperimentRunners.always(runner), status, content, background, ipfsEndpointsFile,
                pinningServiceFile, pinningToken, chain);
    }

    /** Services without a chain explorer. */
    public WorkbenchServices(DatasetLoader datasets, ExperimentRunner runner, Supplier<WorkspaceStatus> status,
                             EmbeddedContentStore content, Executor background, Path ipfsEndpointsFile,
                             Path pinningServiceFile, Supplier<String> pinningToken) {
        this(datasets, ExperimentRunners.always(runner), status, content, background, ipfsEndpointsFile,
                pinningServiceFile, pinningToken, null);
    }

    /** Services whose IPFS pane keeps its endpoint list in memory only. */
    public WorkbenchServices(DatasetLoader datasets, ExperimentRunner runner, Supplier<WorkspaceStatus> status,
                             EmbeddedContentStore content, Executor background) {
        this(datasets, runner, status, content, background, null);
    }

    /** Services whose runner follows the Trainer's device picker, whose IPFS pane keeps its endpoint list in memory only. */
    public WorkbenchServices(DatasetLoader datasets, ExperimentRunners runners, Supplier<WorkspaceStatus> status,
                             EmbeddedContentStore content, Executor background) {
        this(datasets, runners, status, content, background, null, null, () -> null, null);
    }

    /** Services whose IPFS pane keeps its endpoint list in {@code ipfsEndpointsFile} and its pinning service in memory. */
    public WorkbenchServices(DatasetLoader datasets, ExperimentRunner runner, Supplier<WorkspaceStatus> status,
                             EmbeddedContentStore content, Executor background, Path ipfsEndpointsFile) {
        this(datasets, runner, status, content, background, ipfsEndpointsFile, null, () -> null);
    }

    public WorkbenchServices {
        Objects.requireNonNull(datasets, "datasets");
        Objects.requireNonNull(runners, "runners");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(background, "background");
        if (pinningToken == null) pinningToken = () -> null;
    }
}
