package dev.defl.engine.network;

import dev.defl.engine.content.EmbeddedContentStore;
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
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client and aggregator nodes on a real anvil and a real DJL engine, each node on a thread of this JVM with its own
 * checkpoint directory, sharing one embedded content store (no IPFS node: the process-level test with two js-ipfs
 * daemons is the app's PeerNetworkIntegrationTest). Digits, 2NN, E = 1.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TaskNodeTest {
    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicBoolean stop = new AtomicBoolean();

    private record Setup(TaskContract contract, long taskId, NetworkContent content, List<LabeledDataset> shards) {}

    private Setup create(AnvilFixture chain, int clients, int aggregators, int quorum, long rounds, StrategySpec strategy)
            throws Exception {
        return create(chain, clients, aggregators, quorum, rounds, strategy, null);
    }

    private Setup create(AnvilFixture chain, int clients, int aggregators, int quorum, long rounds, StrategySpec strategy,
                         dev.defl.engine.learning.privacy.DpSetting dp) throws Exception {
        DatasetSplit digits = Datasets.load("digits", 7);
        ModelSpec spec = ModelSpec.twoNN(digits.train().numFeatures(), digits.train().numClasses());
        NetworkContent content = new NetworkContent(new EmbeddedContentStore(dir.resolve("ipfs")), List.of(),
                Duration.ofSeconds(5));
        TaskContract contract = TaskContract.deploy(chain.chain, DevAccounts.account(0));
        TaskDocument document = new TaskDocument(SafetensorsCodec.modelMetadata(spec, digits.train()), strategy, 1, 32,
                1e-3, 5, dp);
        List<String> c = new ArrayList<>();
        for (int i = 0; i < clients; i++) c.add(DevAccounts.account(1 + i).getAddress());
        List<String> a = new ArrayList<>();
        for (int j = 0; j < aggregators; j++) a.add(DevAccounts.account(10 + j).getAddress());
        TaskPlan plan = new TaskPlan(rounds, clients, clients, quorum, 1_000_000, 1_000_000, BigInteger.ONE,
                BigInteger.ONE, c, a);
        TaskCreator.CreatedTask created = TaskCreator.create(contract, DevAccounts.account(0), content, document, plan,
                new LocalTrainer());
        int[][] parts = IidPartitioner.partition(digits.train().size(), clients, 5);
        List<LabeledDataset> shards = new ArrayList<>();
        for (int i = 0; i < clients; i++) shards.add(digits.train().subset(parts[i], "digits/shard-" + i));
        return new Setup(contract, created.taskId(), content, shards);
    }

    private ClientNode client(Setup s, int i) throws Exception {
        Credentials account = DevAccounts.account(1 + i);
        return new ClientNode(s.contract(), s.taskId(), account, s.content(), s.shards().get(i), i, new LocalTrainer(),
                dir.resolve("client-" + i), NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(100)), NodeListener.NONE);
    }

    private AggregatorNode aggregator(Setup s, int j, boolean dishonest) throws Exception {
        return new AggregatorNode(s.contract(), s.taskId(), DevAccounts.account(10 + j), s.content(),
                dir.resolve("aggregator-" + j), NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(100)),
                NodeListener.NONE, dishonest);
    }

    private Future<TaskNode.Outcome> start(TaskNode node) {
        return threads.submit(() -> node.run(stop::get));
    }

    private void awaitCompleted(Setup s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (s.contract().task(s.taskId()).status() != TaskInfo.Status.COMPLETED) {
            if (System.nanoTime() > deadline) throw new AssertionError("task did not complete");
            Thread.sleep(100);
        }
    }

    @Test
    void aDishonestAggregatorNeverReachesQuorumAndEveryFinalizedRoundVerifies() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, 2, 3, 2, 2, StrategySpec.of("fedavgm"));
            List<Future<TaskNode.Outcome>> nodes = new ArrayList<>();
            nodes.add(start(aggregator(s, 0, true)));
            nodes.add(start(aggregator(s, 1, false)));
            nodes.add(start(client(s, 0)));
            nodes.add(start(client(s, 1)));
            // the second honest aggregator joins once the dishonest proposal is on chain: until then the quorum of 2
            // cannot be reached, so the wrong CID is proposed for certain (and the late one rebuilds FedAvgM's state)
            String dishonestAddress = DevAccounts.account(10).getAddress();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (s.contract().events(0, chain.chain.blockNumber()).stream().noneMatch(e ->
                    e instanceof TaskEvent.AggregateProposed p && p.aggregator().equalsIgnoreCase(dishonestAddress))) {
                if (System.nanoTime() > deadline) throw new AssertionError("the dishonest aggregator did not propose");
                Thread.sleep(50);
            }
            nodes.add(start(aggregator(s, 2, false)));
            awaitCompleted(s);
            for (Future<TaskNode.Outcome> n : nodes) assertThat(n.get(30, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.COMPLETED);

            TaskVerification verification = new RoundVerifier(s.contract(), s.content()).verify(s.taskId());
            assertThat(verification.rounds()).hasSize(2).allMatch(RoundVerdict::ok);
            String dishonest = DevAccounts.account(10).getAddress();
            List<TaskEvent> events = s.contract().events(0, chain.chain.blockNumber());
            for (TaskEvent e : events) {
                if (e instanceof TaskEvent.RoundFinalized f) {
                    assertThat(s.contract().proposalVoters(s.taskId(), f.round(), f.cid()))
                            .noneMatch(v -> v.equalsIgnoreCase(dishonest));
                }
            }
            assertThat(events).anyMatch(e -> e instanceof TaskEvent.AggregateProposed p
                    && p.aggregator().equalsIgnoreCase(dishonest));
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }

    @Test
    void aClientRestartedAfterItsUpdateReachedTheChainDoesNotSubmitAgain() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, 2, 1, 1, 2, StrategySpec.of("fedavg"));
            ClientNode first = client(s, 0);
            AtomicBoolean stopFirst = new AtomicBoolean();
            Future<TaskNode.Outcome> run = threads.submit(() -> first.run(stopFirst::get));
            String address = DevAccounts.account(1).getAddress();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (s.contract().participant(s.taskId(), address).lastSubmittedRound() < 1) {
                if (System.nanoTime() > deadline) throw new AssertionError("client 0 did not submit");
                Thread.sleep(50);
            }
            stopFirst.set(true);
            assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.STOPPED);
            // As if killed between the transaction's receipt and the checkpoint's update: the checkpoint says TRAINED.
            RoundCheckpoint saved = first.checkpoints().round(1).orElseThrow();
            first.checkpoints().save(new RoundCheckpoint(1, RoundCheckpoint.Phase.TRAINED, saved.baseRound(),
                    saved.baseCid(), saved.cid(), saved.numSamples(), null));

            ClientNode restarted = client(s, 0);
            List<Future<TaskNode.Outcome>> nodes = List.of(start(restarted), start(client(s, 1)), start(aggregator(s, 0, false)));
            awaitCompleted(s);
            for (Future<TaskNode.Outcome> n : nodes) assertThat(n.get(30, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.COMPLETED);

            long fromClient0InRound1 = s.contract().events(0, chain.chain.blockNumber()).stream()
                    .filter(e -> e instanceof TaskEvent.UpdateSubmitted u && u.round() == 1 && u.client().equalsIgnoreCase(address))
                    .count();
            assertThat(fromClient0InRound1).isEqualTo(1);
            RoundCheckpoint after = restarted.checkpoints().round(1).orElseThrow();
            assertThat(after.phase()).isEqualTo(RoundCheckpoint.Phase.SUBMITTED);
            assertThat(after.txHash()).as("marked from the chain, not from a new transaction").isNull();
            assertThat(after.cid()).isEqualTo(saved.cid());
            assertThat(s.contract().participant(s.taskId(), address).lastSubmittedRound()).isEqualTo(2);
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }

    /** Client nodes of a task whose document asks for DP clip their updates (z = 0: clipping only) to within C. */
    @Test
    void clientNodesOfADpTaskClipTheirUpdates() throws Exception {
        double clip = 0.05;
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, 2, 1, 1, 1, StrategySpec.of("fedavg"),
                    new dev.defl.engine.learning.privacy.DpSetting(clip, 0, 1e-5));
            List<Future<TaskNode.Outcome>> nodes = new ArrayList<>();
            nodes.add(start(aggregator(s, 0, false)));
            nodes.add(start(client(s, 0)));
            nodes.add(start(client(s, 1)));
            awaitCompleted(s);
            for (Future<TaskNode.Outcome> n : nodes) assertThat(n.get(30, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.COMPLETED);
            var initial = SafetensorsCodec.decode(s.content().catBytes(s.contract().task(s.taskId()).params().initialModel(),
                    1 << 30)).weights();
            var updates = s.contract().events(0, chain.chain.blockNumber()).stream()
                    .filter(e -> e instanceof TaskEvent.UpdateSubmitted).map(e -> (TaskEvent.UpdateSubmitted) e).toList();
            assertThat(updates).hasSize(2);
            for (TaskEvent.UpdateSubmitted u : updates) {
                var w = SafetensorsCodec.decode(s.content().catBytes(u.cid(), 1 << 30)).weights();
                assertThat(dev.defl.engine.learning.privacy.DpFedAvgClient.deltaNorm(initial, w)).isLessThanOrEqualTo(clip + 1e-4);
            }
        }
    }

    @Test
    void aNodeOfAnUnknownTaskFailsNamingTheTaskCount() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, 1, 1, 1, 1, StrategySpec.of("fedavg"));
            AggregatorNode node = new AggregatorNode(s.contract(), 9, DevAccounts.account(10), s.content(),
                    dir.resolve("unknown"), NodeOptions.DEFAULT, NodeListener.NONE, false);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.run(() -> false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("task 9 does not exist on contract " + s.contract().address() + " (it has 1 task)");
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * An aggregator that computed its aggregate ahead ({@link AggregatorNode#precompute}, as the one-process run does
     * for the aggregators after the first) votes for the same CID at its step without computing again; before the
     * round's update set is fixed it computes nothing.
     */
    @Test
    void anAggregatorThatComputedAheadVotesForTheSameAggregateWithoutComputingAgain() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Setup s = create(chain, 2, 2, 2, 1, StrategySpec.of("fedavg"));
            List<java.time.Duration> aggregated = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> voted = new java.util.concurrent.CopyOnWriteArrayList<>();
            NodeListener second = new NodeListener() {
                @Override
                public void onAggregated(long round, int updates, java.time.Duration time) {
                    aggregated.add(time);
                }

                @Override
                public void onVoted(long round, dev.defl.engine.content.Cid aggregate, boolean proposed,
                                    dev.defl.engine.ledger.TxResult tx) {
                    voted.add((proposed ? "proposed " : "voted ") + aggregate);
                }
            };
            AggregatorNode first = aggregator(s, 0, false);
            AggregatorNode later = new AggregatorNode(s.contract(), s.taskId(), DevAccounts.account(11), s.content(),
                    dir.resolve("aggregator-1"), NodeOptions.DEFAULT, second, false);
            ClientNode c0 = client(s, 0);
            ClientNode c1 = client(s, 1);

            c0.stepOnce(() -> false);
            assertThat(later.precompute()).as("one of two updates: the set is not fixed").isFalse();
            c1.stepOnce(() -> false);
            assertThat(later.precompute()).isTrue();
            assertThat(aggregated).hasSize(1);

            first.stepOnce(() -> false);
            later.stepOnce(() -> false);
            assertThat(aggregated).as("not computed again at the step").hasSize(1);
            var finalized = s.contract().events(0, chain.chain.blockNumber()).stream()
                    .filter(e -> e instanceof TaskEvent.RoundFinalized).map(e -> (TaskEvent.RoundFinalized) e).toList();
            assertThat(finalized).hasSize(1);
            assertThat(voted).containsExactly("voted " + finalized.getFirst().cid());
            assertThat(s.contract().proposalVoters(s.taskId(), 1, finalized.getFirst().cid())).hasSize(2);
        } finally {
            threads.shutdownNow();
        }
    }
}
