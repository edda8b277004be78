package dev.defl.ui;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.ui.explorer.DetailNode;
import dev.defl.ui.run.FirstStart;
import dev.defl.ui.timeline.TaskSummary;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first five minutes in the window over the real engine ({@link RealEngine}: a real anvil chain, the real
 * embedded content store, real DJL training) with the workspace's chain in the Timeline, Peers and Chain explorer
 * panes: the first-start welcome's sample run, picking a built-in dataset, why Run is disabled and its fixed slot,
 * and the panes following a run (Peers, IPFS) and a stopped run (its task shown abandoned everywhere).
 */
class FirstFiveMinutesTest extends WorkbenchHarness {

    /** How long a real run of digits (3 clients, 1–2 rounds) may take on a loaded CPU, in seconds. */
    private static final long REAL_RUN_SECONDS = 240;

    @Override
    protected WorkbenchServices services(Executor background) {
        return RealEngine.servicesWithChain(background);
    }

    @Override
    protected FirstStart firstStart() {
        return FirstStart.in(scratchDir.resolve("window"));
    }

    @AfterEach
    void stopRun(FxRobot robot) throws Exception {
        // a run still going (a failed test) must not outlive its window: Stop, and wait until it has ended
        javafx.scene.control.MenuItem stop = stopMenu(robot);
        if (stop == null) return;
        robot.interact(() -> {
            if (!stop.isDisable()) stop.fire();
        });
        waitFx(120, stop::isDisable);
    }

    /**
     * Run → Stop, bound to the run for the window's life (the Trainer's own buttons are bound only while its tab is
     * shown): enabled exactly while a run is under way.
     */
    private static javafx.scene.control.MenuItem stopMenu(FxRobot robot) {
        return robot.lookup("#menuBar").tryQueryAs(javafx.scene.control.MenuBar.class)
                .flatMap(bar -> bar.getMenus().stream().flatMap(m -> m.getItems().stream())
                        .filter(i -> "menuStop".equals(i.getId())).findFirst())
                .orElse(null);
    }

    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitFx(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    }

