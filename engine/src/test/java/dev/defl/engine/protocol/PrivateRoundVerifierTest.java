package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.workspace.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auditor on a private task: one real {@code defl run --private-updates} equivalent ({@link FederatedExperiment},
 * digits, 2NN, real trainer, embedded store and anvil; 3 clients, 2 aggregators, quorum 2, 2 rounds), then
 * {@link RoundVerifier} with each aggregator's key (every round recomputed, OK), without a key (every round ENCRYPTED,
 * its envelopes and finalized model checked), with a non-member's key (refused, naming the committee), and, last, with
 * an envelope removed from the store for real (unpin and GC): UNAVAILABLE naming the client and the CID.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateRoundVerifierTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    static RunReport report;
    /** The aggregators of the run: dev accounts 4 and 5 (after the owner and the 3 clients). */
    static final List<Credentials> AGGREGATORS = List.of(DevAccounts.account(4), DevAccounts.account(5));

    @BeforeAll
    static void run() throws Exception {
        workspace = Workspace.openEmbedded(dir);
        var config = new ExperimentConfig(3, 2, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7).withPrivateUpdates(true);
        report = new FederatedExperiment(workspace).run(config, Datasets.load("digits", 7), new RunListener() {}, () -> false);
        assertThat(report.rounds()).hasSize(2);
    }

    @AfterAll
    static void close() {
        if (workspace != null) workspace.close();
    }

    private static String global(int round) {
        return report.rounds().get(round - 1).globalModelCid();
    }

    private static String committee() {
        return AGGREGATORS.stream().map(c -> c.getAddress().toLowerCase(Locale.ROOT)).sorted()
                .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    @Test
    @Order(1)
    void withEitherAggregatorsKeyEveryRoundIsRecomputedToItsFinalizedCid() {
        for (Credentials aggregator : AGGREGATORS) {
            TaskVerification v = new RoundVerifier(workspace.taskContract(), workspace.content())
                    .withCommitteeKey(aggregator::getEcKeyPair).verify(report.taskId());

            assertThat(v.allOk()).as(v.rounds().toString()).isTrue();
            assertThat(v.passed()).isTrue();
            assertThat(v.rounds()).extracting(RoundVerdict::line).containsExactly("round 1 OK " + global(1),
                    "round 2 OK " + global(2));
            assertThat(v.notes()).containsExactly("the task's updates are encrypted for the committee (" + committee()
                    + "): opened with the key of " + aggregator.getAddress().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    @Order(2)
    void withoutAKeyEachRoundIsEncryptedWithItsEnvelopesAndFinalizedModelChecked() {
        TaskVerification v = new RoundVerifier(workspace.taskContract(), workspace.content()).verify(report.taskId());

        assertThat(v.passed()).isTrue();
        assertThat(v.allOk()).isFalse(); // nothing was recomputed
        assertThat(v.anyMismatch()).isFalse();
        for (int r = 1; r <= 2; r++) {
            RoundVerdict verdict = v.rounds().get(r - 1);
            assertThat(verdict.status()).isEqualTo(RoundVerdict.Status.ENCRYPTED);
            assertThat(verdict.recomputedCid()).isNull();
            assertThat(verdict.line()).isEqualTo("round " + r + " ENCRYPTED finalized " + global(r) + " recomputed (none):"
                    + " updates encrypted, not recomputed (no committee key): 3 envelopes present and sealed for the"
                    + " committee of 2; the finalized model reads back with the task's shapes");
        }
        assertThat(v.notes()).containsExactly("the task's updates are encrypted for the committee (" + committee()
                + ") and no committee key was given: rounds are checked without recomputing (envelopes present and"
                + " sealed for the committee, finalized model readable with the task's shapes)");
    }

    @Test
    @Order(3)
    void aKeyOffTheCommitteeIsRefusedNamingTheAccountAndTheCommittee() {
        Credentials client = DevAccounts.account(1); // a client of the task: on chain, but not an aggregator
        Credentials outsider = DevAccounts.account(20);
        for (Credentials c : List.of(client, outsider)) {
            RoundVerifier verifier = new RoundVerifier(workspace.taskContract(), workspace.content())
                    .withCommitteeKey(c::getEcKeyPair);
            assertThatThrownBy(() -> verifier.verify(report.taskId())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("account " + c.getAddress().toLowerCase(Locale.ROOT) + " is not on the committee of task "
                            + report.taskId() + " on contract " + workspace.taskContract().address()
                            + " (it is not an aggregator of the task): the updates are sealed for " + committee()
                            + "; without a key the rounds are checked without recomputing");
        }
    }

    @Test
    @Order(4) // last: removes an envelope from the store
    void anEnvelopeMissingFromTheStoreIsUnavailableNamingTheClientAndTheCidWithAndWithoutAKey() throws Exception {
        RunReport.UpdateRecord lost = report.rounds().get(1).updates().get(1);
        EmbeddedContentStore store = workspace.embeddedContent();
        store.unpin(Cid.parse(lost.cid()));
        store.gc();
        assertThat(store.has(Cid.parse(lost.cid()))).isFalse();
        String named = " (of 3) of round 2 from client " + lost.client().toLowerCase(Locale.ROOT) + ": CID "
                + lost.cid() + " is not in the content store";

        TaskVerification withoutKey = new RoundVerifier(workspace.taskContract(), store).verify(report.taskId());
        TaskVerification withKey = new RoundVerifier(workspace.taskContract(), store)
                .withCommitteeKey(AGGREGATORS.getFirst()::getEcKeyPair).verify(report.taskId());

        assertThat(withoutKey.rounds().get(0).status()).isEqualTo(RoundVerdict.Status.ENCRYPTED);
        assertThat(withoutKey.rounds().get(1).line()).startsWith("round 2 UNAVAILABLE finalized " + global(2)
                + " recomputed (none): update ").contains(named);
        assertThat(withoutKey.passed()).isFalse();
        assertThat(withoutKey.anyMismatch()).isFalse();
        assertThat(withKey.rounds().get(0).line()).isEqualTo("round 1 OK " + global(1));
        assertThat(withKey.rounds().get(1).line()).startsWith("round 2 UNAVAILABLE finalized " + global(2)
                + " recomputed (none): update ").contains(named);
        assertThat(withKey.anyMismatch()).isFalse();
    }
}
