package dev.defl.ui;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.workspace.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * {@link RunFlowSpec} with the real engine: the dropped CSV is read by the engine's dataset loader,
 * and the run trains with DJL, adds updates to a real embedded store and finalizes round 1 on a
 * real anvil started for this class.
 */
class RunFlowWithRealEngineTest extends RunFlowSpec {

    @TempDir
    static Path dataDir;
    static Workspace workspace;

    @BeforeAll
    static void openWorkspace() throws Exception {
        workspace = Workspace.openEmbedded(dataDir);
    }

    @AfterAll
    static void closeWorkspace() {
        if (workspace != null) workspace.close();
    }

    @Override
    protected WorkbenchServices services(Executor background) {
        return new WorkbenchServices((spec, options) -> Datasets.load(spec, 7, options, workspace.embeddedContent()),
                device -> new FederatedExperiment(workspace, ComputeDevice.resolve(device)),
                workspace::status, workspace.embeddedContent(), background);
    }
}