    private static void selectTab(FxRobot robot, String id) {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    private static String text(FxRobot robot, String query) throws Exception {
        return fx(() -> robot.lookup(query).queryLabeled().getText());
    }

    private static long newestTask() {
        return RealEngine.workspace().taskContract().taskCount();
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<String> datasetCombo(FxRobot robot) {
        return robot.lookup("#builtinDataset").queryAs(ComboBox.class);
    }

    /** Picks {@code name} in the dataset combo's list, as a click on the item does; no Load. */
    private static void pick(FxRobot robot, String name) {
        ComboBox<String> combo = datasetCombo(robot);
        robot.interact(() -> combo.getSelectionModel().select(name));
    }

    private static Bounds sceneBounds(FxRobot robot, String query) throws Exception {
        Node node = robot.lookup(query).query();
        return fx(() -> node.localToScene(node.getLayoutBounds()));
    }

    @Test
    void theWelcomesSampleRunsToAFinalizedRoundWhileIpfsAndPeersFollowIt(FxRobot robot) throws Exception {
        Node card = robot.lookup("#welcomeCard").query();
        waitFx(10, card::isVisible);

        // looked up while the Trainer is shown: only the selected tab's pane is in the scene (SelectedTabContent)
        Button sample = robot.lookup("#welcomeSampleButton").queryAs(Button.class);
        // the IPFS pane shown before the run starts: what it lists later comes from the store's pin events alone
        selectTab(robot, "ipfsTab");
        EmbeddedContentStore store = RealEngine.workspace().embeddedContent();
        TableView<?> pins = robot.lookup("#ipfsTable").queryAs(TableView.class);
        waitFx(20, () -> pins.getItems().size() == store.pins().size());
        int before = fx(() -> pins.getItems().size());

        robot.interact(sample::fire);
        AtomicBoolean running = new AtomicBoolean();
        try {
            waitFx(REAL_RUN_SECONDS, () -> {
                running.set(!stopMenu(robot).isDisable());
                return pins.getItems().size() > before;
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the IPFS list never grew: " + fx(() -> pins.getItems().size()) + " rows, "
                    + store.pins().size() + " pins in the store; step: " + text(robot, "#stepLabel"), e);
        }
        assertThat(running.get()).as("the list grew while the run was going").isTrue();

        selectTab(robot, "trainerTab"); // bound to its view-models again: shows what happened while hidden
        assertThat(fx(() -> datasetCombo(robot).getValue())).as("the sample loaded digits").isEqualTo("digits");
        assertThat(fx(() -> robot.lookup("#clientsField").queryAs(TextField.class).getText())).isEqualTo("3");
        assertThat(fx(() -> robot.lookup("#roundsField").queryAs(TextField.class).getText())).isEqualTo("2");
        waitFx(REAL_RUN_SECONDS, () -> robot.lookup("#stepLabel").queryLabeled().getText().startsWith("Finished"));
        assertThat(text(robot, "#stepLabel")).startsWith("Finished 2 rounds · test accuracy");
        assertThat(Files.exists(scratchDir.resolve("window").resolve(FirstStart.RUN_STARTED_FILE))).isTrue();
        long sampleTask = newestTask();

        // Peers shows the sample's task; a second run's new task replaces it (it stayed on the old one before)
        selectTab(robot, "peersTab");
        // re-read every 3 s: the first read may predate the last round
        waitFx(30, () -> robot.lookup("#peersHeader").queryLabeled().getText()
                .matches("Task " + sampleTask + " · .* · completed"));
        selectTab(robot, "trainerTab");
        robot.interact(() -> robot.lookup("#roundsField").queryAs(TextField.class).setText("1"));
        robot.interact(() -> robot.lookup("#runButton").queryAs(Button.class).fire());
        waitFx(REAL_RUN_SECONDS, () -> robot.lookup("#stepLabel").queryLabeled().getText().startsWith("Finished"));
        selectTab(robot, "peersTab");
        waitFx(30, () -> robot.lookup("#peersHeader").queryLabeled().getText()
                .startsWith("Task " + (sampleTask + 1) + " · "));

        selectTab(robot, "trainerTab");
        robot.clickOn("#welcomeDismiss");
        waitFx(10, () -> !card.isVisible() && !card.isManaged());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Files.exists(scratchDir.resolve("window").resolve(FirstStart.WELCOME_DISMISSED_FILE)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void stoppingARunAbandonsItsTaskAndTimelinePeersAndExplorerSaySo(FxRobot robot) throws Exception {
        pick(robot, "digits");
        waitFx(60, () -> !robot.lookup("#runButton").queryAs(Button.class).isDisabled());
        robot.interact(() -> {
            robot.lookup("#clientsField").queryAs(TextField.class).setText("3");
            robot.lookup("#roundsField").queryAs(TextField.class).setText("5");
        });
        robot.interact(() -> robot.lookup("#runButton").queryAs(Button.class).fire());
        waitFx(REAL_RUN_SECONDS, () -> robot.lookup("#stepLabel").queryLabeled().getText().startsWith("Round 1"));
        assertThat(text(robot, "#runDisabledReason")).isEqualTo("A run is in progress");
        robot.interact(() -> robot.lookup("#stopButton").queryAs(Button.class).fire());
        waitFx(REAL_RUN_SECONDS, () -> robot.lookup("#stepLabel").queryLabeled().getText().startsWith("Stopped"));
        long task = newestTask();
        assertThat(text(robot, "#stepLabel")).contains("task " + task + " marked abandoned on chain");

        selectTab(robot, "peersTab");
        waitFx(30, () -> robot.lookup("#peersHeader").queryLabeled().getText()
                .matches("Task " + task + " · .* · abandoned"));

        selectTab(robot, "timelineTab");
        ComboBox<TaskSummary> timelineTasks = robot.lookup("#timelineTaskPicker").queryAs(ComboBox.class);
        waitFx(30, () -> timelineTasks.getItems().stream().anyMatch(t -> t.taskId() == task));
        waitFx(30, () -> timelineTasks.getItems().stream().filter(t -> t.taskId() == task).findFirst().orElseThrow()
                .state().equals("abandoned"));
        // its rounds come from the chain now: the round the stop interrupted failed, none stays open
        TableView<dev.defl.ui.timeline.RoundRow> rounds = robot.lookup("#timelineTable").queryAs(TableView.class);
        waitFx(30, () -> timelineTasks.getValue() != null && timelineTasks.getValue().taskId() == task
                && !rounds.getItems().isEmpty()
                && rounds.getItems().stream().allMatch(r -> r.state() == dev.defl.ui.timeline.RoundState.FINALIZED
                || r.state() == dev.defl.ui.timeline.RoundState.FAILED));
        assertThat(fx(() -> rounds.getItems().getLast().state())).isEqualTo(dev.defl.ui.timeline.RoundState.FAILED);

        selectTab(robot, "explorerTab");
        waitFx(10, () -> robot.lookup("#explorerSearch").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#explorerSearch").queryAs(TextField.class).setText("task " + task));
        robot.clickOn("#explorerSearch").type(KeyCode.ENTER);
        TreeTableView<DetailNode> details = robot.lookup("#explorerDetails").queryAs(TreeTableView.class);
        waitFx(30, () -> details.getRoot() != null && details.getRoot().getValue().field().equals("Task " + task));
        assertThat(fx(() -> details.getRoot().getValue().value())).startsWith("ABANDONED");
    }

    @Test
    void pickingABuiltInLoadsItTheComboShowsTheLoadedOneAndRunSaysWhyItIsDisabledInAFixedSlot(FxRobot robot,
                                                                                             @TempDir Path dir)
            throws Exception {
        Button run = robot.lookup("#runButton").queryAs(Button.class);
        assertThat(fx(run::isDisabled)).isTrue();
        assertThat(text(robot, "#runDisabledReason")).isEqualTo("Load a dataset first");
        assertThat(datasetCombo(robot).getValue()).as("nothing loaded, nothing shown").isNull();

        // a bad path typed, then a good file dropped: the combo shows the dropped file, not the bad path
        Path missing = dir.resolve("no-such.csv");
        robot.interact(() -> datasetCombo(robot).getEditor().setText(missing.toString()));
        robot.clickOn("#loadBuiltinButton");
        waitFx(30, () -> !robot.lookup("#errorLabel").queryLabeled().getText().isEmpty());
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) csv.append(i).append(',').append(i % 7).append(',').append(i % 2).append('\n');
        Path good = Files.writeString(dir.resolve("good.csv"), csv);
        dropFiles(robot, "#datasetDropZone", List.of(good.toFile()));
        waitFx(30, () -> good.toString().equals(datasetCombo(robot).getEditor().getText()));
        assertThat(datasetCombo(robot).getValue()).isEqualTo(good.toString());

        // a built-in dataset picked from the list loads at once: no Load
        pick(robot, "digits");
        waitFx(60, () -> robot.lookup("#datasetName").tryQuery().isPresent()
                && "digits/train".equals(robot.lookup("#datasetName").queryLabeled().getText()) && !run.isDisabled());
        assertThat(datasetCombo(robot).getEditor().getText()).isEqualTo("digits");
        assertThat(text(robot, "#runDisabledReason")).isEmpty();

        // a validation message takes the fixed slot: nothing moves
        // (.side-scroll: the form's viewport, which shrank when a validation row took room below it)
        List<String> watched = List.of(".side-scroll", "#runButton", "#runDisabledReason", "#clientsField",
                "#batchSizeField", "#stopButton", "#runProgress", "#stepLabel");
        List<Bounds> valid = new java.util.ArrayList<>();
        for (String q : watched) valid.add(sceneBounds(robot, q));
        robot.interact(() -> robot.lookup("#batchSizeField").queryAs(TextField.class).setText("0"));
        waitFx(10, () -> robot.lookup("#runDisabledReason").queryLabeled().getText().startsWith("Fix: Batch size B"));
        assertThat(fx(run::isDisabled)).isTrue();
        robot.interact(() -> { }); // one more pulse: laid out with the message
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < watched.size(); i++) {
            assertThat(sceneBounds(robot, watched.get(i))).as(watched.get(i) + " with a validation message")
                    .isEqualTo(valid.get(i));
        }
        robot.interact(() -> robot.lookup("#batchSizeField").queryAs(TextField.class).setText("32"));
        waitFx(10, () -> !run.isDisabled());
        assertThat(text(robot, "#runDisabledReason")).isEmpty();
    }
}
