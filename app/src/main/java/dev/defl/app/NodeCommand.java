package dev.defl.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.ledger.GasBalance;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.network.AggregatorNode;
import dev.defl.engine.network.ClientNode;
import dev.defl.engine.network.ClientShard;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.service.PeerSession;
import dev.defl.engine.network.TaskNode;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code defl node --role client|aggregator}: one headless peer of a task on a shared chain and IPFS
 * ({@link ClientNode}, {@link AggregatorNode}). Logs go to stdout (INFO; {@code DEFL_LOG_LEVEL} overrides). Exit code
 * 0 when the task completed, 0 after SIGTERM or Ctrl+C (the node finishes or abandons its step, checkpoints and
 * closes), 1 on an error. With {@code --metrics HOST:PORT} it serves Prometheus metrics, liveness and readiness over
 * HTTP ({@link NodeMonitoring}, {@link MetricsServer}).
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one peer of a task: a client that trains on its own data and submits updates, or an "
                + "aggregator that aggregates, proposes and votes.",
                "Runs until the task completes; SIGTERM or Ctrl+C stops it cleanly. Restarting it with the same "
                        + "--data-dir resumes from its checkpoints."})
final class NodeCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    DeflCommand parent;

    @Option(names = "--role", paramLabel = "ROLE", required = true, description = "client or aggregator.")
    String role;

    @Option(names = "--contract", paramLabel = "ADDRESS", required = true, description = "The FederatedTasks contract.")
    String contract;

    @Option(names = "--task", paramLabel = "T", required = true, description = "The task id on the contract.")
    long task;

    @Mixin
    NetworkOption network;

    @Mixin
    DatasetArgs datasetArgs;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Client: train on shard K (0-based) of an IID split of the training set into N shards, "
                    + "seeded by the task seed (default: the whole training set).")
    String shard;

    @Option(names = "--samples", paramLabel = "N", description = "Client: at most N training rows (of the shard).")
    Integer samples;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = ComputeDevice.CPU,
            description = "Client: where to train, cpu, cuda or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--keep-checkpoints", paramLabel = "N", defaultValue = "5",
            description = "Per-round checkpoints kept (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "500",
            description = "Milliseconds between two looks at the chain (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics (/metrics), liveness (/health) and readiness (/ready) over HTTP "
                    + "at HOST:PORT (:PORT or PORT: on 127.0.0.1; port 0: any free port, logged).")
    String metrics;

    @Option(names = "--dishonest",
            description = "Aggregator, fault injection for demonstrations: propose a wrong aggregate (every weight + 0.5).")
    boolean dishonest;

    @Override
    public Integer call() throws Exception {
        Role parsed = switch (role.toLowerCase(Locale.ROOT)) {
            case "client" -> Role.CLIENT;
            case "aggregator" -> Role.AGGREGATOR;
            default -> throw new IllegalArgumentException("--role must be client or aggregator, not '" + role + "'");
        };
        if (dishonest && parsed != Role.AGGREGATOR) throw new IllegalArgumentException("--dishonest is for aggregators");
        NodeOptions options = NodeOptions.DEFAULT.withKeepCheckpoints(keep).withPollInterval(Duration.ofMillis(pollMillis));
        MetricsAddress metricsAddress = metrics == null ? null : MetricsAddress.parse("--metrics", metrics);
        try (NodeMonitoring monitoring = NodeMonitoring.create(metricsAddress, parsed, task, network.chainUrl,
                network.ipfs.specs());
             PeerSession session = network.open(parent)) {
            GasBalance.require(session.chain(), session.address(), GasBalance.NODE_GAS,
                    "a" + (parsed == Role.CLIENT ? " client" : "n aggregator")); // before any training
            monitoring.instrument(session.content());
            TaskContract tasks = monitoring.instrument(session.contract(contract));
            TaskNode node;
            if (parsed == Role.CLIENT) {
                TaskDocument document = session.taskDocument(tasks, task);
                LabeledDataset data = clientData(document, session);
                ComputeDevice compute = ComputeDevice.resolve(device);
                if (compute.warning() != null) System.err.println("warning: " + compute.warning());
                node = session.clientNode(tasks, task, document, data, shard().salt(), device, options,
                        monitoring.metrics());
            } else {
                node = session.aggregatorNode(tasks, task, options, monitoring.metrics(), dishonest);
            }
            logToStdout(); // only now: a refused command leaves the process's logging as it was
            monitoring.start();
            return runUntilStopped(node);
        }
    }

    /** Runs the node on this thread; SIGTERM / Ctrl+C sets the stop flag and waits up to 20 s for it to finish. */
    private static int runUntilStopped(TaskNode node) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "defl-node-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TaskNode.Outcome outcome = node.run(stop::get);
            LoggerFactory.getLogger(NodeCommand.class).info("node {} {}: {}", node.role().name().toLowerCase(Locale.ROOT),
                    node.address(), outcome == TaskNode.Outcome.COMPLETED ? "task completed" : "stopped");
            return 0;
        } finally {
            finished.countDown();
            if (!stop.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // already shutting down
                }
            }
        }
    }

    /** The client's training rows: the dataset's training split, its shard, capped at {@code --samples}. */
    private LabeledDataset clientData(TaskDocument document, PeerSession session) throws java.io.IOException {
        return shard().select(datasetArgs.load(document.seed(), session.content()).train(), document.seed());
    }

    /** {@code --shard} and {@code --samples}. @throws IllegalArgumentException naming the bad option */
    private ClientShard shard() {
        try {
            return ClientShard.parse(shard, samples == null ? null : samples.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((e.getMessage().startsWith("shard") ? "--" : "--samples: ") + e.getMessage(), e);
        }
    }

    /** A node's log line: ISO-8601 UTC time with milliseconds, level, class, message. */
    static final String LOG_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} - %msg%n";

    /** The node's log: INFO (or $DEFL_LOG_LEVEL) on stdout, as a service manager expects. */
    private static void logToStdout() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.out");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(LOG_PATTERN);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger defl = context.getLogger("dev.defl");
        String level = System.getenv("DEFL_LOG_LEVEL");
        defl.setLevel(Level.toLevel(level, Level.INFO));
        defl.detachAndStopAllAppenders();
        defl.setAdditive(false);
        defl.addAppender(appender);
    }
}
