package dev.defl.app;

import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.content.net.MultiEndpointBlockStore;
import dev.defl.engine.content.net.RetryPolicy;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/**
 * The {@code --ipfs URL[,URL…]} and {@code --ipfs-timeout SECONDS} options: IPFS endpoints (nodes'
 * RPC APIs and trustless gateways, see {@link EndpointSpec}) that blocks missing from the embedded store
 * are fetched from, through a {@link MultiEndpointBlockStore} (failover in list order, retries with
 * back-off, every block hash-verified).
 */
final class EndpointsOption {

    @Option(names = "--ipfs", paramLabel = "URL[,URL…]",
            description = "IPFS endpoints to fetch missing blocks from, tried in order: kubo:http://host:port "
                    + "(a node's RPC API; a plain http(s) URL means this too) or gateway:https://host "
                    + "(a trustless gateway). Every block is hash-verified. Commands that publish (node, task create) "
                    + "add to the first node that answers and run pubsub there.")
    String endpoints;

    @Option(names = "--ipfs-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Limit of one attempt at one endpoint, in seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** Whether {@code --ipfs} was given. */
    boolean given() {
        return endpoints != null;
    }

    /**
     * The endpoints, empty without {@code --ipfs}.
     *
     * @throws IllegalArgumentException naming the bad entry of {@code --ipfs}
     */
    List<EndpointSpec> specs() {
        if (endpoints == null) return List.of();
        try {
            return EndpointSpec.parseList(endpoints);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ipfs: " + e.getMessage(), e);
        }
    }

    /** {@code --ipfs-timeout}. @throws IllegalArgumentException when it is not positive */
    Duration timeout() {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("--ipfs-timeout must be positive, not " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    /**
     * A store over the endpoints, 3 attempts each, back-off from 250 ms to 10 s; it owns its endpoints'
     * HTTP clients, so the caller closes it (try-with-resources).
     *
     * @throws IllegalArgumentException naming the bad entry of {@code --ipfs}, or a non-positive timeout
     */
    MultiEndpointBlockStore open() {
        List<EndpointSpec> specs = specs();
        Duration timeout = timeout();
        RetryPolicy policy = new RetryPolicy(timeout, RetryPolicy.DEFAULT.maxAttemptsPerEndpoint(),
                RetryPolicy.DEFAULT.baseDelay(), RetryPolicy.DEFAULT.maxDelay());
        return MultiEndpointBlockStore.open(specs, policy);
    }

    /**
     * One line for an endpoint's health:
     * {@code endpoint <kubo|gateway> <url> <healthy|unhealthy> latency_ms=<n> [error=<message>]}.
     */
    static String describe(EndpointHealth health) {
        String kind = switch (health.kind()) {
            case KUBO_RPC -> "kubo";
            case TRUSTLESS_GATEWAY -> "gateway";
        };
        String line = "endpoint " + kind + " " + health.url() + " " + (health.healthy() ? "healthy" : "unhealthy")
                + " latency_ms=" + health.lastLatencyMillis();
        if (!health.healthy() && health.lastError() != null) {
            line += " error=" + health.lastError().replaceAll("\\s*\\R\\s*", " ").strip();
        }
        return line;
    }
}
