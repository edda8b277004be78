package dev.defl.ui;

import dev.defl.engine.workspace.WorkspaceStatus;
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

import java.nio.file.Path;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The window with test doubles (see {@link CsvTestDatasetLoader}, {@link ScriptedExperimentRunner}). */
class WorkbenchWindowTest extends WorkbenchHarness {

    static final WorkspaceStatus STATUS = new WorkspaceStatus("http://127.0.0.1:8545", 42, Path.of("/tmp/defl-store"),
            1_572_864, 37, "CPU");

    @Override
    protected WorkbenchServices services(Executor background) {
        return new WorkbenchServices(new CsvTestDatasetLoader(), new ScriptedExperimentRunner(0), () -> STATUS,
                scratchContentStore(), background);
    }

    @Test
    void windowOpensWithItsSixPanesAndShowsTheWorkspaceStatus(FxRobot robot) throws Exception {
        Stage stage = (Stage) Window.getWindows().getFirst();
        assertThat(stage.getTitle()).isEqualTo("DeFL Workbench");
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(Tab::getText).containsExactly("Trainer", "Round timeline", "IPFS", "Chain explorer",
                "Peers", "Network");

        Label chain = robot.lookup("#statusChain").queryAs(Label.class);
        waitUntil(10, () -> chain.getText().contains("block 42"));
        assertThat(chain.getText()).contains("http://127.0.0.1:8545");
        assertThat(robot.lookup("#statusStore").queryAs(Label.class).getText())
                .contains(Path.of("/tmp/defl-store").toString()).contains("1.5 MiB").contains("37 blocks");
        assertThat(robot.lookup("#statusDevice").queryAs(Label.class).getText()).contains("CPU");
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
        assertThat(bar.getMenus().get(3).getItems()).extracting(MenuItem::getText).containsExactly("_About DeFL Workbench");
    }

    @Test
    void sampleButtonShowsImagePreviewAndEnablesRun(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();
        robot.clickOn("#loadBuiltinButton"); // "digits" is preselected
        waitUntil(30, () -> robot.lookup("#imageGrid").tryQuery().isPresent());
        assertThat(robot.lookup("#datasetName").queryAs(Label.class).getText()).isEqualTo("digits/train");
        // the preview appears before the load task's completion callback re-enables Run
        waitUntil(30, () -> !robot.lookup("#runButton").queryAs(Button.class).isDisabled());
        assertThat(robot.lookup("#stopButton").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void datasetLoadFailureIsShownWithTheLoadersMessage(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#builtinDataset").queryAs(javafx.scene.control.ComboBox.class).setValue("fashion-mnist"));
        robot.clickOn("#loadBuiltinButton");
        Label error = robot.lookup("#errorLabel").queryAs(Label.class);
        waitUntil(30, () -> error.isVisible() && error.getText().contains("not available in the test double loader"));
        assertThat(error.getText()).startsWith("Could not load dataset fashion-mnist");
        assertThat(robot.lookup("#runButton").queryAs(Button.class).isDisabled()).isTrue();
    }
}
