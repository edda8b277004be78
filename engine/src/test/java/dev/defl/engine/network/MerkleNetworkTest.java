package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.IidPartitioner;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.protocol.RoundVerdict;
import dev.defl.engine.protocol.RoundVerifier;
import dev.defl.engine.round.CommittedManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merkle mode between peers that share nothing but the chain and IPFS: two js-ipfs daemons (clients publish through
 * node A, aggregators read through node B, each peer with its own embedded store), every node running its own polling
 * loop on a thread. The aggregators learn the signed updates only from the task's pubsub topic ({@code SIG:}
 * announcements), commit, adopt, vote; the task completes and every round verifies.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MerkleNetworkTest {
    @TempDir
    Path dir;

    @Test
    void aggregatorsLearnSignedUpdatesFromPubsubAndEveryRoundFinalizesAndVerifies() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        AtomicBoolean stop = new AtomicBoolean();
        try (AnvilFixture chain = new AnvilFixture(dir);
             JsIpfsDaemon ipfsA = JsIpfsDaemon.start(dir.resolve("ipfs-a"));
             JsIpfsDaemon ipfsB = JsIpfsDaemon.start(dir.resolve("ipfs-b"))) {
            try (KuboRpcClient b = ipfsB.client(Duration.ofSeconds(10))) {
                b.swarmConnect(ipfsA.swarmAddress());
            }
            EndpointSpec a = new EndpointSpec(EndpointKind.KUBO_RPC, ipfsA.apiUrl());
            EndpointSpec bSpec = new EndpointSpec(EndpointKind.KUBO_RPC, ipfsB.apiUrl());
            DatasetSplit digits = Datasets.load("digits", 7);
            ModelSpec spec = ModelSpec.twoNN(digits.train().numFeatures(), digits.train().numClasses());
            TaskContract contract = TaskContract.deploy(chain.chain, DevAccounts.account(0));
            NetworkContent creatorContent = content("creator", a);
            TaskDocument document = new TaskDocument(SafetensorsCodec.modelMetadata(spec, digits.train()),
                    StrategySpec.fedAvg(), 1, 32, 1e-3, 5);
            List<String> clients = List.of(DevAccounts.account(1).getAddress(), DevAccounts.account(2).getAddress());
            List<String> aggregators = List.of(DevAccounts.account(10).getAddress(), DevAccounts.account(11).getAddress());
            TaskPlan plan = new TaskPlan(2, 2, 2, 2, 1_000_000, 1_000_000, BigInteger.ONE, BigInteger.ONE, clients,
                    aggregators).withMerkleMode(true);
            long taskId = TaskCreator.create(contract, DevAccounts.account(0), creatorContent, document, plan,
                    new LocalTrainer()).taskId();
            int[][] parts = IidPartitioner.partition(digits.train().size(), 2, 5);
            NodeOptions fast = NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(200));
            List<Cid> committedBy = Collections.synchronizedList(new ArrayList<>());
            NodeListener commits = new NodeListener() {
                @Override
                public void onUpdatesCommitted(long round, Cid manifest, int updates, TxResult tx) {
                    committedBy.add(manifest);
                }
            };
            List<Future<TaskNode.Outcome>> nodes = new ArrayList<>();
            List<NetworkContent> stores = new ArrayList<>();
            for (int j = 0; j < 2; j++) {
                NetworkContent c = content("aggregator-" + j, bSpec);
                stores.add(c);
                AggregatorNode node = new AggregatorNode(contract, taskId, DevAccounts.account(10 + j), c,
                        dir.resolve("aggregator-" + j), fast, commits, false);
                nodes.add(threads.submit(() -> node.run(stop::get)));
            }
            for (int i = 0; i < 2; i++) {
                NetworkContent c = content("client-" + i, a);
                stores.add(c);
                ClientNode node = new ClientNode(contract, taskId, DevAccounts.account(1 + i), c,
                        digits.train().subset(parts[i], "digits/shard-" + i), i, new LocalTrainer(),
                        dir.resolve("client-" + i), fast, NodeListener.NONE);
                nodes.add(threads.submit(() -> node.run(stop::get)));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (contract.task(taskId).status() != TaskInfo.Status.COMPLETED) {
                if (System.nanoTime() > deadline) throw new AssertionError("the Merkle task did not complete");
                Thread.sleep(200);
            }
            for (Future<TaskNode.Outcome> n : nodes) assertThat(n.get(60, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.COMPLETED);

            assertThat(committedBy).hasSize(2); // one commitment per round, whichever aggregator was first
            NetworkContent auditor = content("auditor", bSpec);
            for (long r = 1; r <= 2; r++) {
                assertThat(CommittedManifest.read(contract, auditor, taskId, r).entries()).hasSize(2);
            }
            assertThat(new RoundVerifier(contract, auditor).verify(taskId).rounds()).hasSize(2)
                    .allMatch(RoundVerdict::ok);
            // round 1's reward was proven by both clients during round 2, round 2's when they saw the task completed
            for (String c : clients) assertThat(contract.participant(taskId, c).lastSubmittedRound()).isEqualTo(2);
            stores.forEach(NetworkContent::close);
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }

    private NetworkContent content(String name, EndpointSpec endpoint) throws Exception {
        return new NetworkContent(new EmbeddedContentStore(dir.resolve("store-" + name)), List.of(endpoint),
                Duration.ofSeconds(10));
    }
}
