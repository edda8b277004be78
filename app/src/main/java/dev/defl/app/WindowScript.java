package dev.defl.app;

import dev.defl.ui.status.StartupViewModel;
import javafx.stage.Stage;

import java.util.function.IntConsumer;

/** Drives the window once it is shown, without a user: {@code defl bench ui} ({@link UiBenchScript}). */
interface WindowScript {

    /**
     * Called once on the JavaFX thread, right after the window is shown (its panes still waiting for the workspace).
     *
     * @param exit ends the app with the given exit code; call it once, on the JavaFX thread
     */
    void start(Stage stage, StartupViewModel startup, IntConsumer exit);
}
