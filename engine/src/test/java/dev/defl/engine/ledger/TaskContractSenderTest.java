package dev.defl.engine.ledger;

import static dev.defl.engine.ledger.AnvilFixture.cid;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Transaction;

/** How {@link TaskContract} sends: EIP-1559 transactions through per-account {@link TransactionSender}s, against a real anvil. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskContractSenderTest {
    static final Credentials CREATOR = DevAccounts.account(0);
    static final List<Credentials> CLIENTS = IntStream.range(10, 20).mapToObj(DevAccounts::account).toList();

    private AnvilFixture fixture;
    private PendingJournal journal;
    private TaskContract contract;

    @BeforeAll
    void deploy(@TempDir Path dir) {
        fixture = new AnvilFixture(dir);
        journal = PendingJournal.open(dir.resolve("pending"));
        contract = TaskContract.deploy(fixture.chain, CREATOR, journal);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Transaction transaction(String hash) throws IOException {
        return fixture.chain.web3j().ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
    }

    private long task(int clientsPerRound) {
        long id = contract.createTask(CREATOR, TaskParams.of(cid("spec"), cid("initial"), 2, clientsPerRound,
                clientsPerRound, 1, 50, 50)).taskId();
        contract.addParticipants(CREATOR, id, CLIENTS.stream().map(Credentials::getAddress).toList(), Set.of(Role.CLIENT));
        return id;
    }

    @Test
    void deploymentAndCallsAreEip1559TransactionsAndLeaveNothingJournaled() throws IOException {
        String deployment = contract.deployment().orElseThrow().txHash();
        assertThat(transaction(deployment).getType()).isEqualTo("0x2");
        long id = task(1);
        TxResult submitted = TaskContract.at(fixture.chain, contract.address(), journal)
                .submitUpdate(CLIENTS.getFirst(), id, 1, cid("eip1559"), 3);
        Transaction tx = transaction(submitted.txHash());
        assertThat(tx.getType()).isEqualTo("0x2");
        assertThat(tx.getMaxFeePerGas()).isPositive();
        assertThat(journal.pending(CREATOR.getAddress())).isEmpty();
        assertThat(journal.pending(CLIENTS.getFirst().getAddress())).isEmpty();
    }

    @Test
    void tenClientsAndConcurrentTransactionsOfOneAccountAllGetThrough() throws Exception {
        long id = task(CLIENTS.size());
        List<String> aggregators = List.of(DevAccounts.account(20).getAddress(), DevAccounts.account(21).getAddress());
        List<Callable<TxResult>> calls = new ArrayList<>();
        for (int i = 0; i < CLIENTS.size(); i++) {
            Credentials client = CLIENTS.get(i);
            long samples = i + 1;
            calls.add(() -> contract.submitUpdate(client, id, 1, cid("concurrent-" + samples), samples));
        }
        for (String aggregator : aggregators) {
            calls.add(() -> contract.addParticipants(CREATOR, id, List.of(aggregator), Set.of(Role.AGGREGATOR)));
        }
        List<TxResult> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            for (Future<TxResult> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
        }
        assertThat(results).allSatisfy(r -> assertThat(r.events()).isNotEmpty());
        assertThat(contract.updates(id, 1)).extracting(UpdateEntry::client)
                .containsExactlyInAnyOrder(CLIENTS.stream().map(c -> c.getAddress().toLowerCase()).toArray(String[]::new));
        for (String aggregator : aggregators) {
            assertThat(contract.participant(id, aggregator).roles()).containsExactly(Role.AGGREGATOR);
        }
        List<Long> creatorNonces = new ArrayList<>();
        for (TxResult result : results.subList(CLIENTS.size(), results.size())) {
            creatorNonces.add(transaction(result.txHash()).getNonce().longValueExact());
        }
        assertThat(creatorNonces).doesNotHaveDuplicates();
        assertThat(journal.pending(CREATOR.getAddress())).isEmpty();
        assertThat(CLIENTS).allSatisfy(c -> assertThat(journal.pending(c.getAddress())).isEmpty());
    }

    @Test
    void nonceUsedMeanwhileByAnotherClientOfTheAccountIsSkipped() {
        long before = task(1);
        // another process of the same account: its own sender, its own nonce counter
        TransactionSender.create(fixture.chain, CREATOR, null)
                .sendAndAwait(CREATOR.getAddress(), "0x", BigInteger.ZERO, BigInteger.valueOf(21_000));
        long after = task(1);
        assertThat(after).isEqualTo(before + 1);
        assertThat(journal.pending(CREATOR.getAddress())).isEmpty();
    }
}
