package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.generated.FederatedRounds;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/** Against a real anvil started for this class on a free port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundContractTest {
    private static final Credentials OWNER = DevAccounts.account(0);
    private static final List<Credentials> CLIENTS = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3));
    private static final Credentials AGG_A = DevAccounts.account(4);
    private static final Credentials AGG_B = DevAccounts.account(5);
    private static final Credentials STRANGER = DevAccounts.account(6);
    private static final Cid INITIAL = cid("initial-model");

    private AnvilProcess anvil;
    private ChainConnection chain;

    @BeforeAll
    void startChain(@TempDir Path dir) {
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        chain = ChainConnection.connect(anvil.rpcUrl());
    }

    @AfterAll
    void stopChain() {
        if (chain != null) {
            chain.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    /** A stand-in CID: CIDv1, raw codec, sha2-256 of the label (36 bytes in binary). */
    private static Cid cid(String label) {
        return Cid.of(1, Cid.RAW, label.getBytes(StandardCharsets.UTF_8));
    }

    /** The generated web3j wrapper for {@code contract}, sending as {@code sender}: bypasses RoundContract. */
    private FederatedRounds wrapper(RoundContract contract, Credentials sender) throws IOException {
        BigInteger gasPrice = chain.web3j().ethGasPrice().send().getGasPrice();
        return FederatedRounds.load(contract.address(), chain.web3j(),
                new RawTransactionManager(chain.web3j(), sender, chain.chainId(), chain.receiptProcessor()),
                new StaticGasProvider(gasPrice, BigInteger.valueOf(1_000_000)));
    }

    /** Runs {@code data} with eth_call from {@code sender} ({@code to == null}: a deployment) and decodes the revert. */
    private ContractRevertException simulateRevert(Credentials sender, String to, String function, String data)
            throws IOException {
        EthCall result = chain.web3j().ethCall(new Transaction(sender.getAddress(), null, null, null, to, null, data),
                DefaultBlockParameterName.LATEST).send();
        assertThat(result.hasError()).as("eth_call of " + function + " reverts").isTrue();
        Response.Error error = result.getError();
        return RevertDecoder.fromAbiResource(RoundContract.ABI_RESOURCE).decode(function,
                RevertDecoder.revertData(error.getData(), error.getMessage()), ChainConnection.errorText(error));
    }

    private RoundContract deployWithParticipants(int minUpdates, int quorum) {
        RoundContract contract = RoundContract.deploy(chain, OWNER, INITIAL, minUpdates, quorum);
        for (Credentials client : CLIENTS) {
            contract.registerClient(OWNER, client.getAddress());
        }
        contract.registerAggregator(OWNER, AGG_A.getAddress());
        contract.registerAggregator(OWNER, AGG_B.getAddress());
        return contract;
    }

    @Test
    void connectionReportsAnvilsChainIdAndBlockNumber() {
        assertThat(chain.chainId()).isEqualTo(31337L);
        assertThat(chain.blockNumber()).isGreaterThanOrEqualTo(0L);
        assertThat(chain.rpcUrl()).isEqualTo(anvil.rpcUrl());
    }

    @Test
    void deployOpensRoundOneWithInitialModelAsRoundZero() {
        RoundContract contract = RoundContract.deploy(chain, OWNER, INITIAL, 3, 2);

        assertThat(contract.address()).startsWith("0x").hasSize(42);
        assertThat(contract.currentRound()).isEqualTo(1);
        assertThat(contract.globalModel(0)).contains(INITIAL);
        assertThat(contract.globalModel(1)).isEmpty();
        assertThat(contract.minUpdates()).isEqualTo(3);
        assertThat(contract.quorum()).isEqualTo(2);
        assertThat(contract.updates(1)).isEmpty();
        RoundContract attached = RoundContract.at(chain, contract.address());
        assertThat(attached.currentRound()).isEqualTo(1);
    }

    @Test
    void attachingToAnAddressWithoutCodeFails() {
        assertThatThrownBy(() -> RoundContract.at(chain, STRANGER.getAddress()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no contract code at " + STRANGER.getAddress());
    }

    @Test
    void registrationEmitsEventsAndMarksRoles() {
        RoundContract contract = RoundContract.deploy(chain, OWNER, INITIAL, 1, 1);

        TxResult client = contract.registerClient(OWNER, CLIENTS.get(0).getAddress());
        TxResult aggregator = contract.registerAggregator(OWNER, AGG_A.getAddress());

        assertThat(client.events()).containsExactly(new RoundEvent.ClientRegistered(
                CLIENTS.get(0).getAddress(), client.txHash(), client.blockNumber()));
        assertThat(aggregator.events()).containsExactly(new RoundEvent.AggregatorRegistered(
                AGG_A.getAddress(), aggregator.txHash(), aggregator.blockNumber()));
        assertThat(client.gasUsed()).isPositive();
        assertThat(contract.isClient(CLIENTS.get(0).getAddress())).isTrue();
        assertThat(contract.isClient(AGG_A.getAddress())).isFalse();
        assertThat(contract.isAggregator(AGG_A.getAddress())).isTrue();
        assertThatThrownBy(() -> contract.registerClient(OWNER, CLIENTS.get(0).getAddress()))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("AlreadyRegistered");
                    assertThat(e.errorArgs()).containsExactly(CLIENTS.get(0).getAddress());
                });
    }

    @Test
    void fullRoundWithThreeClientsAndTwoAggregatorsFinalizesAtQuorumOfTwo() {
        Map<String, Long> gas = new LinkedHashMap<>();
        long start = chain.blockNumber();
        RoundContract contract = deployWithParticipants(3, 2);

        List<TxResult> submissions = new ArrayList<>();
        for (int i = 0; i < CLIENTS.size(); i++) {
            submissions.add(contract.submitUpdate(CLIENTS.get(i), 1, cid("update-" + i), 100L * (i + 1)));
        }
        for (int i = 0; i < CLIENTS.size(); i++) {
            TxResult tx = submissions.get(i);
            assertThat(tx.events()).hasSize(1).first().asInstanceOf(type(RoundEvent.UpdateSubmitted.class))
                    .satisfies(e -> {
                        assertThat(e.round()).isEqualTo(1);
                        assertThat(e.client()).isEqualTo(CLIENTS.get(submissions.indexOf(tx)).getAddress());
                        assertThat(e.cid()).isEqualTo(cid("update-" + submissions.indexOf(tx)));
                        assertThat(e.numSamples()).isEqualTo(100L * (submissions.indexOf(tx) + 1));
                        assertThat(e.txHash()).isEqualTo(tx.txHash());
                        assertThat(e.blockNumber()).isEqualTo(tx.blockNumber());
                    });
        }
        gas.put("submitUpdate (1st, 36-byte CID)", submissions.get(0).gasUsed());
        gas.put("submitUpdate (2nd)", submissions.get(1).gasUsed());

        List<UpdateEntry> updates = contract.updates(1);
        assertThat(updates).extracting(UpdateEntry::client)
                .containsExactly(CLIENTS.get(0).getAddress(), CLIENTS.get(1).getAddress(), CLIENTS.get(2).getAddress());
        assertThat(updates).extracting(UpdateEntry::numSamples).containsExactly(100L, 200L, 300L);
        assertThat(updates.get(2).cid()).isEqualTo(cid("update-2"));

        Cid aggregate = cid("aggregate-1");
        TxResult proposal = contract.propose(AGG_A, 1, aggregate);
        assertThat(proposal.events()).hasSize(1).first().asInstanceOf(type(RoundEvent.AggregateProposed.class))
                .satisfies(e -> {
                    assertThat(e.round()).isEqualTo(1);
                    assertThat(e.aggregator()).isEqualTo(AGG_A.getAddress());
                    assertThat(e.cid()).isEqualTo(aggregate);
                    assertThat(e.txHash()).isEqualTo(proposal.txHash());
                    assertThat(e.blockNumber()).isEqualTo(proposal.blockNumber());
                });
        assertThat(contract.proposalVotes(1, aggregate)).isEqualTo(1);
        assertThat(contract.currentRound()).isEqualTo(1);
        assertThat(contract.globalModel(1)).isEmpty();

        TxResult vote = contract.vote(AGG_B, 1, aggregate);
        assertThat(vote.events()).hasSize(3);
        assertThat(vote.events().get(0)).asInstanceOf(type(RoundEvent.VoteCast.class)).satisfies(e -> {
            assertThat(e.round()).isEqualTo(1);
            assertThat(e.voter()).isEqualTo(AGG_B.getAddress());
            assertThat(e.cid()).isEqualTo(aggregate);
            assertThat(e.txHash()).isEqualTo(vote.txHash());
            assertThat(e.blockNumber()).isEqualTo(vote.blockNumber());
        });
        assertThat(vote.events().get(1)).asInstanceOf(type(RoundEvent.RoundFinalized.class)).satisfies(e -> {
            assertThat(e.round()).isEqualTo(1);
            assertThat(e.cid()).isEqualTo(aggregate);
            assertThat(e.votes()).isEqualTo(2);
            assertThat(e.txHash()).isEqualTo(vote.txHash());
            assertThat(e.blockNumber()).isEqualTo(vote.blockNumber());
        });
        assertThat(vote.events().get(2)).isEqualTo(new RoundEvent.RoundOpened(2, vote.txHash(), vote.blockNumber()));

        assertThat(contract.currentRound()).isEqualTo(2);
        assertThat(contract.globalModel(1)).contains(aggregate);
        assertThat(contract.proposalVotes(1, aggregate)).isEqualTo(2);
        gas.put("propose (not finalizing)", proposal.gasUsed());
        gas.put("vote (finalizing at quorum 2)", vote.gasUsed());

        // the log query returns the same events in chain order: RoundOpened(1) at deployment, 5 registrations, ...
        List<RoundEvent> logged = contract.events(start, chain.blockNumber());
        assertThat(logged).hasSize(1 + 5 + 3 + 1 + 3);
        assertThat(logged.get(0)).isInstanceOf(RoundEvent.RoundOpened.class)
                .extracting(e -> ((RoundEvent.RoundOpened) e).round()).isEqualTo(1L);
        assertThat(logged.subList(6, 9)).allSatisfy(e -> assertThat(e).isInstanceOf(RoundEvent.UpdateSubmitted.class));
        assertThat(logged.get(logged.size() - 1)).isEqualTo(vote.events().get(2));

        // round 2 works the same way with a quorum-1 shortcut absent: proposer alone does not finalize
        TxResult next = contract.submitUpdate(CLIENTS.get(0), 2, cid("update-r2"), 10);
        assertThat(next.events()).singleElement().asInstanceOf(type(RoundEvent.UpdateSubmitted.class))
                .extracting(RoundEvent.UpdateSubmitted::round).isEqualTo(2L);
        gas.put("submitUpdate (new round)", next.gasUsed());

        gas.forEach((function, used) -> System.out.printf("GAS %-34s %,d%n", function, used));
    }

    @Test
    void quorumOfOneFinalizesDirectlyAtPropose() {
        RoundContract contract = deployWithParticipants(1, 1);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 5);

        TxResult proposal = contract.propose(AGG_A, 1, cid("agg"));

        assertThat(proposal.events()).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("AggregateProposed", "RoundFinalized", "RoundOpened");
        assertThat(contract.currentRound()).isEqualTo(2);
        System.out.printf("GAS %-34s %,d%n", "propose (finalizing at quorum 1)", proposal.gasUsed());
    }

    @Test
    void deploymentIsReportedWithItsGasAndRoundOpenedEvent() {
        RoundContract contract = RoundContract.deploy(chain, OWNER, INITIAL, 1, 1);

        TxResult deployment = contract.deployment().orElseThrow();
        assertThat(deployment.events()).containsExactly(
                new RoundEvent.RoundOpened(1, deployment.txHash(), deployment.blockNumber()));
        assertThat(deployment.gasUsed()).isPositive();
        assertThat(RoundContract.at(chain, contract.address()).deployment()).isEmpty();
        TxResult client = contract.registerClient(OWNER, CLIENTS.get(0).getAddress());
        TxResult aggregator = contract.registerAggregator(OWNER, AGG_A.getAddress());
        System.out.printf("GAS %-34s %,d%n", "deploy (36-byte initial CID)", deployment.gasUsed());
        System.out.printf("GAS %-34s %,d%n", "registerClient", client.gasUsed());
        System.out.printf("GAS %-34s %,d%n", "registerAggregator", aggregator.gasUsed());
    }

    @Test
    void refusalFoundOnlyInAMinedReceiptIsDecodedToo() {
        RoundContract contract = deployWithParticipants(1, 2);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 1);
        long before = chain.blockNumber();

        assertThatThrownBy(() -> contract.withoutPreflight().submitUpdate(CLIENTS.get(0), 1, cid("again"), 1))
                .isInstanceOfSatisfying(ContractRevertException.class, e -> {
                    assertThat(e.errorName()).isEqualTo("AlreadySubmitted");
                    assertThat(e.errorArgs()).containsExactly(big(1), CLIENTS.get(0).getAddress());
                });
        assertThat(chain.blockNumber()).as("the failed transaction was mined").isEqualTo(before + 1);
        assertThat(contract.updates(1)).hasSize(1);
    }

    @Test
    void submissionsFromDistinctSendersMayRunInParallel() throws Exception {
        RoundContract contract = deployWithParticipants(3, 2);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<TxResult>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS.size(); i++) {
                Credentials client = CLIENTS.get(i);
                Cid update = cid("parallel-" + i);
                futures.add(pool.submit(() -> contract.submitUpdate(client, 1, update, 1)));
            }
            for (Future<TxResult> future : futures) {
                assertThat(future.get().events()).hasSize(1);
            }
        }
        assertThat(contract.updates(1)).extracting(UpdateEntry::client)
                .containsExactlyInAnyOrder(CLIENTS.stream().map(Credentials::getAddress).toArray(String[]::new));
    }

    // ---- refusals: each custom error ----

    private static void assertRevert(Runnable action, String function, String error, Object... args) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.functionName()).isEqualTo(function);
            assertThat(e.errorName()).isEqualTo(error);
            assertThat(e.errorArgs()).containsExactly(args);
            assertThat(e.getMessage()).startsWith(function + " reverted: " + error + "(");
        });
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void submittingForAnotherRoundIsRefusedWithWrongRound() {
        RoundContract contract = deployWithParticipants(1, 2);
        assertRevert(() -> contract.submitUpdate(CLIENTS.get(0), 2, cid("u"), 1), "submitUpdate", "WrongRound", big(1), big(2));
        assertThatThrownBy(() -> contract.submitUpdate(CLIENTS.get(0), 2, cid("u"), 1))
                .hasMessage("submitUpdate reverted: WrongRound(current=1, given=2)");
    }

    @Test
    void secondSubmissionOfAClientInARoundIsRefused() {
        RoundContract contract = deployWithParticipants(1, 2);
        Credentials client = CLIENTS.get(1);
        contract.submitUpdate(client, 1, cid("u"), 1);
        assertRevert(() -> contract.submitUpdate(client, 1, cid("u2"), 1), "submitUpdate", "AlreadySubmitted",
                big(1), client.getAddress());
        assertThatThrownBy(() -> contract.submitUpdate(client, 1, cid("u2"), 1))
                .hasMessage("submitUpdate reverted: AlreadySubmitted(round=1, client=" + client.getAddress() + ")");
    }

    @Test
    void unregisteredSenderCannotSubmit() {
        RoundContract contract = deployWithParticipants(1, 2);
        assertRevert(() -> contract.submitUpdate(STRANGER, 1, cid("u"), 1), "submitUpdate", "NotClient", STRANGER.getAddress());
    }

    @Test
    void submissionsCloseAtTheRoundsFirstProposal() {
        RoundContract contract = deployWithParticipants(1, 2);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 1);
        contract.propose(AGG_A, 1, cid("agg"));
        assertRevert(() -> contract.submitUpdate(CLIENTS.get(1), 1, cid("late"), 1), "submitUpdate", "UpdatesClosed", big(1));
    }

    @Test
    void contractRefusesAnEmptyCidFromClientsThatBypassRoundContract() throws IOException {
        RoundContract contract = deployWithParticipants(1, 2);
        String submit = wrapper(contract, CLIENTS.get(0))
                .submitUpdate(BigInteger.ONE, new byte[0], BigInteger.ONE).encodeFunctionCall();
        assertThat(simulateRevert(CLIENTS.get(0), contract.address(), "submitUpdate", submit))
                .hasMessage("submitUpdate reverted: EmptyCid()")
                .extracting(ContractRevertException::errorName).isEqualTo("EmptyCid");
        String deploy = "0x" + FederatedRounds.BINARY + FunctionEncoder.encodeConstructor(List.of(
                new DynamicBytes(new byte[0]), new Uint32(1), new Uint32(1)));
        assertThat(simulateRevert(OWNER, null, "constructor", deploy)).hasMessage("constructor reverted: EmptyCid()");
    }

    @Test
    void bytesThatAreNotACidAreReportedWithTheirTransaction() throws Exception {
        RoundContract contract = deployWithParticipants(1, 2);
        Credentials client = CLIENTS.get(0);
        byte[] notACid = "not a CID".getBytes(StandardCharsets.US_ASCII);

        TransactionReceipt receipt = wrapper(contract, client)
                .submitUpdate(BigInteger.ONE, notACid, BigInteger.valueOf(7)).send();

        assertThat(receipt.isStatusOK()).isTrue();
        long block = receipt.getBlockNumber().longValueExact();
        assertThatThrownBy(() -> contract.events(block, block))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event UpdateSubmitted in tx " + receipt.getTransactionHash()
                        + " carries bytes that are not a CID: 0x6e6f74206120434944");
        assertThatThrownBy(() -> contract.updates(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("update 0 of round 1 by client " + client.getAddress()
                        + " carries bytes that are not a CID: 0x6e6f74206120434944");
    }

    @Test
    void unregisteredAggregatorCannotProposeOrVote() {
        RoundContract contract = deployWithParticipants(1, 2);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 1);
        assertRevert(() -> contract.propose(CLIENTS.get(0), 1, cid("agg")), "propose", "NotAggregator", CLIENTS.get(0).getAddress());
        contract.propose(AGG_A, 1, cid("agg"));
        assertRevert(() -> contract.vote(STRANGER, 1, cid("agg")), "vote", "NotAggregator", STRANGER.getAddress());
    }

    @Test
    void aggregatorVotesOncePerRoundAndProposingCounts() {
        RoundContract contract = deployWithParticipants(1, 3);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 1);
        contract.propose(AGG_A, 1, cid("agg"));
        assertRevert(() -> contract.vote(AGG_A, 1, cid("agg")), "vote", "AlreadyVoted", big(1), AGG_A.getAddress());
        TxResult vote = contract.vote(AGG_B, 1, cid("agg"));
        assertThat(vote.events()).singleElement().isInstanceOf(RoundEvent.VoteCast.class);
        System.out.printf("GAS %-34s %,d%n", "vote (not finalizing)", vote.gasUsed());
        assertRevert(() -> contract.vote(AGG_B, 1, cid("agg")), "vote", "AlreadyVoted", big(1), AGG_B.getAddress());
        assertThat(contract.proposalVotes(1, cid("agg"))).isEqualTo(2);
    }

    @Test
    void voteForUnknownProposalIsRefused() {
        RoundContract contract = deployWithParticipants(1, 2);
        assertRevert(() -> contract.vote(AGG_B, 1, cid("nobody-proposed-this")), "vote", "UnknownProposal", big(1));
    }

    @Test
    void proposalNeedsMinimumUpdates() {
        RoundContract contract = deployWithParticipants(2, 2);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 1);
        assertRevert(() -> contract.propose(AGG_A, 1, cid("agg")), "propose", "NotEnoughUpdates", big(1), big(1), big(2));
        assertThatThrownBy(() -> contract.propose(AGG_A, 1, cid("agg")))
                .hasMessage("propose reverted: NotEnoughUpdates(round=1, have=1, need=2)");
    }

    @Test
    void onlyOwnerRegisters() {
        RoundContract contract = RoundContract.deploy(chain, OWNER, INITIAL, 1, 1);
        assertRevert(() -> contract.registerClient(STRANGER, STRANGER.getAddress()), "registerClient", "NotOwner", STRANGER.getAddress());
        assertRevert(() -> contract.registerAggregator(AGG_A, AGG_A.getAddress()), "registerAggregator", "NotOwner", AGG_A.getAddress());
    }

    @Test
    void votingOnAFinalizedRoundIsRefusedWithWrongRound() {
        RoundContract contract = deployWithParticipants(1, 1);
        contract.submitUpdate(CLIENTS.get(0), 1, cid("u"), 1);
        contract.propose(AGG_A, 1, cid("agg"));
        assertRevert(() -> contract.vote(AGG_B, 1, cid("agg")), "vote", "WrongRound", big(2), big(1));
    }
}
