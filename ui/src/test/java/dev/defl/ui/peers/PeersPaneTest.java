package dev.defl.ui.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.AnvilFixture;
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
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.web3j.crypto.Credentials;

/**
 * The Peers pane in the window over a real anvil and a real event index: one task with two clients and three
 * aggregators whose first round finalized a1's aggregate (a3 voted for it) over a2's.
 */
class PeersPaneTest extends WorkbenchHarness {
    private static Path dir;
    private static AnvilFixture fixture;
    private static TaskContract contract;
    private static LogIndex index;
    private static final Credentials C1 = DevAccounts.account(1), C2 = DevAccounts.account(2),
            A1 = DevAccounts.account(3), A2 = DevAccounts.account(4), A3 = DevAccounts.account(5);

    static Cid cid(String text) {
        return Cid.of(1, Cid.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void runATaskOnChain() throws Exception {
        dir = Files.createTempDirectory("peers-pane");
        fixture = new AnvilFixture(dir);
        Credentials owner = DevAccounts.account(0);
        contract = TaskContract.deploy(fixture.chain, owner);
        long task = contract.createTask(owner, TaskParams.of(cid("spec"), cid("initial"), 2, 2, 2, 2, 100, 100))
                .taskId();
        contract.addParticipants(owner, task, List.of(C1.getAddress(), C2.getAddress()), Set.of(Role.CLIENT));
        contract.addParticipants(owner, task, List.of(A1.getAddress(), A2.getAddress(), A3.getAddress()),
                Set.of(Role.AGGREGATOR));
        contract.submitUpdate(C1, task, 1, cid("c1 r1"), 600);
        contract.submitUpdate(C2, task, 1, cid("c2 r1"), 400);
        contract.propose(A1, task, 1, cid("X"));
        contract.propose(A2, task, 1, cid("Y"));
        contract.vote(A3, task, 1, cid("X"));
        index = LogIndex.open(dir.resolve("index"), fixture.chain, contract.address(), 0);
    }

    @AfterAll
    static void stopChain() {
        fixture.close();
    }

    @Override
    protected WorkbenchServices services(Executor background) {
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        ChainExplorer explorer = new ChainExplorer(fixture.chain,
                ContractRecognizer.create(fixture.chain).withArtifactResource(base), 32);
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
    void thePaneListsTheParticipantsDrawsTheRoundAndItsVotesAndCopiesAnAddress(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(robot.lookup("#paneTabs").queryAs(TabPane.class)
                .getTabs().stream().filter(t -> "peersTab".equals(t.getId())).findFirst().orElseThrow()));
        TableView<ParticipantRow> table = robot.lookup("#peersTable").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> table.getItems().size() == 5));
        assertThat(fx(() -> table.getColumns().get(2).getCellData(0))).isEqualTo("client");
        assertThat(fx(() -> table.getColumns().get(7).getCellData(2))).as("a1's proposals").isEqualTo(1);
        ComboBox<?> rounds = robot.lookup("#peersRoundPicker").queryAs(ComboBox.class);
        assertThat(fx(() -> rounds.getItems().size())).isEqualTo(2);

        // the finalized round: a1's proposal finalized (green), a2's rejected (red), a3's vote dashed
        robot.interact(() -> ((ComboBox<Object>) rounds).getSelectionModel().select(0));
        Pane flow = robot.lookup("#peersFlow").queryAs(Pane.class);
        waitUntil(10, () -> fx(() -> flow.lookupAll(".flow-finalized").size() == 1));
        assertThat(fx(() -> flow.lookupAll(".flow-rejected").size())).isEqualTo(1);
        assertThat(fx(() -> flow.lookupAll(".flow-client").size())).isEqualTo(2);
        assertThat(fx(() -> flow.lookupAll(".flow-aggregator").size())).isEqualTo(3);
        assertThat(fx(() -> ((Circle) flow.lookup(".flow-rejected")).getFill())).isEqualTo(PeersView.REJECTED);
        assertThat(fx(() -> flow.getChildren().stream().filter(Line.class::isInstance).map(Line.class::cast)
                .filter(l -> !l.getStrokeDashArray().isEmpty()).count())).as("a3's vote").isEqualTo(1);
        GridPane votes = robot.lookup("#peersVotes").queryAs(GridPane.class);
        assertThat(fx(() -> ((Label) votes.lookup("#vote-1-1")).getText())).isEqualTo("■ proposed");
        assertThat(fx(() -> ((Label) votes.lookup("#vote-3-1")).getText())).isEqualTo("✓ voted");
        assertThat(fx(() -> ((Label) votes.lookup("#vote-3-2")).getText())).isEqualTo("·");

        // sortable: by votes, descending; Ctrl+C copies the selected address
        robot.interact(() -> {
            var column = table.getColumns().get(8);
            column.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
            table.getSortOrder().setAll(column);
            table.getSelectionModel().select(table.getItems().size() - 1);
        });
        assertThat(fx(() -> table.getItems().getLast().votes())).isZero();
        robot.clickOn(table).press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        String selected = fx(() -> table.getSelectionModel().getSelectedItem().address());
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(selected);
        assertThat(selected).isEqualTo(selected.toLowerCase(Locale.ROOT)).startsWith("0x");
    }
}
