package dev.defl.app;

import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.health.ReadinessCache;
import dev.defl.engine.health.ReadinessProbe;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.metrics.NodeMetrics;
import dev.defl.engine.network.NetworkContent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A {@code defl node}'s metrics and, with {@code --metrics}, the HTTP server that exposes them ({@link MetricsServer}):
 * the {@link NodeMetrics} meters in a Micrometer Prometheus registry, and {@code /ready} probing the chain and the IPFS
 * endpoints (each with a {@value #PROBE_SECONDS} s timeout, the result reused for {@value #READY_TTL_SECONDS} s), and
 * Micrometer's JVM and process meters (memory, GC, threads, CPU, uptime).
 * Without {@code --metrics} the meters go to an empty composite registry, which records nothing.
 */
final class NodeMonitoring implements AutoCloseable {
    static final int PROBE_SECONDS = 2;
    static final int READY_TTL_SECONDS = 2;

    private final NodeMetrics metrics;
    private final MetricsServer server;
    private final JvmGcMetrics gc;

    private NodeMonitoring(NodeMetrics metrics, MetricsServer server, JvmGcMetrics gc) {
        this.metrics = metrics;
        this.server = server;
        this.gc = gc;
    }

    /**
     * The node's meters, and the server bound to {@code address} (not serving yet) unless it is null.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    static NodeMonitoring create(MetricsAddress address, Role role, long taskId, String chainUrl,
                                 List<EndpointSpec> ipfs) throws IOException {
        String roleName = role.name().toLowerCase(Locale.ROOT);
        if (address == null) {
            return new NodeMonitoring(new NodeMetrics(new CompositeMeterRegistry(), roleName, taskId), null, null);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReadinessProbe probe = new ReadinessProbe(chainUrl, ipfs, Duration.ofSeconds(PROBE_SECONDS));
        MetricsServer server = MetricsServer.bind(address, registry,
                new ReadinessCache(probe::probe, Duration.ofSeconds(READY_TTL_SECONDS)));
        // the process's own health, as Micrometer's JVM binders report it (jvm_memory_*, jvm_gc_*, jvm_threads_*,
        // process_cpu_usage, process_uptime_seconds, …)
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new NodeMonitoring(new NodeMetrics(registry, roleName, taskId), server, gc);
    }

    /** The node's meters; also its {@link dev.defl.engine.network.NodeListener}. */
    NodeMetrics metrics() {
        return metrics;
    }

    /** {@code contract} reporting its transactions to the meters. */
    TaskContract instrument(TaskContract contract) {
        return contract.withTransactionListener(metrics);
    }

    /** Reports {@code content}'s adds and fetches to the meters. */
    void instrument(NetworkContent content) {
        content.addListener(metrics);
    }

    /** Starts serving, when {@code --metrics} was given (logs the bound address). */
    void start() {
        if (server != null) server.start();
    }

    /** The registry the meters are in. */
    MeterRegistry registry() {
        return metrics.registry();
    }

    @Override
    public void close() {
        if (server != null) server.close();
        if (gc != null) gc.close();
        metrics.registry().close();
    }
}
