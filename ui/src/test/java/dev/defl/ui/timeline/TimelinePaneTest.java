package dev.defl.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.ui.RealEngine;
import dev.defl.ui.WorkbenchHarness;
import dev.defl.ui.WorkbenchServices;
import dev.defl.ui.explorer.ChainServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Round timeline pane in the window over a real anvil holding two tasks and a real event index,
 * with no run in this session: what a workspace reopened after its runs shows.
 */
class TimelinePaneTest extends WorkbenchHarness {
    private static Path dir;
    private static AnvilProcess anvil;
    private static ChainConnection chain;
    private static TaskContract contract;
    private static LogIndex index;
    private static long task1;
    private static long task2;
    private static Cid update;

    static Cid cid(String text) {
        return Cid.of(1, Cid.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void runTasksOnChain() throws Exception {
        dir = Files.createTempDirectory("timeline-pane");
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        chain = ChainConnection.connect(anvil.rpcUrl());
        var owner = DevAccounts.account(0);
        contract = TaskContract.deploy(chain, owner);
        String client = DevAccounts.account(1).getAddress().toLowerCase(Locale.ROOT);
        String aggregator = DevAccounts.account(2).getAddress().toLowerCase(Locale.ROOT);
        task1 = contract.createTask(owner, TaskParams.of(cid("spec"), cid("initial"), 2, 1, 1, 1, 100, 100)).taskId();
        contract.addParticipants(owner, task1, List.of(client), Set.of(Role.CLIENT));
        contract.addParticipants(owner, task1, List.of(aggregator), Set.of(Role.AGGREGATOR));
        update = cid("the only update of round 1");
        contract.submitUpdate(DevAccounts.account(1), task1, 1, update, 321);
        contract.propose(DevAccounts.account(2), task1, 1, cid("round 1 global model")); // quorum 1: finalizes
        task2 = contract.createTask(owner, TaskParams.of(cid("spec"), cid("initial"), 3, 1, 1, 1, 100, 100)).taskId();
        index = LogIndex.open(dir.resolve("index"), chain, contract.address(), 0);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
        anvil.close();
    }

    @Override
    protected WorkbenchServices services(Executor background) {
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        ChainExplorer explorer = new ChainExplorer(chain, ContractRecognizer.create(chain).withArtifactResource(base), 32);
        return new WorkbenchServices(RealEngine.datasets(), RealEngine.runners(),
                RealEngine.workspace()::status,
                scratchContentStore(), background, null, null, () -> null,
                new ChainServices(explorer, () -> {
                    index.sync();
                    return index;
                }, () -> contract));
    }

    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @Test
    @SuppressWarnings("unchecked")
    void showingThePaneListsTheContractsTasksAndPickingOneShowsItsRoundsFromTheChain(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        ComboBox<TaskSummary> picker = robot.lookup("#timelineTaskPicker").queryAs(ComboBox.class);
        TableView<RoundRow> table = robot.lookup("#timelineTable").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> picker.getItems().size() == 2 && picker.getValue() != null));
        assertThat(fx(() -> picker.getValue().taskId())).as("the newest task").isEqualTo(task2);
        assertThat(fx(() -> table.getItems().size())).isEqualTo(1);
        assertThat(fx(() -> table.getItems().getFirst().state())).isEqualTo(RoundState.OPEN);

        robot.clickOn("#timelineTaskPicker");
        robot.clickOn(fx(() -> picker.getItems().getFirst().label()));
        waitUntil(10, () -> fx(() -> table.getItems().size() == 2));
        assertThat(fx(() -> table.getItems().stream().map(RoundRow::state).toList()))
                .containsExactly(RoundState.FINALIZED, RoundState.OPEN);
        assertThat(fx(() -> table.getColumns().get(2).getCellData(0))).as("updates").isEqualTo("1");
        assertThat(fx(() -> table.getColumns().get(4).getCellData(0))).as("votes").isEqualTo("1/1");
        assertThat(fx(() -> table.getColumns().get(6).getCellData(0))).as("accuracy: no run evaluated it")
                .isEqualTo("—");

        robot.interact(() -> table.getSelectionModel().select(0));
        TextArea details = robot.lookup("#roundDetails").queryAs(TextArea.class);
        waitUntil(10, () -> fx(() -> details.getText().contains(update.toString())));
        String text = fx(() -> details.getText());
        assertThat(text).contains("321 samples").contains("Round 1 — finalized in block");

        // hidden: the pane stops reading the index, and the picker keeps the chosen task
        robot.interact(() -> tabs.getSelectionModel().select(0));
        robot.interact(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> picker.getValue().taskId())).isEqualTo(task1);
    }
}
