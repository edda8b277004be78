package dev.defl.engine.metrics;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.net.BlockFetch;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TransactionListener;
import dev.defl.engine.network.NetworkContentListener;
import dev.defl.engine.network.NodeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metrics of one task node ({@code defl node}), registered in a Micrometer {@link MeterRegistry}: every meter carries
 * the tags {@code role} ({@code client} or {@code aggregator}) and {@code task} (the task id). It hears the node
 * ({@link NodeListener}), its contract's transactions ({@link TransactionListener}) and its content traffic
 * ({@link NetworkContentListener}); give it to each ({@code new ClientNode(…, metrics)},
 * {@link dev.defl.engine.ledger.TaskContract#withTransactionListener}, {@link dev.defl.engine.network.NetworkContent#addListener}).
 *
 * <p>Names as a Prometheus registry exposes them (Micrometer's Prometheus naming convention: dots become underscores,
 * counters end in {@code _total}, timers are in seconds, and timers and the gas summary also have {@code _bucket}
 * histogram series for {@code histogram_quantile}):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>extra tags</th><th>what</th></tr>
 *   <tr><td>{@value #ROUNDS_JOINED}</td><td>counter</td><td></td><td>rounds this node took part in: a client's update on
 *       chain, an aggregator's vote on chain</td></tr>
 *   <tr><td>{@value #ROUNDS_FINALIZED}, {@value #ROUNDS_FAILED}</td><td>counter</td><td></td><td>the task's
 *       {@code RoundFinalized} / {@code RoundFailed} events read while the node ran (not those read on its catch-up at
 *       start)</td></tr>
 *   <tr><td>{@value #LAST_FINALIZED}</td><td>gauge</td><td></td><td>the task's last finalized round (0: none yet),
 *       catch-up included</td></tr>
 *   <tr><td>{@value #UPDATES_SUBMITTED}</td><td>counter</td><td></td><td>a client's updates on chain</td></tr>
 *   <tr><td>{@value #ADDED}</td><td>counter (bytes)</td><td></td><td>bytes of the files added (updates, aggregates)</td></tr>
 *   <tr><td>{@value #FETCHED}</td><td>counter (bytes)</td><td>{@code endpoint}</td><td>bytes of the blocks fetched from
 *       each IPFS endpoint (blocks already in the embedded store are not fetched)</td></tr>
 *   <tr><td>{@value #FETCH}</td><td>timer</td><td>{@code endpoint}, {@code outcome}</td><td>latency of each block
 *       request to each endpoint; outcome {@code delivered}, {@code not_found} or {@code failed}</td></tr>
 *   <tr><td>{@value #TX_SENT}</td><td>counter</td><td>{@code function}</td><td>transactions the chain node
 *       accepted</td></tr>
 *   <tr><td>{@value #TX_REVERTED}</td><td>counter</td><td>{@code function}, {@code stage}</td><td>transactions the
 *       contract refused: {@code preflight} (simulation, no gas spent) or {@code mined} (status 0)</td></tr>
 *   <tr><td>{@value #TX_RETRIED}</td><td>counter</td><td>{@code function}</td><td>transactions signed again after a
 *       "nonce too low"</td></tr>
 *   <tr><td>{@value #TX_GAS}</td><td>summary (gas)</td><td>{@code function}</td><td>gas used per mined
 *       transaction</td></tr>
 *   <tr><td>{@value #TX_CONFIRMATION}</td><td>timer</td><td>{@code function}</td><td>time from broadcast to
 *       receipt</td></tr>
 *   <tr><td>{@value #TRAINING_SAMPLES}</td><td>counter</td><td></td><td>samples trained on (samples × epochs)</td></tr>
 *   <tr><td>{@value #TRAINING}</td><td>timer</td><td></td><td>wall time of each local training</td></tr>
 *   <tr><td>{@value #TRAINING_THROUGHPUT}</td><td>gauge (samples/s)</td><td></td><td>training throughput of the last
 *       local training (0: none yet)</td></tr>
 *   <tr><td>{@value #AGGREGATION}</td><td>timer</td><td></td><td>an aggregator's time to fetch a round's updates,
 *       aggregate and publish the aggregate</td></tr>
 * </table>
 *
 * <p>No global state: a node without metrics passes a registry that records nothing (an empty
 * {@link io.micrometer.core.instrument.composite.CompositeMeterRegistry}) or does not register this listener. Thread-safe.
 */
public final class NodeMetrics implements NodeListener, TransactionListener, NetworkContentListener {
    /** Meter names (Micrometer's dotted form). */
    public static final String ROUNDS_JOINED = "defl.rounds.joined";
    public static final String ROUNDS_FINALIZED = "defl.rounds.finalized";
    public static final String ROUNDS_FAILED = "defl.rounds.failed";
    public static final String LAST_FINALIZED = "defl.round.last.finalized";
    public static final String UPDATES_SUBMITTED = "defl.updates.submitted";
    public static final String ADDED = "defl.ipfs.added";
    public static final String FETCHED = "defl.ipfs.fetched";
    public static final String FETCH = "defl.ipfs.fetch";
    public static final String TX_SENT = "defl.transactions.sent";
    public static final String TX_REVERTED = "defl.transactions.reverted";
    public static final String TX_RETRIED = "defl.transactions.retried";
    public static final String TX_GAS = "defl.transaction.gas";
    public static final String TX_CONFIRMATION = "defl.transaction.confirmation";
    public static final String TRAINING_SAMPLES = "defl.training.samples";
    public static final String TRAINING = "defl.training";
    public static final String TRAINING_THROUGHPUT = "defl.training.samples.per.second";
    public static final String AGGREGATION = "defl.aggregation";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter roundsJoined;
    private final Counter roundsFinalized;
    private final Counter roundsFailed;
    private final Counter updatesSubmitted;
    private final Counter added;
    private final Counter trainingSamples;
    private final Timer training;
    private final Timer aggregation;
    private final AtomicLong lastFinalized = new AtomicLong();
    /** Training throughput of the last training, samples/s, as {@link Double#doubleToLongBits} bits. */
    private final AtomicLong throughputBits = new AtomicLong(Double.doubleToLongBits(0));
    /** The last block of the catch-up read at start; -1 until it came. */
    private volatile long caughtUpTo = -1;

    /**
     * Registers the node's meters.
     *
     * @param registry where the meters go
     * @param role     the node's role, a tag ({@code client}, {@code aggregator})
     * @param taskId   the task's id, a tag
     */
    public NodeMetrics(MeterRegistry registry, String role, long taskId) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of("role", Objects.requireNonNull(role, "role").toLowerCase(Locale.ROOT),
                "task", Long.toString(taskId));
        roundsJoined = counter(ROUNDS_JOINED, "Rounds this node took part in (update or vote on chain)", null);
        roundsFinalized = counter(ROUNDS_FINALIZED, "Rounds of the task finalized while the node ran", null);
        roundsFailed = counter(ROUNDS_FAILED, "Rounds of the task failed while the node ran", null);
        updatesSubmitted = counter(UPDATES_SUBMITTED, "Updates this client submitted (mined)", null);
        added = counter(ADDED, "Bytes of the files this node added to IPFS", "bytes");
        trainingSamples = counter(TRAINING_SAMPLES, "Samples trained on (samples per epoch times epochs)", "samples");
        training = Timer.builder(TRAINING).description("Wall time of each local training").tags(tags)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
        aggregation = Timer.builder(AGGREGATION)
                .description("Time to fetch a round's updates, aggregate them and publish the aggregate").tags(tags)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
        Gauge.builder(LAST_FINALIZED, lastFinalized, AtomicLong::get).description("The task's last finalized round")
                .tags(tags).strongReference(true).register(registry);
        Gauge.builder(TRAINING_THROUGHPUT, throughputBits, bits -> Double.longBitsToDouble(bits.get()))
                .description("Training throughput of the last local training, samples per second").tags(tags)
                .strongReference(true).register(registry);
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String description, String unit) {
        Counter.Builder builder = Counter.builder(name).description(description).tags(tags);
        if (unit != null) builder.baseUnit(unit);
        return builder.register(registry);
    }

    // ---- the node ----

    @Override
    public void onEvents(List<TaskEvent> events, long lastSeenBlock) {
        boolean catchUp = caughtUpTo < 0;
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.RoundFinalized f) {
                lastFinalized.accumulateAndGet(f.round(), Math::max);
                if (!catchUp) roundsFinalized.increment();
            } else if (e instanceof TaskEvent.RoundFailed && !catchUp) {
                roundsFailed.increment();
            }
        }
        if (catchUp) caughtUpTo = lastSeenBlock;
    }

    @Override
    public void onTrained(long round, long samples, int epochs, Duration time) {
        long trained = samples * Math.max(1, epochs);
        trainingSamples.increment(trained);
        training.record(time);
        double seconds = time.toNanos() / 1e9;
        if (seconds > 0) throughputBits.set(Double.doubleToLongBits(trained / seconds));
    }

    @Override
    public void onUpdateSubmitted(long round, Cid update) {
        updatesSubmitted.increment();
        roundsJoined.increment();
    }

    @Override
    public void onAggregated(long round, int updates, Duration time) {
        aggregation.record(time);
    }

    @Override
    public void onVoted(long round, Cid aggregate, boolean proposed) {
        roundsJoined.increment();
    }

    // ---- transactions ----

    @Override
    public void sent(String function) {
        Counter.builder(TX_SENT).description("Transactions the chain node accepted").tags(tags).tag("function", function)
                .register(registry).increment();
    }

    @Override
    public void mined(String function, long gasUsed, Duration confirmation, boolean succeeded) {
        DistributionSummary.builder(TX_GAS).description("Gas used per mined transaction").baseUnit("gas").tags(tags)
                .tag("function", function).publishPercentileHistogram().minimumExpectedValue(21_000.0)
                .maximumExpectedValue(30_000_000.0).register(registry).record(gasUsed);
        Timer.builder(TX_CONFIRMATION).description("Time from a transaction's broadcast to its receipt").tags(tags)
                .tag("function", function).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10)).register(registry)
                .record(confirmation.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void reverted(String function, Stage stage) {
        Counter.builder(TX_REVERTED).description("Transactions the contract refused").tags(tags)
                .tag("function", function).tag("stage", stage.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void retried(String function) {
        Counter.builder(TX_RETRIED).description("Transactions signed and sent again after a refused nonce").tags(tags)
                .tag("function", function).register(registry).increment();
    }

    // ---- content ----

    @Override
    public void added(Cid cid, long bytes) {
        added.increment(bytes);
    }

    @Override
    public void fetched(BlockFetch fetch) {
        String endpoint = fetch.endpoint().toString();
        Timer.builder(FETCH).description("Latency of block requests to each IPFS endpoint").tags(tags)
                .tag("endpoint", endpoint).tag("outcome", fetch.outcome().name().toLowerCase(Locale.ROOT))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry).record(fetch.latency());
        if (fetch.outcome() == BlockFetch.Outcome.DELIVERED) {
            Counter.builder(FETCHED).description("Bytes of the blocks fetched from each IPFS endpoint").baseUnit("bytes")
                    .tags(tags).tag("endpoint", endpoint).register(registry).increment(fetch.bytes());
        }
    }
}
