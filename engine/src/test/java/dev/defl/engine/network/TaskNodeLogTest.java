package dev.defl.engine.network;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node logs, captured with a Logback {@link ListAppender} on a real anvil and DJL: state changes only (an
 * aggregator waiting for submissions while blocks go by logs that once), and one summary line per finalized round.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TaskNodeLogTest {
    @TempDir
    Path dir;

    @Test
    void anAggregatorLogsStateChangesNotBlocksAndOneSummaryPerRound() throws Exception {
        Logger network = (Logger) LoggerFactory.getLogger("dev.defl.engine.network");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level level = network.getLevel();
        network.setLevel(Level.INFO);
        network.addAppender(logs);
        ExecutorService threads = Executors.newCachedThreadPool();
        AtomicBoolean stop = new AtomicBoolean();
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            DatasetSplit digits = Datasets.load("digits", 7);
            ModelSpec spec = ModelSpec.twoNN(digits.train().numFeatures(), digits.train().numClasses());
            NetworkContent content = new NetworkContent(new EmbeddedContentStore(dir.resolve("ipfs")), List.of(),
                    Duration.ofSeconds(5));
            TaskContract contract = TaskContract.deploy(chain.chain, DevAccounts.account(0));
            TaskDocument document = new TaskDocument(SafetensorsCodec.modelMetadata(spec, digits.train()),
                    StrategySpec.of("fedavg"), 1, 32, 1e-3, 5);
            String client = DevAccounts.account(1).getAddress();
            String aggregator = DevAccounts.account(10).getAddress();
            TaskPlan plan = new TaskPlan(2, 1, 1, 1, 1_000_000, 1_000_000, BigInteger.ONE, BigInteger.ONE,
                    List.of(client), List.of(aggregator));
            long taskId = TaskCreator.create(contract, DevAccounts.account(0), content, document, plan, new LocalTrainer())
                    .taskId();
            NodeOptions options = NodeOptions.DEFAULT.withPollInterval(Duration.ofMillis(50));
            AggregatorNode agg = new AggregatorNode(contract, taskId, DevAccounts.account(10), content,
                    dir.resolve("aggregator"), options, NodeListener.NONE, false);
            Future<TaskNode.Outcome> aggregatorRun = threads.submit(() -> agg.run(stop::get));

            Predicate<ILoggingEvent> waiting = e -> e.getFormattedMessage().startsWith("round 1: 0/1 updates; waiting for the submissions to close");
            await(() -> logs.list.stream().anyMatch(waiting));
            for (int i = 0; i < 8; i++) { // blocks go by while the aggregator polls every 50 ms
                chain.mine(1);
                Thread.sleep(120);
            }
            assertThat(logs.list.stream().filter(waiting)).as("logged once, not once per block").hasSize(1);

            int shard = 0;
            ClientNode c = new ClientNode(contract, taskId, DevAccounts.account(1), content,
                    digits.train().subset(java.util.stream.IntStream.range(0, 300).toArray(), "digits/300"), shard,
                    new LocalTrainer(), dir.resolve("client"), options, NodeListener.NONE);
            Future<TaskNode.Outcome> clientRun = threads.submit(() -> c.run(stop::get));
            await(() -> {
                if (clientRun.isDone() || aggregatorRun.isDone()) return true; // finished, or failed: get() says which
                return contract.task(taskId).status() == TaskInfo.Status.COMPLETED;
            });
            assertThat(clientRun.get(60, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.COMPLETED);
            assertThat(aggregatorRun.get(60, TimeUnit.SECONDS)).isEqualTo(TaskNode.Outcome.COMPLETED);

            List<String> aggregatorLines = logs.list.stream().filter(e -> e.getLoggerName().endsWith("AggregatorNode"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            for (int r = 1; r <= 2; r++) {
                String round = "round " + r + " finalized ";
                assertThat(aggregatorLines.stream().filter(l -> l.startsWith(round)))
                        .singleElement().asString().matches(round + "baf[a-z2-7]+ in \\d+ s, 1 updates, 1 votes");
            }
            assertThat(logs.list.stream().filter(e -> e.getLoggerName().endsWith("ClientNode"))
                    .map(ILoggingEvent::getFormattedMessage)).anyMatch(l -> l.startsWith("round 2 finalized "));
            assertThat(aggregatorLines.stream().filter(l -> l.contains("waiting for the submissions to close")))
                    .as("once per round at most").hasSizeLessThanOrEqualTo(2);
        } finally {
            stop.set(true);
            threads.shutdownNow();
            network.detachAppender(logs);
            network.setLevel(level);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(50);
        }
    }
}
