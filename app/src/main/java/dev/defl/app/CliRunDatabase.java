package dev.defl.app;

import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.workspace.Workspace;

import java.io.IOException;

/** How the CLI opens the data directory's run database for commands that record into it. */
final class CliRunDatabase {
    private CliRunDatabase() {
    }

    /**
     * The run database of {@code workspace}'s data directory, or null, with a warning on stderr, when it cannot be
     * opened or the workspace is read-only: the command then goes on without recording.
     */
    static RunDatabase open(Workspace workspace) {
        if (workspace.readOnly()) return null;
        try {
            return RunDatabase.open(workspace.dataDir());
        } catch (IOException e) {
            System.err.println("warning: " + e.getMessage() + "; this run is not kept in the run history");
            return null;
        }
    }
}
