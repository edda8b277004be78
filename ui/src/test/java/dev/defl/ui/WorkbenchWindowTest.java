package dev.defl.ui;

import dev.defl.engine.workspace.WorkspaceStatus;
import org.junit.jupiter.api.io.TempDir;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The window over the real engine ({@link RealEngine}: the app's dataset loader, runner and workspace status). */
class WorkbenchWindowTest extends WorkbenchHarness {

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.services(background, scratchContentStore());
    }

    @Test
    void windowOpensWithItsSevenPanesAndShowsTheWorkspaceStatus(FxRobot robot) throws Exception {
        Stage stage = (Stage) Window.getWindows().getFirst();
        assertThat(stage.getTitle()).isEqualTo("DeFL Workbench");
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(Tab::getText).containsExactly("Trainer", "Round timeline", "IPFS", "Chain explorer",
                "Peers", "Network", "Runs");

        WorkspaceStatus real = RealEngine.workspace().status();
        Label chain = robot.lookup("#statusChain").queryAs(Label.class);
        waitUntil(10, () -> chain.getText().contains(real.rpcUrl()));
        assertThat(chain.getText()).matches("Chain .* · block \\d+");
        assertThat(real.rpcUrl()).startsWith("http://127.0.0.1:");
        Label store = robot.lookup("#statusStore").queryAs(Label.class);
        waitUntil(10, () -> store.getText().contains(real.storePath().toString()));
        assertThat(store.getText()).containsPattern("\\d+ blocks");
        assertThat(robot.lookup("#statusDevice").queryAs(Label.class).getText()).contains(real.device());
    }

    @Test
    void menusOfferOpenQuitRunStopSettingsAndAboutWithAccelerators(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        assertThat(bar.getMenus()).extracting(Menu::getText).containsExactly("_File", "_Run", "_Settings", "_Help");
        MenuItem open = bar.getMenus().get(0).getItems().getFirst();
        assertThat(open.getAccelerator().getName()).contains("O");
        MenuItem run = bar.getMenus().get(1).getItems().get(0);
        MenuItem pause = bar.getMenus().get(1).getItems().get(1);
        MenuItem stop = bar.getMenus().get(1).getItems().get(2);
        assertThat(pause.getId()).isEqualTo("menuPause");
        assertThat(pause.isDisable()).as("Pause while idle").isTrue();
        assertThat(run.getAccelerator().getName()).contains("R");
        assertThat(run.isDisable()).as("Run without a dataset").isTrue();
        assertThat(stop.isDisable()).as("Stop while idle").isTrue();
        assertThat(bar.getMenus().get(2).getItems()).extracting(MenuItem::getText).containsExactly("_Network…");
        assertThat(bar.getMenus().get(2).getItems().getFirst().isDisable()).as("no network services").isTrue();
        assertThat(bar.getMenus().get(3).getItems()).extracting(MenuItem::getText)
                .containsExactly("_Keyboard shortcuts", "_Documentation", null, "_About DeFL Workbench");
    }

    @Test
    void sampleButtonShowsImagePreviewAndEnablesRun(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();
        // picking a built-in dataset in the combo's list loads it (no Load step)
        robot.interact(() -> robot.lookup("#builtinDataset").queryAs(javafx.scene.control.ComboBox.class)
                .getSelectionModel().select("digits"));
        waitUntil(30, () -> robot.lookup("#imageGrid").tryQuery().isPresent());
        assertThat(robot.lookup("#datasetName").queryAs(Label.class).getText()).isEqualTo("digits/train");
        // the preview appears before the load task's completion callback re-enables Run
        waitUntil(30, () -> !robot.lookup("#runButton").queryAs(Button.class).isDisabled());
        assertThat(robot.lookup("#stopButton").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void datasetLoadFailureIsShownWithTheLoadersMessage(FxRobot robot, @TempDir Path dir) throws Exception {
        // a real malformed file: the engine's CSV reader names the file, line and column
        Path csv = Files.writeString(dir.resolve("ragged.csv"), "1,2,0\n3,4,1\n5,6\n7,8,1\n9,10,0\n11,12,1\n");
        dropFiles(robot, "#datasetDropZone", List.of(csv.toFile()));
        Label error = robot.lookup("#errorLabel").queryAs(Label.class);
        waitUntil(30, () -> error.isVisible() && !error.getText().isEmpty());
        assertThat(error.getText()).startsWith("Could not load dataset " + csv)
                .contains("ragged.csv:3:3: row has 2 fields, expected 3");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void aMissingDatasetFileIsShownWithTheLoadersMessage(FxRobot robot, @TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such.csv");
        robot.interact(() -> robot.lookup("#builtinDataset").queryAs(javafx.scene.control.ComboBox.class)
                .getEditor().setText(missing.toString()));
        robot.clickOn("#loadBuiltinButton");
        Label error = robot.lookup("#errorLabel").queryAs(Label.class);
        waitUntil(30, () -> error.isVisible() && !error.getText().isEmpty());
        assertThat(error.getText()).startsWith("Could not load dataset " + missing).contains("no-such.csv");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();
    }
}
