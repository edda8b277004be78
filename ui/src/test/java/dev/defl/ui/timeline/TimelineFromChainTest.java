package dev.defl.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.ledger.index.ChainLog;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.ledger.TaskEventDecoder;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.concurrent.TaskExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline rebuilt from a real event index ({@link LogIndex}) over a real anvil holding a real
 * FederatedTasks contract. Task 1 (2 rounds, quorum 2): round 1 gets both updates, a proposal and a
 * second vote and finalizes; round 2 opens and gets one update. Task 2 (1 round) gets no update and
 * its round fails at the deadline.
 */
class TimelineFromChainTest {
    private static Path chainDir;
    private static AnvilProcess anvil;
    private static ChainConnection chain;
    private static TaskContract contract;
    private static ChainExplorer explorer;
    private static long task1;
    private static long task2;
    private static long createdBlock1;
    private static Cid update1;
    private static Cid update2;
    private static Cid update3;
    private static Cid aggregate;
    private static TxResult submit1;
    private static TxResult proposal;
    private static TxResult vote;
    private static TxResult finalized;
    private static TxResult failed;

    @TempDir
    Path indexDir;

    static Cid cid(String text) {
        return Cid.of(1, Cid.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    static String address(int account) {
        return DevAccounts.account(account).getAddress().toLowerCase(java.util.Locale.ROOT);
    }

    @BeforeAll
    static void runTwoTasksOnChain() throws Exception {
        chainDir = Files.createTempDirectory("timeline-chain");
        anvil = AnvilProcess.start(chainDir.resolve("state.json"), 0);
        chain = ChainConnection.connect(anvil.rpcUrl());
        var owner = DevAccounts.account(0);
        contract = TaskContract.deploy(chain, owner);
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        explorer = new ChainExplorer(chain, ContractRecognizer.create(chain).withArtifactResource(base), 32);

        TaskContract.CreatedTask created = contract.createTask(owner,
                TaskParams.of(cid("spec"), cid("initial model"), 2, 2, 2, 2, 100, 100));
        task1 = created.taskId();
        createdBlock1 = created.tx().blockNumber();
        contract.addParticipants(owner, task1, List.of(address(1), address(2)), Set.of(Role.CLIENT));
        contract.addParticipants(owner, task1, List.of(address(3), address(4), address(5)), Set.of(Role.AGGREGATOR));
        update1 = cid("client 1, round 1");
        update2 = cid("client 2, round 1");
        update3 = cid("client 1, round 2");
        aggregate = cid("FedAvg of round 1");
        submit1 = contract.submitUpdate(DevAccounts.account(1), task1, 1, update1, 600);
        contract.submitUpdate(DevAccounts.account(2), task1, 1, update2, 400);
        proposal = contract.propose(DevAccounts.account(3), task1, 1, aggregate);
        vote = contract.vote(DevAccounts.account(4), task1, 1, aggregate);
        finalized = vote;
        contract.submitUpdate(DevAccounts.account(1), task1, 2, update3, 500);

        task2 = contract.createTask(owner, TaskParams.of(cid("spec"), cid("initial model"), 1, 2, 1, 1, 1, 1)).taskId();
        contract.addParticipants(owner, task2, List.of(address(1)), Set.of(Role.CLIENT));
        contract.addParticipants(owner, task2, List.of(address(3)), Set.of(Role.AGGREGATOR));
        contract.addParticipants(owner, task2, List.of(address(2)), Set.of(Role.CLIENT));
        failed = contract.closeRound(owner, task2, 1);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
        anvil.close();
    }

    private LogIndex openIndex() throws Exception {
        return LogIndex.open(indexDir, chain, contract.address(), 0);
    }

    private TimelineViewModel model(LogIndex index) {
        return new TimelineViewModel(new ChainServices(explorer, () -> {
            index.sync();
            return index;
        }, () -> contract), TaskExecutor.synchronous());
    }

    @Test
    void indexedLogsDecodeToTheSameTaskEventsAsTheContractReads() throws Exception {
        LogIndex index = openIndex();
        index.sync();
        List<TaskEvent> fromIndex = TaskEventDecoder.federatedTasks().decodeAll(index.logs());
        List<TaskEvent> fromContract = contract.events(0, chain.blockNumber());
        assertThat(fromIndex).isEqualTo(fromContract);
        assertThat(fromIndex).filteredOn(TaskEvent.RoundFinalized.class::isInstance)
                .containsExactly(new TaskEvent.RoundFinalized(task1, 1, aggregate, 2, finalized.txHash(),
                        finalized.blockNumber()));
    }

    @Test
    void aLogThatDoesNotDecodeNamesItsTransactionAndPosition() throws Exception {
        LogIndex index = openIndex();
        index.sync();
        ChainLog finalizedLog = index.logs(l -> l.txHash().equals(finalized.txHash())).getLast();
        ChainLog torn = new ChainLog(finalizedLog.blockNumber(), finalizedLog.blockHash(), finalizedLog.txHash(),
                finalizedLog.txIndex(), finalizedLog.logIndex(), finalizedLog.address(), finalizedLog.topics(), "0x12");
        assertThatThrownBy(() -> TaskEventDecoder.federatedTasks().decode(torn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log " + finalizedLog.logIndex() + " of transaction " + finalized.txHash())
                .hasMessageContaining("block " + finalized.blockNumber());
        ChainLog unknown = new ChainLog(1, "0xb", "0xt", 0, 0, "0xa", List.of("0x" + "ab".repeat(32)), "0x");
        assertThat(TaskEventDecoder.federatedTasks().decode(unknown)).isEmpty();
    }

    @Test
    void theTaskPickerListsEveryTaskOfTheContractAndTheNewestIsShown() throws Exception {
        TimelineViewModel vm = model(openIndex());
        vm.refresh();

        assertThat(vm.tasks()).extracting(TaskSummary::taskId).containsExactly(task1, task2);
        assertThat(vm.tasks().getFirst().label())
                .isEqualTo("Task " + task1 + " — active, 2/2 rounds, created block " + createdBlock1);
        assertThat(vm.tasks().get(1).label()).startsWith("Task " + task2 + " — completed, 1/1 rounds (1 failed)");
        assertThat(vm.selectedTaskProperty().get().taskId()).as("the newest task").isEqualTo(task2);
        assertThat(vm.rows()).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo(RoundState.FAILED);
            assertThat(row.failureProperty().get()).isEqualTo("too few updates (0) at block " + failed.blockNumber());
        });
        assertThat(vm.indexErrorProperty().get()).isEmpty();
    }

    @Test
    void choosingATaskRebuildsItsRoundsFromTheIndexedEvents() throws Exception {
        TimelineViewModel vm = model(openIndex());
        vm.refresh();
        vm.selectTask(task1);

        assertThat(vm.selectedTaskProperty().get().taskId()).isEqualTo(task1);
        assertThat(vm.rows()).extracting(RoundRow::round).containsExactly(1, 2);
        RoundRow first = vm.rows().getFirst();
        assertThat(first.state()).isEqualTo(RoundState.FINALIZED);
        assertThat(first.updateCountProperty().get()).isEqualTo(2);
        assertThat(first.proposalCidProperty().get()).isEqualTo(aggregate.toString());
        assertThat(first.votesProperty().get()).as("the proposer's vote and one more").isEqualTo(2);
        assertThat(first.quorum()).isEqualTo(2);
        assertThat(first.finalizedBlockProperty().get()).isEqualTo(finalized.blockNumber());
        assertThat(first.testAccuracyProperty().get()).as("not evaluated by any run here").isNaN();
        assertThat(first.updates()).extracting(UpdateRecord::client, UpdateRecord::cid, UpdateRecord::numSamples)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(address(1), update1.toString(), 600L),
                        org.assertj.core.groups.Tuple.tuple(address(2), update2.toString(), 400L));
        assertThat(first.updates().getFirst().txHash()).isEqualTo(submit1.txHash());
        assertThat(first.proposals()).singleElement().satisfies(p -> {
            assertThat(p.aggregator()).isEqualTo(address(3));
            assertThat(p.txHash()).isEqualTo(proposal.txHash());
        });
        assertThat(first.votes()).as("explicit votes; the proposer's own is its proposal")
                .singleElement().satisfies(v -> {
                    assertThat(v.voter()).isEqualTo(address(4));
                    assertThat(v.txHash()).isEqualTo(vote.txHash());
                });
        RoundRow second = vm.rows().get(1);
        assertThat(second.state()).isEqualTo(RoundState.OPEN);
        assertThat(second.updateCountProperty().get()).isEqualTo(1);
        assertThat(second.finalizedBlockProperty().get()).isEqualTo(-1);

        vm.selectedProperty().set(first);
        assertThat(vm.detailsProperty().get())
                .contains("Round 1 — finalized in block " + finalized.blockNumber())
                .contains("Global model " + aggregate)
                .contains("Test accuracy — (not evaluated by this run)")
                .contains(address(1) + "  " + update1 + "  600 samples  tx " + submit1.txHash())
                .contains("Votes (2/2");
        assertThat(vm.accuracy()).isEmpty();
        assertThat(vm.headerProperty().get()).contains("Task " + task1).contains("event index");
    }

    @Test
    void aReopenedIndexShowsTheSameTaskWithoutRereadingTheChainFromScratch() throws Exception {
        LogIndex first = openIndex();
        first.sync();
        long indexed = first.lastIndexedBlock();

        LogIndex reopened = openIndex(); // a restart: same directory, nothing synced yet
        assertThat(reopened.lastIndexedBlock()).isEqualTo(indexed);
        TimelineViewModel vm = new TimelineViewModel(new ChainServices(explorer, () -> reopened, () -> contract),
                TaskExecutor.synchronous());
        vm.refresh();
        vm.selectTask(task1);
        assertThat(vm.rows()).extracting(RoundRow::state).containsExactly(RoundState.FINALIZED, RoundState.OPEN);
    }

    @Test
    void aLiveRunKeepsItsTaskSelectedAndItsEventsDriveTheRowsUntilAnotherTaskIsChosen() throws Exception {
        TimelineViewModel vm = model(openIndex());
        vm.refresh();
        vm.begin(new ExperimentConfig(2, 3, 1, 1, 32, 0.05, 7));
        vm.onStarted(chain.chainId(), contract.address(), anvil.rpcUrl());
        assertThat(vm.liveTaskId()).as("the newest task once the run started").isEqualTo(task2);
        assertThat(vm.selectedTaskProperty().get().taskId()).isEqualTo(task2);
        assertThat(vm.rows()).as("live rows, none yet").isEmpty();

        vm.onRoundOpened(1);
        vm.refresh();
        assertThat(vm.rows()).as("a refresh leaves the live rows alone").singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(RoundState.OPEN));

        vm.selectTask(task1);
        assertThat(vm.rows()).hasSize(2);
        vm.onUpdateSubmitted(1, new UpdateRecord("0xc1", update1.toString(), 10, "0xt", 1));
        assertThat(vm.rows().getFirst().updateCountProperty().get()).as("task 1 is not the live run's").isEqualTo(2);

        vm.selectTask(task2);
        assertThat(vm.rows()).singleElement().satisfies(r -> assertThat(r.updateCountProperty().get()).isEqualTo(1));
        vm.onRoundFinalized(new RoundReport(1, aggregate.toString(), 0.75, 0.5, List.of(), List.of(), List.of(), 9));
        assertThat(vm.accuracy()).containsExactly(new AccuracyPoint(1, 75));

        // the run is over: choosing its task again shows the chain's record with the run's scores
        vm.selectTask(task1);
        vm.selectTask(task2);
        RoundRow chainRow = vm.rows().getFirst();
        assertThat(chainRow.state()).as("the chain says the round failed").isEqualTo(RoundState.FAILED);
        assertThat(chainRow.testAccuracyProperty().get()).isEqualTo(0.75);
    }

    @Test
    void withoutAnIndexTheTimelineStaysEmptyAndAFailingIndexIsReported() {
        TimelineViewModel none = new TimelineViewModel(new ChainServices(explorer, () -> null, () -> null),
                TaskExecutor.synchronous());
        none.refresh();
        assertThat(none.tasks()).isEmpty();
        assertThat(none.rows()).isEmpty();

        TimelineViewModel broken = new TimelineViewModel(new ChainServices(explorer, () -> {
            throw new IllegalStateException("eth_getLogs refused");
        }, () -> null), TaskExecutor.synchronous());
        broken.refresh();
        assertThat(broken.indexErrorProperty().get()).isEqualTo("Event index: eth_getLogs refused");
    }
}
