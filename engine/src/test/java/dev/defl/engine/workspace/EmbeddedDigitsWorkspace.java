package dev.defl.engine.workspace;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The fixture of the whole-run test classes: one real embedded workspace (anvil and content store) in a temporary data
 * directory and the bundled digits sample split with seed 7, opened once per test class and closed after it. Test
 * classes run one after another in this build, so the static fields serve one class at a time.
 */
public abstract class EmbeddedDigitsWorkspace {
    @TempDir
    protected static Path dataDir;
    protected static Workspace workspace;
    protected static DatasetSplit data;

    @BeforeAll
    static void openWorkspace() throws Exception {
        workspace = Workspace.openEmbedded(dataDir);
        data = Datasets.load("digits", 7);
    }

    @AfterAll
    static void closeWorkspace() {
        if (workspace != null) workspace.close();
        workspace = null;
    }
}
