package dev.defl.app;

import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.health.ReadinessCache;
import dev.defl.engine.health.ReadinessProbe;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.metrics.NodeMetrics;
import dev.defl.engine.network.NetworkContent;
import io.micrometer.core.instrument.MeterRegistry;
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
 * endpoints (each with a {@value #PROBE_SECONDS} s timeout, the result reused for {@value #READY_TTL_SECONDS} s).
 * Without {@code --metrics} the meters go to an empty composite registry, which records nothing.
 */
final class NodeMonitoring implements AutoCloseable {
    static final int PROBE_SECONDS = 2;
    static final int READY_TTL_SECONDS = 2;

    private final NodeMetrics metrics;
    private final MetricsServer server;

    private NodeMonitoring(NodeMetrics metrics, MetricsServer server) {
        this.metrics = metrics;
        this.server = server;
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
            return new NodeMonitoring(new NodeMetrics(new CompositeMeterRegistry(), roleName, taskId), null);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReadinessProbe probe = new ReadinessProbe(chainUrl, ipfs, Duration.ofSeconds(PROBE_SECONDS));
        MetricsServer server = MetricsServer.bind(address, registry,
                new ReadinessCache(probe::probe, Duration.ofSeconds(READY_TTL_SECONDS)));
        return new NodeMonitoring(new NodeMetrics(registry, roleName, taskId), server);
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
        metrics.registry().close();
    }
}
