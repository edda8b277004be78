package dev.defl.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import java.util.Set;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.explorer.DetailNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Chain explorer pane over a real anvil holding a real FederatedTasks contract with one submitted update. */
class ExplorerPaneTest extends WorkbenchHarness {
    private static Path chainDir;
    private static AnvilProcess anvil;
    private static ChainConnection chain;
    private static TaskContract contract;
    private static long task;
    private static Cid update;
    private static TxResult submitted;

    @BeforeAll
    static void startChain() throws Exception {
        chainDir = Files.createTempDirectory("explorer-pane");
        anvil = AnvilProcess.start(chainDir.resolve("state.json"), 0);
        chain = ChainConnection.connect(anvil.rpcUrl());
        contract = TaskContract.deploy(chain, DevAccounts.account(0));
        task = contract.createTask(DevAccounts.account(0), TaskParams.of(Cid.of(1, Cid.RAW, new byte[] {6}),
                Cid.of(1, Cid.RAW, new byte[] {7}), 2, 2, 1, 1, 100, 100)).taskId();
        contract.addParticipants(DevAccounts.account(0), task, List.of(DevAccounts.account(4).getAddress()),
                Set.of(Role.CLIENT));
        update = Cid.of(1, Cid.RAW, "client 4's update".getBytes(StandardCharsets.UTF_8));
        submitted = contract.submitUpdate(DevAccounts.account(4), task, 1, update, 600);
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
                new ChainServices(explorer, () -> null, () -> contract));
    }

    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    private static List<DetailNode> flatten(TreeItem<DetailNode> item) {
        List<DetailNode> out = new ArrayList<>();
        if (item != null) {
            out.add(item.getValue());
            item.getChildren().forEach(child -> out.addAll(flatten(child)));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchingATransactionShowsItsDecodedCallAndEventsAndItsCidOpensTheIpfsPane(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(robot.lookup("#paneTabs").queryAs(TabPane.class).getTabs()
                .stream().filter(t -> "explorerTab".equals(t.getId())).findFirst().orElseThrow()));
        TableView<?> blocks = robot.lookup("#explorerBlocks").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> blocks.getItems().size()) >= 4);

        robot.clickOn("#explorerSearch").write(submitted.txHash()).type(javafx.scene.input.KeyCode.ENTER);

        TreeTableView<DetailNode> details = robot.lookup("#explorerDetails").queryAs(TreeTableView.class);
        waitUntil(20, () -> fx(() -> details.getRoot() != null && details.getRoot().getValue().field().equals("Transaction")));
        List<DetailNode> rows = fx(() -> flatten(details.getRoot()));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.field()).isEqualTo("Call");
            assertThat(r.value()).isEqualTo("submitUpdate(taskId=" + task + ", round=1, cid=" + update + ", numSamples=600)");
        });
        assertThat(rows).anySatisfy(r -> assertThat(r.field()).isEqualTo("UpdateSubmitted"));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.field()).isEqualTo("Status");
            assertThat(r.value()).isEqualTo("Success");
        });

        Hyperlink cidLink = robot.lookup((Hyperlink h) -> h.getText().equals(update.toString())).query();
        robot.clickOn(cidLink);
        waitUntil(10, () -> fx(() -> "ipfsTab".equals(tabs.getSelectionModel().getSelectedItem().getId())));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTasksButtonShowsTheContractStateWithParticipantsRoundsAndUpdates(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(3));
        // the tab's content is laid out in a later pulse: click once the button is shown
        waitUntil(10, () -> robot.lookup("#explorerTasksButton").match(org.testfx.util.NodeQueryUtils.isVisible())
                .tryQuery().isPresent());
        robot.clickOn("#explorerTasksButton");
        TreeTableView<DetailNode> details = robot.lookup("#explorerDetails").queryAs(TreeTableView.class);
        waitUntil(20, () -> fx(() -> details.getRoot() != null && details.getRoot().getValue().field().equals("FederatedTasks")));
        List<DetailNode> rows = fx(() -> flatten(details.getRoot()));
        assertThat(rows).anySatisfy(r -> assertThat(r.field()).isEqualTo("Task " + task));
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.field()).isEqualTo("client");
            assertThat(r.value()).startsWith(DevAccounts.account(4).getAddress().toLowerCase());
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.field()).isEqualTo("Round 1");
            assertThat(r.value()).isEqualTo("open");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.field()).isEqualTo("Update 0");
            assertThat(r.value()).startsWith(update + " · 600 samples");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void selectingABlockListsItsTransactionsAndBadSearchesSayWhy(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(3));
        TableView<Object> blocks = robot.lookup("#explorerBlocks").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> blocks.getItems().size()) >= 4);
        robot.interact(() -> blocks.getSelectionModel().select(blocks.getItems().size() - 2)); // block 1: the deployment
        TableView<Object> txs = robot.lookup("#explorerTransactions").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> txs.getItems().size()) == 1);

        robot.clickOn("#explorerSearch").write(DevAccounts.account(4).getAddress()).type(javafx.scene.input.KeyCode.ENTER);
        TreeTableView<DetailNode> details = robot.lookup("#explorerDetails").queryAs(TreeTableView.class);
        waitUntil(20, () -> fx(() -> details.getRoot() != null && details.getRoot().getValue().field().equals("Account")));
        assertThat(fx(() -> flatten(details.getRoot()))).anySatisfy(r -> {
            assertThat(r.field()).isEqualTo("Task " + task);
            assertThat(r.value()).startsWith("client");
        });

        robot.doubleClickOn("#explorerSearch").eraseText(60).write("not a thing").type(javafx.scene.input.KeyCode.ENTER);
        waitUntil(10, () -> fx(() -> robot.lookup("#explorerError").queryLabeled().getText()
                .contains("\"not a thing\" is none of these")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDetailsFollowTheSelectedBlockAndTransaction(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(3));
        TableView<dev.defl.ui.explorer.BlockRow> blocks = robot.lookup("#explorerBlocks").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> blocks.getItems().size()) >= 4);
        TableView<dev.defl.ui.explorer.TxRow> txs = robot.lookup("#explorerTransactions").queryAs(TableView.class);
        TreeTableView<DetailNode> details = robot.lookup("#explorerDetails").queryAs(TreeTableView.class);
        dev.defl.ui.explorer.BlockRow deployment = fx(() -> blocks.getItems().get(blocks.getItems().size() - 2));
        dev.defl.ui.explorer.BlockRow updateBlock = fx(() -> blocks.getItems().stream()
                .filter(b -> b.number() == submitted.blockNumber()).findFirst().orElseThrow());

        robot.interact(() -> blocks.getSelectionModel().select(deployment));
        waitUntil(20, () -> fx(() -> txs.getItems().size() == 1 && details.getRoot() != null
                && details.getRoot().getValue().value().equals("#" + deployment.number())));
        robot.interact(() -> txs.getSelectionModel().select(0));
        waitUntil(20, () -> fx(() -> details.getRoot().getValue().field().equals("Transaction")));

        // another block: its transactions and its header, never the old transaction beside the new list
        robot.interact(() -> blocks.getSelectionModel().select(updateBlock));
        assertThat(fx(() -> details.getRoot().getValue().field())).as("at once, while the block is read")
                .isEqualTo("Block");
        waitUntil(20, () -> fx(() -> details.getRoot().getValue().value().equals("#" + updateBlock.number())
                && txs.getItems().size() == 1 && txs.getItems().getFirst().hash().equals(submitted.txHash())));

        // a search shows something else; clicking the selected block again shows it again
        robot.interact(() -> txs.getSelectionModel().select(0));
        waitUntil(20, () -> fx(() -> details.getRoot().getValue().field().equals("Transaction")));
        robot.clickOn(robot.lookup("#explorerBlocks .table-row-cell").match(
                (javafx.scene.control.TableRow<?> r) -> r.getItem() == updateBlock).queryAs(javafx.scene.Node.class));
        waitUntil(20, () -> fx(() -> details.getRoot().getValue().field().equals("Block")
                && details.getRoot().getValue().value().equals("#" + updateBlock.number())));
    }
}
