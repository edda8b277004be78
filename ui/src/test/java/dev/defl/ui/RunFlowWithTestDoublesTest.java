package dev.defl.ui;

import dev.defl.engine.workspace.WorkspaceStatus;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/** {@link RunFlowSpec} over the test doubles; the integration test runs the same spec over the real engine. */
class RunFlowWithTestDoublesTest extends RunFlowSpec {
    @Override
    protected WorkbenchServices services(Executor background) {
        return new WorkbenchServices(new CsvTestDatasetLoader(), new ScriptedExperimentRunner(0),
                () -> new WorkspaceStatus("http://127.0.0.1:8545", 7, Path.of("/tmp/store"), 0, 0, "CPU"),
                scratchContentStore(), background);
    }
}
