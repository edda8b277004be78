package dev.defl.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.defl.engine.health.Readiness;
import dev.defl.engine.health.ReadinessCache;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A node's monitoring endpoints over HTTP/1.1 (the JDK's {@code com.sun.net.httpserver}, as Micrometer's Prometheus
 * documentation shows), GET or HEAD:
 * <ul>
 *   <li>{@code /metrics}: the registry in the Prometheus text exposition format 0.0.4
 *       ({@link PrometheusMeterRegistry#scrape()});</li>
 *   <li>{@code /health}: liveness, always {@code 200 {"status":"UP"}} while the process serves;</li>
 *   <li>{@code /ready}: {@link Readiness#toJson()}, 200 when ready (the chain and at least one IPFS endpoint answer),
 *       503 otherwise; the probe's result is reused for a short while ({@link ReadinessCache}).</li>
 * </ul>
 * Anything else is 404, other methods 405. Two daemon threads serve requests.
 */
final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    /** The Prometheus text format's content type. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService threads;
    private final PrometheusMeterRegistry registry;
    private final ReadinessCache readiness;

    private MetricsServer(HttpServer server, ExecutorService threads, PrometheusMeterRegistry registry,
                          ReadinessCache readiness) {
        this.server = server;
        this.threads = threads;
        this.registry = registry;
        this.readiness = readiness;
    }

    /**
     * Binds {@code address} (not serving yet: {@link #start()}).
     *
     * @throws IOException naming the address when it cannot be bound (in use, not a local address)
     */
    static MetricsServer bind(MetricsAddress address, PrometheusMeterRegistry registry, ReadinessCache readiness)
            throws IOException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(readiness, "readiness");
        InetSocketAddress socket = address.socketAddress();
        if (socket.isUnresolved()) throw new IOException("--metrics: cannot resolve host '" + address.host() + "'");
        HttpServer server;
        try {
            server = HttpServer.create(socket, 0);
        } catch (IOException e) {
            throw new IOException("--metrics: cannot listen on " + address.host() + ":" + address.port() + ": "
                    + e.getMessage(), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "defl-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        MetricsServer metrics = new MetricsServer(server, threads, registry, readiness);
        server.createContext("/", metrics::handle);
        return metrics;
    }

    /** Starts serving and logs the bound address. */
    void start() {
        server.start();
        log.info("metrics on {} (/metrics, /health, /ready)", url());
    }

    /** The bound address (the real port when 0 was asked). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://HOST:PORT}, the bound address. */
    String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
                case "/health" -> respond(exchange, 200, JSON, "{\"status\":\"UP\"}");
                case "/ready" -> {
                    Readiness r = readiness.get();
                    respond(exchange, r.ready() ? 200 : 503, JSON, r.toJson());
                }
                default -> respond(exchange, 404, "text/plain; charset=utf-8",
                        "not found: try /metrics, /health or /ready\n");
            }
        } catch (RuntimeException e) {
            log.warn("metrics endpoint {} failed: {}", exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops serving (requests under way get up to a second) and ends the threads. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
