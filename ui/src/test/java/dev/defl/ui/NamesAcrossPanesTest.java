package dev.defl.ui;

import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.workspace.Workspace;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.peers.ParticipantRow;
import dev.defl.ui.timeline.RoundRow;
import dev.defl.ui.timeline.RoundState;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names people can read, in the window over the real engine and a real SQLite run database: a recorded run (digits,
 * 2 clients, 1 round) labels its accounts "run 1 · client 1" …; a label set through the Peers pane's context menu
 * shows at once in the Peers table and flow graph, the Round timeline's details, the Chain explorer's transaction
 * details and the Trainer's curves, and is in the database; a label written by another connection (as another
 * process would) shows after the poll; the IPFS store names the run's global model and its filter narrows to it.
 */
class NamesAcrossPanesTest extends WorkbenchHarness {

    private RunDatabase runs;

    @Override
    protected WorkbenchServices services(Executor background) {
        runs = RealEngine.runDatabase(scratchDir.resolve("data"));
        Workspace ws = RealEngine.workspace();
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        ChainServices chain = new ChainServices(
                new ChainExplorer(ws.chain(), ContractRecognizer.create(ws.chain()).withArtifactResource(base), 32),
                () -> syncedIndex(ws), () -> recordedContract(ws));
        return new WorkbenchServices(RealEngine.datasets(), RealEngine.recordedRunners(runs), ws::status,
                ws.embeddedContent(), background, null, null, () -> null, chain, runs);
    }

    private static TaskContract recordedContract(Workspace ws) {
        return DeploymentRecord.load(ws.deploymentRecordFile()).isEmpty() ? null : ws.taskContract();
    }

