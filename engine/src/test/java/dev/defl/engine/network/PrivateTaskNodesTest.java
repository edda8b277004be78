package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
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
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.TxResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Private tasks with the client and aggregator nodes themselves, stepped in lockstep on this thread, on a real anvil,
 * one embedded content store and real DJL (digits, 2NN, E = 1): 4 clients, 2 aggregators, quorum 2.
 *
 * <p>Faults: three clients' sealed updates are replaced through {@link ClientNode#withEnvelopeHook}, the test hook for
 * this, since an honest client cannot produce them: one tampered (a ciphertext byte flipped), one sealed for an outsider
 * instead of the committee, one plaintext (not an envelope).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrivateTaskNodesTest {
    @TempDir
    Path dir;

    private record Setup(TaskContract contract, long taskId, NetworkContent content, List<LabeledDataset> shards) {}

    private static final int CLIENTS = 4;
    private static final int AGGREGATORS = 2;

    private Setup create(AnvilFixture chain, boolean privateDocument, boolean privateOnChain) throws Exception {
        DatasetSplit digits = Datasets.load("digits", 7);
        ModelSpec spec = ModelSpec.twoNN(digits.train().numFeatures(), digits.train().numClasses());
        NetworkContent content = new NetworkContent(new EmbeddedContentStore(dir.resolve("ipfs")), List.of(),
                Duration.ofSeconds(5));
        TaskContract contract = TaskContract.deploy(chain.chain, DevAccounts.account(0));
        TaskDocument document = new TaskDocument(SafetensorsCodec.modelMetadata(spec, digits.train()),
                StrategySpec.fedAvg(), 1, 32, 1e-3, 5).withPrivateUpdates(privateDocument);
        List<String> c = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) c.add(DevAccounts.account(1 + i).getAddress());
        List<String> a = new ArrayList<>();
        for (int j = 0; j < AGGREGATORS; j++) a.add(DevAccounts.account(10 + j).getAddress());
        long taskId;
        if (privateDocument == privateOnChain) {
            TaskPlan plan = new TaskPlan(1, CLIENTS, CLIENTS, 2, 1_000_000, 1_000_000, BigInteger.ONE, BigInteger.ONE, c, a);
            taskId = TaskCreator.create(contract, DevAccounts.account(0), content, document, plan, new LocalTrainer())
                    .taskId();
        } else { // a creator that bypasses TaskCreator: the chain's flag differs from the document's
            Cid initial = content.add(SafetensorsCodec.encode(new LocalTrainer().initialWeights(spec, 5),
                    document.metadata()));
            Cid specCid = content.add(document.toJson());
            taskId = contract.createTask(DevAccounts.account(0), TaskParams.of(specCid, initial, 1, CLIENTS, CLIENTS, 2,
                    1_000_000, 1_000_000).withPrivateUpdates(privateOnChain)).taskId();
            contract.addParticipants(DevAccounts.account(0), taskId, c, java.util.Set.of(dev.defl.engine.ledger.Role.CLIENT));
            contract.addParticipants(DevAccounts.account(0), taskId, a,
                    java.util.Set.of(dev.defl.engine.ledger.Role.AGGREGATOR));
        }
        int[][] parts = IidPartitioner.partition(digits.train().size(), CLIENTS, 5);
        List<LabeledDataset> shards = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) shards.add(digits.train().subset(parts[i], "digits/shard-" + i));
        return new Setup(contract, taskId, content, shards);
    }

    private ClientNode client(Setup s, int i) throws Exception {
        return new ClientNode(s.contract(), s.taskId(), DevAccounts.account(1 + i), s.content(), s.shards().get(i), i,
                new LocalTrainer(), null, NodeOptions.DEFAULT, NodeListener.NONE);
    }

    /** What an aggregator reported: rejected updates (client → reason), aggregated update counts, votes. */
    private static final class Heard implements NodeListener {
        final Map<String, String> rejected = new ConcurrentHashMap<>();
        final List<Integer> aggregated = Collections.synchronizedList(new ArrayList<>());
        final List<Cid> voted = Collections.synchronizedList(new ArrayList<>());
        final List<TxResult> keys = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onUpdateRejected(long round, String client, Cid update, String reason) {
            rejected.put(client.toLowerCase(java.util.Locale.ROOT), reason);
        }

        @Override
        public void onAggregated(long round, int updates, Duration time) {
            aggregated.add(updates);
        }

        @Override
        public void onVoted(long round, Cid aggregate, boolean proposed, TxResult tx) {
            voted.add(aggregate);
        }

        @Override
        public void onKeyPublished(TxResult tx) {
            keys.add(tx);
        }
    }

    @Test
    void tamperedMisaddressedAndPlaintextUpdatesAreRejectedNamingTheClientAndTheRoundFinalizesWithoutThem()
            throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, true, true);
            Credentials outsider = DevAccounts.account(20);
            List<UnaryOperator<byte[]>> faults = List.of(
                    UnaryOperator.identity(),
                    sealed -> { // tampered: the last byte (GCM tag) flipped
                        byte[] b = sealed.clone();
                        b[b.length - 1] ^= 1;
                        return b;
                    },
                    sealed -> Envelope.seal(sealed, List.of(Recipient.of(outsider.getEcKeyPair()))), // not for the committee
                    sealed -> "not an envelope".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // plaintext
            List<ClientNode> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) clients.add(client(s, i).withEnvelopeHook(faults.get(i)));
            List<AggregatorNode> aggregators = new ArrayList<>();
            List<Heard> heard = new ArrayList<>();
            for (int j = 0; j < AGGREGATORS; j++) {
                Heard h = new Heard();
                heard.add(h);
                aggregators.add(new AggregatorNode(s.contract(), s.taskId(), DevAccounts.account(10 + j), s.content(),
                        dir.resolve("aggregator-" + j), NodeOptions.DEFAULT, h, false));
            }

            // a client waits for the committee's keys before it trains (the window is 1,000,000 blocks)
            clients.getFirst().stepOnce(() -> false);
            assertThat(s.contract().round(s.taskId(), 1).updateCount()).isZero();
            for (AggregatorNode a : aggregators) assertThat(a.ensureKeyPublished()).isTrue();
            // idempotent: a second call, and a restarted node reading the log, send nothing
            assertThat(aggregators.getFirst().ensureKeyPublished()).isTrue();
            AggregatorNode restarted = new AggregatorNode(s.contract(), s.taskId(), DevAccounts.account(10), s.content(),
                    dir.resolve("aggregator-0"), NodeOptions.DEFAULT, heard.getFirst(), false);
            assertThat(restarted.ensureKeyPublished()).isTrue();
            assertThat(heard.get(0).keys).hasSize(1);
            assertThat(heard.get(1).keys).hasSize(1);
            assertThat(s.contract().publishedKeys(s.taskId())).hasSize(2);

            for (ClientNode c : clients) c.stepOnce(() -> false);
            assertThat(s.contract().round(s.taskId(), 1).updateCount()).isEqualTo(CLIENTS);
            for (AggregatorNode a : aggregators) a.stepOnce(() -> false);

            TaskInfo task = s.contract().task(s.taskId());
            assertThat(task.status()).isEqualTo(TaskInfo.Status.COMPLETED);
            RoundInfo round = s.contract().round(s.taskId(), 1);
            assertThat(round.state()).isEqualTo(RoundInfo.State.FINALIZED);
            Cid global = round.globalModel().orElseThrow();
            assertThat(s.contract().proposalVoters(s.taskId(), 1, global)).hasSize(2);
            var updates = s.contract().updates(s.taskId(), 1);
            for (Heard h : heard) {
                assertThat(h.voted).containsExactly(global);
                assertThat(h.aggregated).containsExactly(1);
                assertThat(h.rejected).hasSize(3);
                for (int i = 1; i < CLIENTS; i++) {
                    String client = DevAccounts.account(1 + i).getAddress();
                    Cid cid = updates.stream().filter(u -> u.client().equalsIgnoreCase(client)).findFirst().orElseThrow().cid();
                    assertThat(h.rejected.get(client)).as("client %d", i)
                            .startsWith("update " + cid + " from client " + client + " cannot be opened: ");
                }
                assertThat(h.rejected.get(DevAccounts.account(2).getAddress())).contains("tampered envelope");
                assertThat(h.rejected.get(DevAccounts.account(3).getAddress())).contains("is not sealed for aggregator")
                        .contains(outsider.getAddress());
                assertThat(h.rejected.get(DevAccounts.account(4).getAddress())).contains("it is not an envelope");
            }
            // the one honest update is the aggregate (FedAvg of one update): the round went on without the others
            assertThat(s.contract().events(0, chain.chain.blockNumber()))
                    .filteredOn(e -> e instanceof TaskEvent.AggregatorKeyPublished).hasSize(2);
        }
    }

    @Test
    void aNodeRefusesATaskWhoseDocumentAndChainDisagreeOnPrivateUpdates() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, false, true);
            assertThatThrownBy(() -> client(s, 0).join()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("task " + s.taskId() + " on contract " + s.contract().address()
                            + ": the chain records private updates on but the spec document does not");
        }
    }
}
