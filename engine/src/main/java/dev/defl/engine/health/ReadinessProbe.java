package dev.defl.engine.health;

import dev.defl.engine.content.net.BlockSource;
import dev.defl.engine.content.net.EndpointSpec;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;

/**
 * Probes a peer's dependencies once each, with a timeout and no retries, so that a dead dependency shows up
 * within {@code timeout} rather than after a client's retry schedule: the chain with {@code eth_blockNumber}
 * (a fresh web3j client per probe), each IPFS endpoint with {@link BlockSource#probe} (Kubo RPC
 * {@code /api/v0/id}; a trustless gateway a {@code GET} of the empty identity CID).
 *
 * <p>Thread-safe: {@link #probe()} may run on several threads at once; it blocks for at most about
 * {@code (1 + number of endpoints) × timeout}.
 */
public final class ReadinessProbe {
    private final String chainUrl;
    private final List<EndpointSpec> endpoints;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param chainUrl  the chain's JSON-RPC URL ({@code http(s)://} or {@code ws(s)://})
     * @param endpoints the IPFS endpoints, in the order the peer tries them (may be empty)
     * @param timeout   the limit of each probe
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public ReadinessProbe(String chainUrl, List<EndpointSpec> endpoints, Duration timeout) {
        this(chainUrl, endpoints, timeout, Clock.systemUTC());
    }

    ReadinessProbe(String chainUrl, List<EndpointSpec> endpoints, Duration timeout, Clock clock) {
        this.chainUrl = Objects.requireNonNull(chainUrl, "chainUrl");
        this.endpoints = List.copyOf(endpoints);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The IPFS endpoints probed, in order. */
    public List<EndpointSpec> endpoints() {
        return endpoints;
    }

    /** Probes the chain, then each IPFS endpoint in order. Never throws for a dead dependency: it reports it. */
    public Readiness probe() {
        Instant checkedAt = clock.instant();
        ComponentHealth chain = probeChain();
        List<ComponentHealth> ipfs = new ArrayList<>();
        for (EndpointSpec spec : endpoints) {
            ipfs.add(probeEndpoint(spec));
        }
        return new Readiness(chain, ipfs, checkedAt);
    }

    /** Asks the chain for {@code eth_blockNumber} once. */
    public ComponentHealth probeChain() {
        long start = System.nanoTime();
        Web3jService service = null;
        Web3j web3j = null;
        try {
            service = openService();
            web3j = Web3j.build(service);
            var response = web3j.ethBlockNumber().send();
            if (response.hasError()) {
                return new ComponentHealth("chain", chainUrl, false, millisSince(start),
                        "eth_blockNumber failed: " + response.getError().getMessage());
            }
            return new ComponentHealth("chain", chainUrl, true, millisSince(start), "block " + response.getBlockNumber());
        } catch (Exception e) {
            return new ComponentHealth("chain", chainUrl, false, millisSince(start), message(e));
        } finally {
            if (web3j != null) {
                web3j.shutdown();
            } else if (service != null) {
                try {
                    service.close();
                } catch (Exception ignored) {
                    // a probe's connection: nothing to recover
                }
            }
        }
    }

    /** Probes one IPFS endpoint once. */
    public ComponentHealth probeEndpoint(EndpointSpec spec) {
        long start = System.nanoTime();
        try (BlockSource source = spec.open(timeout)) {
            source.probe(timeout);
            return new ComponentHealth(spec.toString(), spec.url().toString(), true, millisSince(start), "");
        } catch (Exception e) {
            return new ComponentHealth(spec.toString(), spec.url().toString(), false, millisSince(start), message(e));
        }
    }

    private Web3jService openService() throws Exception {
        if (chainUrl.startsWith("ws://") || chainUrl.startsWith("wss://")) {
            WebSocketService ws = new WebSocketService(chainUrl, false);
            ws.connect();
            return ws;
        }
        if (!chainUrl.startsWith("http://") && !chainUrl.startsWith("https://")) {
            throw new IllegalArgumentException("not an http(s) or ws(s) URL: " + chainUrl);
        }
        long millis = timeout.toMillis();
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS)
                .callTimeout(millis, TimeUnit.MILLISECONDS)
                .build();
        return new HttpService(chainUrl, http);
    }

    private static long millisSince(long startNanos) {
        return Math.max(0, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static String message(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused"; // java.net.http wraps it around a ClosedChannelException
            }
            root = t;
        }
        String text = root.getMessage();
        return text == null || text.isBlank() ? root.getClass().getSimpleName() : text;
    }
}