    private static LogIndex syncedIndex(Workspace ws) {
        if (recordedContract(ws) == null) return null;
        try {
            LogIndex index = ws.eventIndex();
            index.sync();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeDatabase() {
        if (runs != null) runs.close();
    }

    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private static void selectTab(FxRobot robot, String id) {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
    }

    /** Drops a 200-row digits CSV on the Trainer, runs 2 clients for 1 round and waits for it to finalize. */
    @SuppressWarnings("unchecked")
    private RoundRow runOneRound(FxRobot robot) throws Exception {
        Path csv = RunFlowSpec.writeDigitsCsv(scratchDir, 200);
        dropFiles(robot, "#datasetDropZone", List.of(csv.toFile()));
        waitUntil(60, () -> !robot.lookup("#runButton").queryAs(Button.class).isDisabled());
        robot.interact(() -> {
            robot.lookup("#clientsField").queryAs(TextField.class).setText("2");
            robot.lookup("#roundsField").queryAs(TextField.class).setText("1");
        });
        robot.clickOn("#runButton");
        selectTab(robot, "timelineTab");
        TableView<RoundRow> timeline = robot.lookup("#timelineTable").queryAs(TableView.class);
        waitUntil(180, () -> fx(() -> !timeline.getItems().isEmpty()
                && timeline.getItems().getFirst().state() == RoundState.FINALIZED));
        // the run's end is recorded after its last round
        waitUntil(30, () -> runs.reads().runs(false).stream().allMatch(r -> r.endedAt() != null));
        return fx(() -> timeline.getItems().getFirst());
    }

    /** The Peers table's Name cell of the row of {@code address}, once it shows. */
    private static TableCell<?, ?> nameCell(FxRobot robot, String address) throws Exception {
        return fx(() -> robot.lookup("#peersTable .address-cell").queryAll().stream()
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getItem() instanceof String item && address.equalsIgnoreCase(item))
                .findFirst().orElse(null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLabelSetInPeersShowsInPeersTimelineExplorerAndCurves(FxRobot robot) throws Exception {
        RoundRow round = runOneRound(robot);
        Map<String, String> labels = runs.names().labels();
        String client1 = labels.entrySet().stream().filter(e -> e.getValue().endsWith("· client 1"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        assertThat(labels.get(client1)).isEqualTo("run 1 · client 1");
        String updateTx = round.updates().stream().filter(u -> u.client().equalsIgnoreCase(client1))
                .findFirst().orElseThrow().txHash();

        // Peers: the run's task, its participants named by the run
        selectTab(robot, "peersTab");
        TableView<ParticipantRow> table = robot.lookup("#peersTable").queryAs(TableView.class);
        waitUntil(30, () -> fx(() -> table.getItems().stream().anyMatch(r -> r.address().equalsIgnoreCase(client1))));
        waitUntil(10, () -> {
            TableCell<?, ?> cell = nameCell(robot, client1);
            return cell != null && fx(() -> "run 1 · client 1".equals(cell.getText()));
        });

        // rename through the context menu and the dialog (Enter = OK)
        TableCell<?, ?> toRename = nameCell(robot, client1);
        robot.interact(() -> toRename.getContextMenu().show(toRename, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("Set label…");
        waitUntil(10, () -> robot.lookup("#labelField").tryQuery().isPresent());
        robot.clickOn("#labelField").eraseText(40).write("alice").type(KeyCode.ENTER);

        // Peers table and flow graph
        waitUntil(10, () -> fx(() -> "alice".equals(nameCell(robot, client1).getText())));
        Pane flow = robot.lookup("#peersFlow").queryAs(Pane.class);
        waitUntil(10, () -> fx(() -> flow.lookupAll(".flow-client-label").stream()
                .anyMatch(n -> "alice".equals(((Text) n).getText()))));
        // written to the database on a background thread
        waitUntil(10, () -> "alice".equals(runs.names().labels().get(client1)));
        // Esc cancels: the label stays
        robot.interact(() -> toRename.getContextMenu().show(toRename, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("Set label…");
        waitUntil(10, () -> robot.lookup("#labelField").tryQuery().isPresent());
        robot.clickOn("#labelField").eraseText(40).write("mallory").type(KeyCode.ESCAPE);
        waitUntil(10, () -> robot.lookup("#labelField").tryQuery().isEmpty());
        assertThat(fx(() -> nameCell(robot, client1).getText())).isEqualTo("alice");

        // Round timeline: the update's sender in the round details
        selectTab(robot, "timelineTab");
        TableView<RoundRow> timeline = robot.lookup("#timelineTable").queryAs(TableView.class);
        robot.interact(() -> timeline.getSelectionModel().select(0));
        TextArea details = robot.lookup("#roundDetails").queryAs(TextArea.class);
        waitUntil(10, () -> fx(() -> details.getText().toLowerCase(java.util.Locale.ROOT).contains("alice (" + client1 + ")")));

        // Chain explorer: the update transaction's sender
        selectTab(robot, "explorerTab");
        robot.interact(() -> robot.lookup("#explorerSearch").queryAs(TextField.class).setText(updateTx));
        robot.clickOn("#explorerSearchButton");
        waitUntil(30, () -> fx(() -> robot.lookup("#explorerDetails .hyperlink").queryAll().stream()
                .map(n -> ((Hyperlink) n).getText()).anyMatch(t -> t.startsWith("alice") && t.toLowerCase(java.util.Locale.ROOT).contains(client1))));

        // Trainer curves: client 1's series
        selectTab(robot, "trainerTab");
        LineChart<Number, Number> curves = robot.lookup("#clientCurves").queryAs(LineChart.class);
        waitUntil(10, () -> fx(() -> curves.getData().stream().anyMatch(s -> "alice".equals(s.getName()))));
        assertThat(fx(() -> curves.getData().stream().map(javafx.scene.chart.XYChart.Series::getName).toList()))
                .contains("run 1 · client 2");

        // an empty label removes it: the address shows as it is again, in the Peers table too
        selectTab(robot, "peersTab");
        TableCell<?, ?> again = nameCell(robot, client1);
        robot.interact(() -> again.getContextMenu().show(again, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("Set label…");
        waitUntil(10, () -> robot.lookup("#labelField").tryQuery().isPresent());
        robot.clickOn("#labelField").eraseText(40).type(KeyCode.ENTER);
        waitUntil(10, () -> fx(() -> "—".equals(nameCell(robot, client1).getText())));
        waitUntil(10, () -> !runs.names().labels().containsKey(client1));
        selectTab(robot, "trainerTab"); // the curves are bound while shown, and named afresh when shown
        waitUntil(10, () -> fx(() -> curves.getData().stream().anyMatch(s -> "client 1".equals(s.getName()))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStoreNamesTheGlobalModelAndALabelFromAnotherConnectionShowsAfterThePoll(FxRobot robot) throws Exception {
        runOneRound(robot);
        String globalModel = "run 1 · round 1 · global model";

        selectTab(robot, "ipfsTab");
        TableView<PinRow> store = robot.lookup("#ipfsTable").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> store.getItems().stream().anyMatch(r -> globalModel.equals(r.name()))));
        assertThat(fx(() -> store.getItems().stream().map(PinRow::name).toList()))
                .contains("run 1 · initial model", "run 1 · task spec", "run 1 · round 1 · update of client 1");
        int all = fx(() -> store.getItems().size());
        robot.clickOn("#ipfsFilter").write("round 1 · global");
        waitUntil(10, () -> fx(() -> store.getItems().size() == 1));
        assertThat(fx(() -> store.getItems().getFirst().name())).isEqualTo(globalModel);
        assertThat(all).isGreaterThan(1);
        // the Name column's text is what the cell shows
        Node nameCell = fx(() -> robot.lookup("#ipfsTable .table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && globalModel.equals(c.getText())).findFirst().orElse(null));
        assertThat(nameCell).isNotNull();

        // another connection to the same file, as another process: its label shows after the poll
        String client2 = runs.names().labels().entrySet().stream().filter(e -> e.getValue().endsWith("· client 2"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        try (RunDatabase other = RunDatabase.open(scratchDir.resolve("data"))) {
            other.names().setLabel(client2, "bob's laptop");
        }
        selectTab(robot, "peersTab");
        waitUntil(20, () -> {
            TableCell<?, ?> cell = nameCell(robot, client2);
            return cell != null && fx(() -> Objects.equals("bob's laptop", cell.getText()));
        });
    }
}
