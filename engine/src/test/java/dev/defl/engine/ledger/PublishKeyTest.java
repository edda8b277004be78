package dev.defl.engine.ledger;

import static dev.defl.engine.ledger.AnvilFixture.big;
import static dev.defl.engine.ledger.AnvilFixture.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.Recipient;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Private tasks on the FederatedTasks contract, against a real anvil: the flag in storage and in TaskCreated, and
 * {@code publishKey}: only an aggregator, only its own key, once; the event carries a statement anyone can verify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishKeyTest {
    static final Credentials CREATOR = DevAccounts.account(0);
    static final Credentials CLIENT = DevAccounts.account(1);
    static final Credentials AGG_A = DevAccounts.account(4);
    static final Credentials AGG_B = DevAccounts.account(5);
    static final Credentials STRANGER = DevAccounts.account(6);

    private AnvilFixture fixture;
    private TaskContract contract;

    @BeforeAll
    void deploy(@TempDir Path dir) {
        fixture = new AnvilFixture(dir);
        contract = TaskContract.deploy(fixture.chain, CREATOR);
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    private long task(boolean privateUpdates) {
        TaskParams params = TaskParams.of(cid("spec"), cid("initial"), 2, 1, 1, 1, 50, 50).withPrivateUpdates(privateUpdates);
        TaskContract.CreatedTask created = contract.createTask(CREATOR, params);
        TaskEvent.TaskCreated event = created.tx().events().stream().filter(TaskEvent.TaskCreated.class::isInstance)
                .map(TaskEvent.TaskCreated.class::cast).findFirst().orElseThrow();
        assertThat(event.params().privateUpdates()).isEqualTo(privateUpdates);
        assertThat(contract.task(created.taskId()).params()).isEqualTo(params);
        long id = created.taskId();
        contract.addParticipants(CREATOR, id, List.of(CLIENT.getAddress()), Set.of(Role.CLIENT));
        contract.addParticipants(CREATOR, id, List.of(AGG_A.getAddress(), AGG_B.getAddress()), Set.of(Role.AGGREGATOR));
        return id;
    }

    private static void assertRevert(Runnable action, String error, Object... args) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.functionName()).isEqualTo("publishKey");
            assertThat(e.errorName()).isEqualTo(error);
            assertThat(e.errorArgs()).containsExactly(args);
        });
    }

    @Test
    void anAggregatorPublishesItsOwnKeyOnceAndAnyoneVerifiesTheStatementFromTheLog() throws Exception {
        long id = task(true);
        KeyStatement statement = KeyStatement.sign(AGG_A);
        assertThat(contract.participant(id, AGG_A.getAddress()).keyPublished()).isFalse();

        TxResult tx = contract.publishKey(AGG_A, id, statement.publicKey(), statement.signature());

        assertThat(tx.events()).containsExactly(new TaskEvent.AggregatorKeyPublished(id, AGG_A.getAddress(),
                statement.publicKey(), statement.signature(), tx.txHash(), tx.blockNumber()));
        assertThat(contract.participant(id, AGG_A.getAddress()).keyPublished()).isTrue();
        assertThat(contract.participant(id, AGG_B.getAddress()).keyPublished()).isFalse();
        List<TaskEvent.AggregatorKeyPublished> keys = contract.publishedKeys(id);
        assertThat(keys).hasSize(1);
        Recipient verified = new KeyStatement(keys.getFirst().aggregator(), keys.getFirst().publicKey(),
                keys.getFirst().signature()).verify();
        assertThat(verified).isEqualTo(Recipient.of(AGG_A.getEcKeyPair()));
        assertThat(contract.events(tx.blockNumber(), tx.blockNumber())).containsExactlyElementsOf(tx.events());

        assertRevert(() -> contract.publishKey(AGG_A, id, statement.publicKey(), statement.signature()),
                "KeyAlreadyPublished", big(id), AGG_A.getAddress());
        System.out.printf("publishKey gas: %d%n", tx.gasUsed());
    }

    @Test
    void publishKeyRefusesNonAggregatorsKeysOfAnotherAddressBadLengthsAndPublicTasks() {
        long id = task(true);
        KeyStatement client = KeyStatement.sign(CLIENT);
        KeyStatement stranger = KeyStatement.sign(STRANGER);
        KeyStatement b = KeyStatement.sign(AGG_B);
        String zero = "0x0000000000000000000000000000000000000000";

        assertRevert(() -> contract.publishKey(CLIENT, id, client.publicKey(), client.signature()),
                "NotAggregator", big(id), CLIENT.getAddress());
        assertRevert(() -> contract.publishKey(STRANGER, id, stranger.publicKey(), stranger.signature()),
                "NotAggregator", big(id), STRANGER.getAddress());
        // an aggregator stating someone else's key (here B's, with B's valid signature): the key derives B, not A
        assertRevert(() -> contract.publishKey(AGG_A, id, b.publicKey(), b.signature()),
                "InvalidPublicKey", big(id), AGG_A.getAddress(), AGG_B.getAddress());
        assertRevert(() -> contract.publishKey(AGG_B, id, java.util.Arrays.copyOf(b.publicKey(), 63), b.signature()),
                "InvalidPublicKey", big(id), AGG_B.getAddress(), zero);
        assertRevert(() -> contract.publishKey(AGG_B, id, b.publicKey(), java.util.Arrays.copyOf(b.signature(), 64)),
                "InvalidPublicKey", big(id), AGG_B.getAddress(), AGG_B.getAddress());
        assertThat(contract.publishedKeys(id)).isEmpty();

        long open = task(false);
        assertRevert(() -> contract.publishKey(AGG_B, open, b.publicKey(), b.signature()), "NotPrivate", big(open));
        assertRevert(() -> contract.publishKey(AGG_B, 999_999, b.publicKey(), b.signature()), "UnknownTask",
                big(999_999));
    }
}
