package dev.defl.engine.network;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.IidPartitioner;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.UpdateEntry;
import dev.defl.engine.protocol.RoundVerdict;
import dev.defl.engine.protocol.RoundVerifier;
import dev.defl.engine.protocol.TaskVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl verify}'s auditor on a private round with bad envelopes, caused with the nodes themselves on a real
 * anvil, one embedded content store and real DJL (digits, 2NN): 4 clients, 2 aggregators, quorum 2, 1 round. Three
 * clients' sealed updates are replaced through {@link ClientNode#withEnvelopeHook}, the test hook for this since an
 * honest client cannot produce them: one tampered (its GCM tag flipped), one sealed for an outsider instead of the
 * committee, one truncated (unparseable). The aggregators leave the three out and finalize the honest one.
 *
 * <p>With a committee key the round recomputes (OK) and a note names the client and the CID of each update left out;
 * without one the round is BAD_ENVELOPE naming the misaddressed and the truncated update (client and CID), while the
 * tampered one, whose header is intact, cannot be told from an honest one without a key.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrivateTaskAuditTest {
    @TempDir
    Path dir;

    private static final int CLIENTS = 4;
    private static final int AGGREGATORS = 2;

    @Test
    void badEnvelopesAreNamedWithTheirClientAndCidWithAndWithoutACommitteeKey() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            DatasetSplit digits = Datasets.load("digits", 7);
            ModelSpec spec = ModelSpec.twoNN(digits.train().numFeatures(), digits.train().numClasses());
            NetworkContent content = new NetworkContent(new EmbeddedContentStore(dir.resolve("ipfs")), List.of(),
                    Duration.ofSeconds(5));
            TaskContract contract = TaskContract.deploy(chain.chain, DevAccounts.account(0));
            TaskDocument document = new TaskDocument(SafetensorsCodec.modelMetadata(spec, digits.train()),
                    StrategySpec.fedAvg(), 1, 32, 1e-3, 5).withPrivateUpdates(true);
            List<String> c = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) c.add(DevAccounts.account(1 + i).getAddress());
            List<String> a = new ArrayList<>();
            for (int j = 0; j < AGGREGATORS; j++) a.add(DevAccounts.account(10 + j).getAddress());
            TaskPlan plan = new TaskPlan(1, CLIENTS, CLIENTS, 2, 1_000_000, 1_000_000, BigInteger.ONE, BigInteger.ONE, c, a);
            long taskId = TaskCreator.create(contract, DevAccounts.account(0), content, document, plan, new LocalTrainer())
                    .taskId();
            int[][] parts = IidPartitioner.partition(digits.train().size(), CLIENTS, 5);

            Credentials outsider = DevAccounts.account(20);
            List<UnaryOperator<byte[]>> faults = List.of(
                    UnaryOperator.identity(),
                    sealed -> { // tampered: the last byte (GCM tag) flipped
                        byte[] b = sealed.clone();
                        b[b.length - 1] ^= 1;
                        return b;
                    },
                    sealed -> Envelope.seal(sealed, List.of(Recipient.of(outsider.getEcKeyPair()))), // not for the committee
                    sealed -> Arrays.copyOf(sealed, 200)); // truncated within the second recipient entry
            List<ClientNode> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                LabeledDataset shard = digits.train().subset(parts[i], "digits/shard-" + i);
                clients.add(new ClientNode(contract, taskId, DevAccounts.account(1 + i), content, shard, i,
                        new LocalTrainer(), null, NodeOptions.DEFAULT, NodeListener.NONE).withEnvelopeHook(faults.get(i)));
            }
            List<AggregatorNode> aggregators = new ArrayList<>();
            for (int j = 0; j < AGGREGATORS; j++) {
                aggregators.add(new AggregatorNode(contract, taskId, DevAccounts.account(10 + j), content,
                        dir.resolve("aggregator-" + j), NodeOptions.DEFAULT, NodeListener.NONE, false));
            }
            for (AggregatorNode n : aggregators) assertThat(n.ensureKeyPublished()).isTrue();
            for (ClientNode n : clients) n.stepOnce(() -> false);
            for (AggregatorNode n : aggregators) n.stepOnce(() -> false);
            RoundInfo round = contract.round(taskId, 1);
            assertThat(round.state()).isEqualTo(RoundInfo.State.FINALIZED);
            String global = round.globalModel().orElseThrow().toString();
            List<UpdateEntry> updates = contract.updates(taskId, 1);
            String tampered = named(updates, 2);
            String misaddressed = named(updates, 3);
            String truncated = named(updates, 4);

            // with a committee member's key: recomputed from the one update both aggregators could open
            TaskVerification withKey = new RoundVerifier(contract, content)
                    .withCommitteeKey(DevAccounts.account(11)::getEcKeyPair).verify(taskId);
            assertThat(withKey.rounds()).extracting(RoundVerdict::line).containsExactly("round 1 OK " + global);
            assertThat(withKey.notes()).anySatisfy(n -> assertThat(n).startsWith("round 1: " + tampered
                    + " cannot be opened: tampered envelope").endsWith("left out of the recomputed aggregate, as every"
                    + " aggregator leaves it out"));
            assertThat(withKey.notes()).anySatisfy(n -> assertThat(n).startsWith("round 1: " + misaddressed
                    + " cannot be opened: it is not sealed for aggregator " + DevAccounts.account(11).getAddress()
                    .toLowerCase(Locale.ROOT)));
            assertThat(withKey.notes()).anySatisfy(n -> assertThat(n).startsWith("round 1: " + misaddressed
                    + " is sealed for [" + outsider.getAddress().toLowerCase(Locale.ROOT) + "], not for the committee's"
                    + " published keys"));
            assertThat(withKey.notes()).anySatisfy(n -> assertThat(n).startsWith("round 1: " + truncated
                    + " cannot be opened: malformed envelope"));

            // without a key: the misaddressed and the truncated envelope are named; the tampered one looks fine
            TaskVerification withoutKey = new RoundVerifier(contract, content).verify(taskId);
            RoundVerdict verdict = withoutKey.rounds().getFirst();
            assertThat(verdict.status()).isEqualTo(RoundVerdict.Status.BAD_ENVELOPE);
            assertThat(verdict.line()).startsWith("round 1 BAD_ENVELOPE finalized " + global + " recomputed (none): ");
            assertThat(verdict.problem()).contains(misaddressed + " is sealed for [" + outsider.getAddress()
                            .toLowerCase(Locale.ROOT) + "], not for the committee's published keys")
                    .contains(truncated + ": ").doesNotContain(tampered);
            assertThat(withoutKey.passed()).isFalse();
            assertThat(withoutKey.anyMismatch()).isFalse();
        }
    }

    /** {@code update CID from client ADDRESS} of dev account {@code account}'s update. */
    private static String named(List<UpdateEntry> updates, int account) {
        String client = DevAccounts.account(account).getAddress();
        UpdateEntry e = updates.stream().filter(u -> u.client().equalsIgnoreCase(client)).findFirst().orElseThrow();
        return "update " + e.cid() + " from client " + e.client();
    }
}
