package dev.defl.engine.ledger;

import static dev.defl.engine.ledger.AnvilFixture.big;
import static dev.defl.engine.ledger.AnvilFixture.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.generated.FederatedTasks;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/** The FederatedTasks contract through {@link TaskContract}, against a real anvil; one deployment, a task per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskContractTest {
    static final Credentials CREATOR = DevAccounts.account(0);
    static final List<Credentials> CLIENTS = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3));
    static final Credentials AGG_A = DevAccounts.account(4);
    static final Credentials AGG_B = DevAccounts.account(5);
    static final Credentials STRANGER = DevAccounts.account(6);
    static final Cid SPEC = cid("model-spec");
    static final Cid INITIAL = cid("initial-model");

    private AnvilFixture fixture;
    private TaskContract contract;

    @BeforeAll
    void deploy(@TempDir Path dir) {
        fixture = new AnvilFixture(dir);
        contract = TaskContract.deploy(fixture.chain, CREATOR);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static TaskParams params(int clientsPerRound, int minUpdates, int quorum) {
        return TaskParams.of(SPEC, INITIAL, 3, clientsPerRound, minUpdates, quorum, 50, 50);
    }

    /** A task with the three clients and both aggregators. */
    private long task(TaskParams params) {
        long id = contract.createTask(CREATOR, params).taskId();
        contract.addParticipants(CREATOR, id, CLIENTS.stream().map(Credentials::getAddress).toList(), Set.of(Role.CLIENT));
        contract.addParticipants(CREATOR, id, List.of(AGG_A.getAddress(), AGG_B.getAddress()), Set.of(Role.AGGREGATOR));
        return id;
    }

    private static void assertRevert(Runnable action, String function, String error, Object... args) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.functionName()).isEqualTo(function);
            assertThat(e.errorName()).isEqualTo(error);
            assertThat(e.errorArgs()).containsExactly(args);
            assertThat(e.getMessage()).startsWith(function + " reverted: " + error + "(");
        });
    }

    private static String addr(Credentials c) {
        return c.getAddress();
    }

    private static <T extends TaskEvent> T only(TxResult tx, Class<T> type) {
        return tx.events().stream().filter(type::isInstance).map(type::cast).reduce((a, b) -> {
            throw new AssertionError("more than one " + type.getSimpleName() + " in " + tx.events());
        }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + tx.events()));
    }

    private static List<String> names(TxResult tx) {
        return tx.events().stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    // ---- tasks and participants ----

    @Test
    void createTaskStoresParametersAndOpensRoundOneOnTheInitialModel() {
        long before = contract.taskCount();
        TaskParams params = TaskParams.of(SPEC, INITIAL, 4, 5, 2, 2, 30, 20).withRewards(big(7), big(9));

        TaskContract.CreatedTask created = contract.createTask(CREATOR, params);

        assertThat(created.taskId()).isEqualTo(before + 1);
        assertThat(contract.taskCount()).isEqualTo(before + 1);
        TxResult tx = created.tx();
        assertThat(names(tx)).containsExactly("TaskCreated", "RoundOpened");
        assertThat(only(tx, TaskEvent.TaskCreated.class)).isEqualTo(new TaskEvent.TaskCreated(created.taskId(),
                addr(CREATOR), params, tx.txHash(), tx.blockNumber()));
        assertThat(only(tx, TaskEvent.RoundOpened.class)).isEqualTo(new TaskEvent.RoundOpened(created.taskId(), 1, 0,
                tx.blockNumber() + 30, tx.blockNumber() + 50, tx.txHash(), tx.blockNumber()));
        TaskInfo info = contract.task(created.taskId());
        assertThat(info.params()).isEqualTo(params);
        assertThat(info.creator()).isEqualTo(addr(CREATOR));
        assertThat(info.status()).isEqualTo(TaskInfo.Status.ACTIVE);
        assertThat(info.currentRound()).isEqualTo(1);
        assertThat(info.modelRound()).isZero();
        RoundInfo round = contract.round(created.taskId(), 1);
        assertThat(round.state()).isEqualTo(RoundInfo.State.OPEN);
        assertThat(round.maxUpdates()).isEqualTo(5);
        assertThat(round.updateCount()).isZero();
        assertThat(round.commitment()).isEqualTo(UpdatesHash.seed(created.taskId(), 1));
        assertThat(round.globalModel()).isEmpty();
        assertThat(contract.globalModel(created.taskId(), 0)).contains(INITIAL);
        assertThat(contract.globalModel(created.taskId(), 1)).isEmpty();
        assertThat(contract.round(created.taskId(), 2).state()).isEqualTo(RoundInfo.State.NONE);
    }

    @Test
    void createTaskRecordsTheAggregationRuleInStorageAndEvent() {
        TaskParams params = TaskParams.of(SPEC, INITIAL, 1, 1, 1, 1, 30, 20).withAggregationRule(TaskParams.AGGREGATION_KRUM);
        TaskContract.CreatedTask created = contract.createTask(CREATOR, params);
        assertThat(contract.task(created.taskId()).params().aggregationRule()).isEqualTo(8);
        assertThat(only(created.tx(), TaskEvent.TaskCreated.class).params()).isEqualTo(params);
        assertThatThrownBy(() -> params.withAggregationRule(15)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("aggregationRule must be 0..14, got 15");
        // the highest code, FLTrust, goes on chain
        TaskParams last = params.withAggregationRule(TaskParams.AGGREGATION_FLTRUST);
        assertThat(contract.task(contract.createTask(CREATOR, last).taskId()).params().aggregationRule()).isEqualTo(14);
    }

    @Test
    void createTaskRefusesEachBadParameterFromClientsThatBypassTheBinding() throws IOException {
        record Case(String field, FederatedTasks.TaskParams params) {}
        byte[] d = CompactCid.of(SPEC).digest();
        BigInteger raw = big(0x55);
        List<Case> cases = List.of(
                new Case("rounds", struct(d, raw, 0, 1, 1, 1, 1, 1, 0)),
                new Case("clientsPerRound", struct(d, raw, 1, 0, 1, 1, 1, 1, 0)),
                new Case("minUpdates", struct(d, raw, 1, 1, 0, 1, 1, 1, 0)),
                new Case("minUpdates", struct(d, raw, 1, 1, 2, 1, 1, 1, 0)),
                new Case("quorum", struct(d, raw, 1, 1, 1, 0, 1, 1, 0)),
                new Case("submissionBlocks", struct(d, raw, 1, 1, 1, 1, 0, 1, 0)),
                new Case("votingBlocks", struct(d, raw, 1, 1, 1, 1, 1, 0, 0)),
                new Case("aggregationRule", struct(d, raw, 1, 1, 1, 1, 1, 1, TaskParams.MAX_AGGREGATION_RULE + 1)));
        for (Case c : cases) {
            ContractRevertException e = simulateRevert(CREATOR, "createTask",
                    wrapper(CREATOR).createTask(c.params()).encodeFunctionCall());
            assertThat(e.errorName()).as(c.field()).isEqualTo("InvalidTaskParameter");
            assertThat(e.getMessage()).isEqualTo("createTask reverted: InvalidTaskParameter(name=\"" + c.field() + "\")");
        }
        ContractRevertException codec = simulateRevert(CREATOR, "createTask",
                wrapper(CREATOR).createTask(struct(d, big(0x71), 1, 1, 1, 1, 1, 1, 0)).encodeFunctionCall());
        assertThat(codec.getMessage()).isEqualTo("createTask reverted: UnsupportedCodec(codec=113)");
        ContractRevertException zero = simulateRevert(CREATOR, "createTask",
                wrapper(CREATOR).createTask(struct(new byte[32], raw, 1, 1, 1, 1, 1, 1, 0)).encodeFunctionCall());
        assertThat(zero.getMessage()).isEqualTo("createTask reverted: ZeroDigest()");
    }

    private static FederatedTasks.TaskParams struct(byte[] digest, BigInteger codec, long rounds, long clientsPerRound,
            long minUpdates, long quorum, long submissionBlocks, long votingBlocks, long rule) {
        return new FederatedTasks.TaskParams(digest, codec, digest, codec, big(rounds), big(clientsPerRound),
                big(minUpdates), big(quorum), big(submissionBlocks), big(votingBlocks), big(rule), false,
                BigInteger.ZERO, BigInteger.ZERO, false);
    }

    /** The generated web3j wrapper sending as {@code sender}: bypasses TaskContract's own checks. */
    private FederatedTasks wrapper(Credentials sender) throws IOException {
        var chain = fixture.chain;
        BigInteger gasPrice = chain.web3j().ethGasPrice().send().getGasPrice();
        return FederatedTasks.load(contract.address(), chain.web3j(),
                new RawTransactionManager(chain.web3j(), sender, chain.chainId(), chain.receiptProcessor()),
                new StaticGasProvider(gasPrice, BigInteger.valueOf(1_000_000)));
    }

    private ContractRevertException simulateRevert(Credentials sender, String function, String data) throws IOException {
        var chain = fixture.chain;
        EthCall result = chain.web3j().ethCall(new Transaction(sender.getAddress(), null, null, null,
                contract.address(), null, data), DefaultBlockParameterName.LATEST).send();
        assertThat(result.hasError()).as("eth_call of " + function + " reverts").isTrue();
        Response.Error error = result.getError();
        return RevertDecoder.fromAbiResource(TaskContract.ABI_RESOURCE).decode(function,
                RevertDecoder.revertData(error.getData(), error.getMessage()), ChainConnection.errorText(error));
    }

    @Test
    void creatorAddsParticipantsWithRolesAndEveryRefusalIsNamed() {
        long id = contract.createTask(CREATOR, params(3, 1, 1)).taskId();

        TxResult added = contract.addParticipants(CREATOR, id, List.of(addr(CLIENTS.get(0)), addr(CLIENTS.get(1))),
                Set.of(Role.CLIENT));

        assertThat(added.events()).containsExactly(
                new TaskEvent.ParticipantAdded(id, addr(CLIENTS.get(0)), Set.of(Role.CLIENT), added.txHash(), added.blockNumber()),
                new TaskEvent.ParticipantAdded(id, addr(CLIENTS.get(1)), Set.of(Role.CLIENT), added.txHash(), added.blockNumber()));
        TxResult both = contract.addParticipants(CREATOR, id, List.of(addr(CLIENTS.get(0))), Set.of(Role.AGGREGATOR));
        assertThat(only(both, TaskEvent.ParticipantAdded.class).roles()).containsExactlyInAnyOrder(Role.CLIENT, Role.AGGREGATOR);
        assertThat(contract.participant(id, addr(CLIENTS.get(0))).roles()).containsExactlyInAnyOrder(Role.CLIENT, Role.AGGREGATOR);
        assertThat(contract.participant(id, addr(STRANGER)).roles()).isEmpty();

        assertRevert(() -> contract.addParticipants(CREATOR, id, List.of(addr(CLIENTS.get(1))), Set.of(Role.CLIENT)),
                "addParticipants", "AlreadyParticipant", big(id), addr(CLIENTS.get(1)), big(1));
        assertRevert(() -> contract.addParticipants(STRANGER, id, List.of(addr(STRANGER)), Set.of(Role.CLIENT)),
                "addParticipants", "NotTaskCreator", big(id), addr(STRANGER));
        assertRevert(() -> contract.addParticipants(CREATOR, id, List.of(addr(STRANGER)), Set.of()),
                "addParticipants", "InvalidRoles", big(0));
        assertRevert(() -> contract.addParticipants(CREATOR, id, List.of("0x0000000000000000000000000000000000000000"),
                Set.of(Role.CLIENT)), "addParticipants", "ZeroAddress");
        assertRevert(() -> contract.addParticipants(CREATOR, 999_999, List.of(addr(STRANGER)), Set.of(Role.CLIENT)),
                "addParticipants", "UnknownTask", big(999_999));
    }

    // ---- a round through every state ----

    @Test
    void roundMovesOpenAggregatingVotingFinalizedWithEventsForEachTransition() {
        long id = task(params(3, 3, 2).withRewards(big(10), big(100)));

        List<TxResult> submissions = new ArrayList<>();
        for (int i = 0; i < CLIENTS.size(); i++) {
            submissions.add(contract.submitUpdate(CLIENTS.get(i), id, 1, cid("update-" + i), 100L * (i + 1)));
            assertThat(contract.round(id, 1).state()).isEqualTo(i < 2 ? RoundInfo.State.OPEN : RoundInfo.State.AGGREGATING);
        }
        for (int i = 0; i < CLIENTS.size(); i++) {
            TxResult tx = submissions.get(i);
            assertThat(tx.events().getFirst()).isEqualTo(new TaskEvent.UpdateSubmitted(id, 1, addr(CLIENTS.get(i)),
                    cid("update-" + i), 100L * (i + 1), i, tx.txHash(), tx.blockNumber()));
        }
        List<UpdateEntry> updates = contract.updates(id, 1);
        assertThat(updates).containsExactly(new UpdateEntry(addr(CLIENTS.get(0)), cid("update-0"), 100),
                new UpdateEntry(addr(CLIENTS.get(1)), cid("update-1"), 200),
                new UpdateEntry(addr(CLIENTS.get(2)), cid("update-2"), 300));
        TxResult last = submissions.getLast();
        assertThat(names(last)).containsExactly("UpdateSubmitted", "SubmissionsClosed");
        assertThat(only(last, TaskEvent.SubmissionsClosed.class)).isEqualTo(new TaskEvent.SubmissionsClosed(id, 1, 3,
                600, org.web3j.utils.Numeric.toHexString(UpdatesHash.of(id, 1, updates)), last.txHash(), last.blockNumber()));
        assertThat(contract.round(id, 1).totalSamples()).isEqualTo(600);

        Cid aggregate = cid("aggregate-1");
        TxResult proposal = contract.propose(AGG_A, id, 1, aggregate);
        assertThat(names(proposal)).containsExactly("AggregateProposed", "VoteCast");
        assertThat(only(proposal, TaskEvent.AggregateProposed.class)).isEqualTo(new TaskEvent.AggregateProposed(id, 1,
                addr(AGG_A), aggregate, proposal.txHash(), proposal.blockNumber()));
        assertThat(only(proposal, TaskEvent.VoteCast.class).votes()).isEqualTo(1);
        assertThat(contract.round(id, 1).state()).isEqualTo(RoundInfo.State.VOTING);
        assertThat(contract.round(id, 1).proposals()).isEqualTo(1);
        assertThat(contract.proposalVoters(id, 1, aggregate)).containsExactly(addr(AGG_A));

        TxResult vote = contract.vote(AGG_B, id, 1, aggregate);
        assertThat(names(vote)).containsExactly("VoteCast", "TokenTransfer", "TokenTransfer", "RoundFinalized", "RoundOpened");
        assertThat(only(vote, TaskEvent.RoundFinalized.class)).isEqualTo(
                new TaskEvent.RoundFinalized(id, 1, aggregate, 2, vote.txHash(), vote.blockNumber()));
        assertThat(only(vote, TaskEvent.RoundOpened.class)).isEqualTo(new TaskEvent.RoundOpened(id, 2, 1,
                vote.blockNumber() + 50, vote.blockNumber() + 100, vote.txHash(), vote.blockNumber()));
        assertThat(contract.round(id, 1).state()).isEqualTo(RoundInfo.State.FINALIZED);
        assertThat(contract.round(id, 1).globalModel()).contains(aggregate);
        assertThat(contract.globalModel(id, 1)).contains(aggregate);
        assertThat(contract.task(id).currentRound()).isEqualTo(2);
        assertThat(contract.task(id).modelRound()).isEqualTo(1);

        // the log query returns the same events in chain order
        List<TaskEvent> logged = contract.events(submissions.getFirst().blockNumber(), vote.blockNumber());
        assertThat(logged).containsSubsequence(submissions.getFirst().events().getFirst(), vote.events().getLast());
    }

    @Test
    void rewardsGoToWinningVotersAtFinalizationAndToClientsWhenTheyClaim() {
        Credentials client = CLIENTS.get(0);
        BigInteger clientBefore = contract.rewardBalance(addr(client));
        BigInteger aggABefore = contract.rewardBalance(addr(AGG_A));
        BigInteger aggBBefore = contract.rewardBalance(addr(AGG_B));
        long id = task(params(1, 1, 1).withRewards(big(10), big(100)));

        contract.submitUpdate(client, id, 1, cid("r1"), 5);
        assertThat(contract.pendingRewards(id, addr(client))).isZero();
        assertRevert(() -> contract.claimRewards(client, id), "claimRewards", "NothingToClaim", big(id), addr(client));
        contract.propose(AGG_A, id, 1, cid("agg-1"));
        assertThat(contract.rewardBalance(addr(AGG_A))).isEqualTo(aggABefore.add(big(100)));
        assertThat(contract.rewardBalance(addr(AGG_B))).isEqualTo(aggBBefore);
        assertThat(contract.pendingRewards(id, addr(client))).isEqualTo(big(10));

        // the next submission counts round 1's update in the packed slot
        TxResult next = contract.submitUpdate(client, id, 2, cid("r2"), 5);
        assertThat(names(next)).containsExactly("UpdateSubmitted", "SubmissionsClosed");
        assertThat(contract.participant(id, addr(client)).rewardedUpdates()).isEqualTo(1);
        contract.propose(AGG_B, id, 2, cid("agg-2"));

        TxResult claim = contract.claimRewards(client, id);
        assertThat(names(claim)).containsExactly("TokenTransfer", "RewardsClaimed");
        assertThat(only(claim, TaskEvent.RewardsClaimed.class).amount()).isEqualTo(big(20));
        assertThat(only(claim, TaskEvent.TokenTransfer.class)).isEqualTo(new TaskEvent.TokenTransfer(
                "0x0000000000000000000000000000000000000000", addr(client), big(20), claim.txHash(), claim.blockNumber()));
        assertThat(contract.rewardBalance(addr(client))).isEqualTo(clientBefore.add(big(20)));
        assertThat(contract.participant(id, addr(client)).rewardedUpdates()).isZero();
        assertRevert(() -> contract.claimRewards(client, id), "claimRewards", "NothingToClaim", big(id), addr(client));
    }

    @Test
    void failedRoundEarnsNoRewardAndTheNextOpensOnTheSameModel() {
        Credentials client = CLIENTS.get(0);
        long id = task(TaskParams.of(SPEC, INITIAL, 2, 2, 1, 2, 10, 10).withRewards(big(10), big(100)));
        contract.submitUpdate(client, id, 1, cid("r1"), 5);
        assertRevert(() -> contract.closeRound(STRANGER, id, 1), "closeRound", "SubmissionsOpen", big(id), big(1),
                big(contract.round(id, 1).submissionDeadline()));
        fixture.mine(11);

        TxResult closed = contract.closeRound(STRANGER, id, 1);
        assertThat(names(closed)).containsExactly("SubmissionsClosed");
        assertThat(contract.round(id, 1).state()).isEqualTo(RoundInfo.State.AGGREGATING);
        assertRevert(() -> contract.closeRound(STRANGER, id, 1), "closeRound", "VotingOpen", big(id), big(1),
                big(contract.round(id, 1).voteDeadline()));
        contract.propose(AGG_A, id, 1, cid("agg-1")); // one vote of a quorum of 2
        fixture.mine(11);
        assertRevert(() -> contract.vote(AGG_B, id, 1, cid("agg-1")), "vote", "VotingClosed", big(id), big(1),
                big(contract.round(id, 1).voteDeadline()));

        TxResult failed = contract.closeRound(STRANGER, id, 1);
        assertThat(names(failed)).containsExactly("RoundFailed", "RoundOpened");
        assertThat(only(failed, TaskEvent.RoundFailed.class)).isEqualTo(new TaskEvent.RoundFailed(id, 1,
                TaskEvent.FailureReason.NO_QUORUM, 1, failed.txHash(), failed.blockNumber()));
        assertThat(only(failed, TaskEvent.RoundOpened.class).baseRound()).isZero();
        assertThat(contract.round(id, 1).state()).isEqualTo(RoundInfo.State.FAILED);
        assertThat(contract.globalModel(id, 1)).isEmpty();
        assertThat(contract.pendingRewards(id, addr(client))).isZero();
        assertRevert(() -> contract.closeRound(STRANGER, id, 1), "closeRound", "RoundNotActive", big(id), big(1),
                big(RoundInfo.State.FAILED.ordinal()));

        // round 2 (the last) gets no update at all: it fails too and the task completes on the initial model
        fixture.mine(11);
        TxResult last = contract.closeRound(STRANGER, id, 2);
        assertThat(names(last)).containsExactly("RoundFailed", "TaskCompleted");
        assertThat(only(last, TaskEvent.RoundFailed.class).reason()).isEqualTo(TaskEvent.FailureReason.TOO_FEW_UPDATES);
        assertThat(only(last, TaskEvent.TaskCompleted.class)).isEqualTo(
                new TaskEvent.TaskCompleted(id, 0, INITIAL, last.txHash(), last.blockNumber()));
        assertThat(contract.task(id).status()).isEqualTo(TaskInfo.Status.COMPLETED);
        assertRevert(() -> contract.claimRewards(client, id), "claimRewards", "NothingToClaim", big(id), addr(client));
        assertRevert(() -> contract.addParticipants(CREATOR, id, List.of(addr(STRANGER)), Set.of(Role.CLIENT)),
                "addParticipants", "TaskNotActive", big(id));
        assertRevert(() -> contract.submitUpdate(client, id, 3, cid("r3"), 1), "submitUpdate", "WrongRound",
                big(id), big(2), big(3));
    }

    @Test
    void aggregatingRoundWithoutAnyProposalFailsAtTheVoteDeadline() {
        long id = task(TaskParams.of(SPEC, INITIAL, 2, 1, 1, 1, 10, 10));
        contract.submitUpdate(CLIENTS.get(0), id, 1, cid("u"), 1);
        assertThat(contract.round(id, 1).state()).isEqualTo(RoundInfo.State.AGGREGATING);
        assertRevert(() -> contract.vote(AGG_A, id, 1, cid("agg")), "vote", "UnknownProposal", big(id), big(1),
                CompactCid.of(cid("agg")).digest(), big(0x55));
        fixture.mine(21);
        assertRevert(() -> contract.propose(AGG_A, id, 1, cid("agg")), "propose", "VotingClosed", big(id), big(1),
                big(contract.round(id, 1).voteDeadline()));
        TxResult failed = contract.closeRound(STRANGER, id, 1);
        assertThat(only(failed, TaskEvent.RoundFailed.class).reason()).isEqualTo(TaskEvent.FailureReason.NO_QUORUM);
        assertThat(contract.round(id, 2).state()).isEqualTo(RoundInfo.State.OPEN);
        assertThat(contract.round(id, 2).failuresBefore()).isEqualTo(1);
        // the client's next update reads the failed round's state and counts no reward
        contract.submitUpdate(CLIENTS.get(0), id, 2, cid("u2"), 1);
        assertThat(contract.participant(id, addr(CLIENTS.get(0))).rewardedUpdates()).isZero();
        assertThat(contract.participant(id, addr(CLIENTS.get(0))).failuresAtSubmit()).isEqualTo(1);
    }

    @Test
    void lastFinalizedRoundCompletesTheTask() {
        long id = task(TaskParams.of(SPEC, INITIAL, 1, 1, 1, 1, 10, 10));
        contract.submitUpdate(CLIENTS.get(0), id, 1, cid("u"), 1);
        TxResult done = contract.propose(AGG_A, id, 1, cid("final"));
        assertThat(names(done)).containsExactly("AggregateProposed", "VoteCast", "RoundFinalized", "TaskCompleted");
        assertThat(only(done, TaskEvent.TaskCompleted.class).model()).isEqualTo(cid("final"));
        assertThat(contract.task(id).status()).isEqualTo(TaskInfo.Status.COMPLETED);
    }

    @Test
    void proposalAfterTheSubmissionDeadlineClosesAnOpenRoundWithEnoughUpdates() {
        long id = task(TaskParams.of(SPEC, INITIAL, 2, 3, 2, 2, 10, 10));
        contract.submitUpdate(CLIENTS.get(0), id, 1, cid("a"), 1);
        assertRevert(() -> contract.propose(AGG_A, id, 1, cid("agg")), "propose", "SubmissionsOpen", big(id), big(1),
                big(contract.round(id, 1).submissionDeadline()));
        fixture.mine(11);
        assertRevert(() -> contract.propose(AGG_A, id, 1, cid("agg")), "propose", "NotEnoughUpdates", big(id), big(1),
                big(1), big(2));
        assertRevert(() -> contract.submitUpdate(CLIENTS.get(1), id, 1, cid("late"), 1), "submitUpdate",
                "SubmissionDeadlinePassed", big(id), big(1), big(contract.round(id, 1).submissionDeadline()));

        long id2 = task(TaskParams.of(SPEC, INITIAL, 2, 3, 2, 2, 10, 10));
        contract.submitUpdate(CLIENTS.get(0), id2, 1, cid("a"), 1);
        contract.submitUpdate(CLIENTS.get(1), id2, 1, cid("b"), 1);
        fixture.mine(11);
        TxResult proposal = contract.propose(AGG_A, id2, 1, cid("agg"));
        assertThat(names(proposal)).containsExactly("SubmissionsClosed", "AggregateProposed", "VoteCast");
        // a second, different proposal is allowed and counts its proposer's vote
        TxResult rival = contract.propose(AGG_B, id2, 1, cid("other"));
        assertThat(only(rival, TaskEvent.VoteCast.class).votes()).isEqualTo(1);
        assertThat(contract.round(id2, 1).proposals()).isEqualTo(2);
        assertThat(contract.round(id2, 1).state()).isEqualTo(RoundInfo.State.VOTING);
    }

    // ---- refusals ----

    @Test
    void submitUpdateRefusals() {
        long id = task(params(2, 1, 2));
        Credentials client = CLIENTS.get(0);
        assertRevert(() -> contract.submitUpdate(STRANGER, id, 1, cid("u"), 1), "submitUpdate", "NotClient", big(id), addr(STRANGER));
        assertRevert(() -> contract.submitUpdate(AGG_A, id, 1, cid("u"), 1), "submitUpdate", "NotClient", big(id), addr(AGG_A));
        assertRevert(() -> contract.submitUpdate(client, id, 2, cid("u"), 1), "submitUpdate", "WrongRound", big(id), big(1), big(2));
        assertRevert(() -> contract.submitUpdate(client, id, 1, cid("u"), 0), "submitUpdate", "ZeroSamples");
        contract.submitUpdate(client, id, 1, cid("u"), 1);
        assertRevert(() -> contract.submitUpdate(client, id, 1, cid("u2"), 1), "submitUpdate", "AlreadySubmitted",
                big(id), big(1), addr(client));
        assertThatThrownBy(() -> contract.submitUpdate(client, id, 1, cid("u2"), 1)).hasMessage(
                "submitUpdate reverted: AlreadySubmitted(taskId=" + id + ", round=1, client=" + addr(client) + ")");
        contract.submitUpdate(CLIENTS.get(1), id, 1, cid("v"), 1); // closes: 2 per round
        assertRevert(() -> contract.submitUpdate(CLIENTS.get(2), id, 1, cid("w"), 1), "submitUpdate", "UpdatesClosed", big(id), big(1));
        contract.propose(AGG_A, id, 1, cid("agg"));
        contract.vote(AGG_B, id, 1, cid("agg"));
        assertRevert(() -> contract.submitUpdate(CLIENTS.get(2), id, 1, cid("w"), 1), "submitUpdate", "RoundNotActive",
                big(id), big(1), big(RoundInfo.State.FINALIZED.ordinal()));
        assertThatThrownBy(() -> contract.submitUpdate(client, id, 2, Cid.of(1, 0x71, new byte[] {1}), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codec 0x71 is neither raw");
    }

    @Test
    void contractRefusesCodecsAndDigestsItCannotRebuild() throws IOException {
        long id = task(params(2, 1, 2));
        byte[] digest = CompactCid.of(cid("x")).digest();
        assertThat(simulateRevert(CLIENTS.get(0), "submitUpdate", wrapper(CLIENTS.get(0))
                .submitUpdate(big(id), big(1), digest, big(0x71), big(1)).encodeFunctionCall()))
                .hasMessage("submitUpdate reverted: UnsupportedCodec(codec=113)");
        assertThat(simulateRevert(CLIENTS.get(0), "submitUpdate", wrapper(CLIENTS.get(0))
                .submitUpdate(big(id), big(1), new byte[32], big(0x55), big(1)).encodeFunctionCall()))
                .hasMessage("submitUpdate reverted: ZeroDigest()");
    }

    @Test
    void proposeAndVoteRefusals() {
        long id = task(params(1, 1, 3));
        assertRevert(() -> contract.vote(AGG_A, id, 1, cid("agg")), "vote", "UnknownProposal", big(id), big(1),
                CompactCid.of(cid("agg")).digest(), big(0x55));
        contract.submitUpdate(CLIENTS.get(0), id, 1, cid("u"), 1);
        assertRevert(() -> contract.propose(CLIENTS.get(0), id, 1, cid("agg")), "propose", "NotAggregator", big(id), addr(CLIENTS.get(0)));
        assertRevert(() -> contract.propose(AGG_A, id, 2, cid("agg")), "propose", "WrongRound", big(id), big(1), big(2));
        contract.propose(AGG_A, id, 1, cid("agg"));
        assertRevert(() -> contract.vote(STRANGER, id, 1, cid("agg")), "vote", "NotAggregator", big(id), addr(STRANGER));
        assertRevert(() -> contract.vote(AGG_A, id, 1, cid("agg")), "vote", "AlreadyVoted", big(id), big(1), addr(AGG_A));
        assertRevert(() -> contract.propose(AGG_A, id, 1, cid("other")), "propose", "AlreadyVoted", big(id), big(1), addr(AGG_A));
        assertRevert(() -> contract.vote(AGG_B, id, 1, cid("nobody-proposed-this")), "vote", "UnknownProposal", big(id),
                big(1), CompactCid.of(cid("nobody-proposed-this")).digest(), big(0x55));
        assertThat(contract.vote(AGG_B, id, 1, cid("agg")).events()).singleElement().isInstanceOf(TaskEvent.VoteCast.class);
        assertThat(contract.proposalVoters(id, 1, cid("agg"))).containsExactly(addr(AGG_A), addr(AGG_B));
        assertRevert(() -> contract.closeRound(STRANGER, 999_999, 1), "closeRound", "UnknownTask", big(999_999));
    }

    @Test
    void refusalFoundOnlyInAMinedReceiptIsDecodedToo() {
        long id = task(params(2, 1, 2));
        contract.submitUpdate(CLIENTS.get(0), id, 1, cid("u"), 1);
        long before = fixture.chain.blockNumber();

        assertThatThrownBy(() -> contract.withoutPreflight().submitUpdate(CLIENTS.get(0), id, 1, cid("again"), 1))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("AlreadySubmitted");
                    assertThat(e.errorArgs()).containsExactly(big(id), big(1), addr(CLIENTS.get(0)));
                });
        assertThat(fixture.chain.blockNumber()).as("the failed transaction was mined").isEqualTo(before + 1);
        assertThat(contract.updates(id, 1)).hasSize(1);
    }

    @Test
    void aTransactionListenerHearsEachSendItsReceiptWithGasAndEachRevertWithItsStage() {
        long id = task(params(3, 3, 2));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        TaskContract observed = contract.withTransactionListener(new TransactionListener() {
            @Override
            public void sent(String function) {
                heard.add("sent " + function);
            }

            @Override
            public void mined(String function, long gasUsed, java.time.Duration confirmation, boolean succeeded) {
                assertThat(confirmation).isPositive();
                heard.add("mined " + function + " " + succeeded + " " + gasUsed);
            }

            @Override
            public void reverted(String function, Stage stage) {
                heard.add("reverted " + function + " " + stage);
            }

            @Override
            public void retried(String function) {
                heard.add("retried " + function);
            }
        });

        TxResult tx = observed.submitUpdate(CLIENTS.get(0), id, 1, cid("observed"), 1);
        assertThatThrownBy(() -> observed.submitUpdate(CLIENTS.get(0), id, 1, cid("again"), 1))
                .isInstanceOf(ContractRevertException.class);
        assertThatThrownBy(() -> observed.withoutPreflight().submitUpdate(CLIENTS.get(0), id, 1, cid("again"), 1))
                .isInstanceOf(ContractRevertException.class);

        assertThat(heard).hasSize(6);
        assertThat(heard.subList(0, 3)).containsExactly("sent submitUpdate", "mined submitUpdate true " + tx.gasUsed(),
                "reverted submitUpdate PREFLIGHT");
        assertThat(heard.get(3)).isEqualTo("sent submitUpdate");
        assertThat(heard.get(4)).startsWith("mined submitUpdate false ");
        assertThat(heard.get(5)).isEqualTo("reverted submitUpdate MINED");
        contract.submitUpdate(CLIENTS.get(1), id, 1, cid("unobserved"), 1);
        assertThat(heard).as("the original facade reports nothing").hasSize(6);
    }

    @Test
    void deadlineIsJudgedAtTheBlockTheTransactionWouldBeMinedIn() {
        long id = task(TaskParams.of(SPEC, INITIAL, 2, 3, 1, 2, 10, 10));
        long deadline = contract.round(id, 1).submissionDeadline();
        fixture.mine(deadline - fixture.chain.blockNumber()); // the head is the deadline block: the next is too late
        long head = fixture.chain.blockNumber();

        assertRevert(() -> contract.submitUpdate(CLIENTS.get(0), id, 1, cid("late"), 1), "submitUpdate",
                "SubmissionDeadlinePassed", big(id), big(1), big(deadline));
        assertThat(fixture.chain.blockNumber()).as("refused before sending").isEqualTo(head);
        assertRevert(() -> contract.withoutPreflight().submitUpdate(CLIENTS.get(0), id, 1, cid("late"), 1),
                "submitUpdate", "SubmissionDeadlinePassed", big(id), big(1), big(deadline));
        assertThat(fixture.chain.blockNumber()).as("the failed transaction was mined").isEqualTo(head + 1);
    }

    @Test
    void submissionsFromDistinctSendersMayRunInParallel() throws Exception {
        long id = task(params(3, 3, 2));
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<TxResult>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS.size(); i++) {
                Credentials client = CLIENTS.get(i);
                Cid update = cid("parallel-" + i);
                futures.add(pool.submit(() -> contract.submitUpdate(client, id, 1, update, 1)));
            }
            for (Future<TxResult> future : futures) {
                assertThat(future.get().events()).isNotEmpty();
            }
        }
        assertThat(contract.updates(id, 1)).extracting(UpdateEntry::client)
                .containsExactlyInAnyOrder(CLIENTS.stream().map(Credentials::getAddress).toArray(String[]::new));
    }

    @Test
    void attachingToAnAddressWithoutCodeFails() {
        assertThatThrownBy(() -> TaskContract.at(fixture.chain, addr(STRANGER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no contract code at " + addr(STRANGER));
        assertThat(TaskContract.at(fixture.chain, contract.address()).taskCount()).isEqualTo(contract.taskCount());
    }

    @Test
    void updateListThatDoesNotMatchTheCommitmentIsRefused() {
        long id = task(params(3, 1, 2));
        contract.submitUpdate(CLIENTS.get(0), id, 1, cid("u"), 4);
        List<UpdateEntry> listed = contract.updates(id, 1);
        // the check itself: a list with another sample count does not hash to the commitment
        List<UpdateEntry> forged = List.of(new UpdateEntry(listed.getFirst().client(), listed.getFirst().cid(), 5));
        assertThat(UpdatesHash.of(id, 1, forged)).isNotEqualTo(contract.round(id, 1).commitment());
        assertThat(UpdatesHash.of(id, 1, listed)).isEqualTo(contract.round(id, 1).commitment());
    }

    @Test
    void eventsOfABypassingClientAreDecodedFromTheLog() throws Exception {
        long id = task(params(3, 1, 2));
        TransactionReceipt receipt = wrapper(CLIENTS.get(0)).submitUpdate(big(id), big(1),
                CompactCid.of(cid("raw")).digest(), big(0x70), big(3)).send();
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(contract.updates(id, 1)).containsExactly(new UpdateEntry(addr(CLIENTS.get(0)),
                new CompactCid(CompactCid.of(cid("raw")).digest(), Cid.DAG_PB).toCid(), 3));
    }
}
