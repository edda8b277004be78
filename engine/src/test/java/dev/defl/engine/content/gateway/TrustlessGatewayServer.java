package dev.defl.engine.content.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.CarWriter;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.EmbeddedContentStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">trustless gateway</a> for
 * tests, serving the blocks of an {@link EmbeddedContentStore} on 127.0.0.1 at a free port:
 * {@code GET /ipfs/{cid}} with {@code ?format=raw} or {@code Accept: application/vnd.ipld.raw} answers the
 * block, {@code ?format=car} or {@code Accept: application/vnd.ipld.car} the DAG as a CARv1 (depth-first,
 * no duplicates, written by {@link CarWriter}); 404 for a block it lacks, 400 for a bad CID, 406 for a
 * request for neither format.
 *
 * <p>Why a fake: no real trustless gateway can be installed here. Kubo (whose gateway implements the
 * spec) is not installable (see docs/STACK.md), and the gateway of js-ipfs 0.66.1, the real node these
 * tests use, ignores {@code format} and {@code Accept} and serves the UnixFS file's content as
 * {@code text/plain} or {@code application/octet-stream} (npm {@code ipfs-http-gateway} 0.13.1 has no
 * {@code vnd.ipld} code); {@code MultiEndpointBlockStoreTest} shows the client refusing it.
 *
 * <p>In {@link Mode#TAMPERED} it flips the last byte of every answer, which lands in the data of the (last)
 * block, so that block no longer hashes to its CID: the fault a lying gateway causes.
 */
public final class TrustlessGatewayServer implements AutoCloseable {
    /** What the server sends. */
    public enum Mode {
        /** The blocks as stored. */
        HONEST,
        /** Every answer with its last byte flipped. */
        TAMPERED
    }

    /** The request line and {@code Accept} header of a request. */
    public record Request(String pathAndQuery, String accept) {
    }

    private final HttpServer server;
    private final BlockStore blocks;
    private final Mode mode;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<Request> last = new AtomicReference<>();

    private TrustlessGatewayServer(EmbeddedContentStore store, Mode mode) throws IOException {
        this.blocks = store.blockStore();
        this.mode = mode;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ipfs/", this::handle);
        server.start();
    }

    /** Starts serving {@code store}'s blocks. */
    public static TrustlessGatewayServer start(EmbeddedContentStore store, Mode mode) throws IOException {
        return new TrustlessGatewayServer(store, mode);
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Number of requests received so far. */
    public int requestCount() {
        return requests.get();
    }

    /** The last request received, or null before the first. */
    public Request lastRequest() {
        return last.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            URI uri = exchange.getRequestURI();
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            last.set(new Request(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), accept));
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String format = format(uri.getRawQuery(), accept == null ? "" : accept);
            if (format == null) {
                send(exchange, 406, "text/plain", "ask for application/vnd.ipld.raw or application/vnd.ipld.car"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            Cid cid;
            try {
                cid = Cid.parse(uri.getPath().substring("/ipfs/".length()));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                if (format.equals("raw")) {
                    send(exchange, 200, TrustlessGatewayClient.RAW, blocks.get(cid));
                } else {
                    ByteArrayOutputStream car = new ByteArrayOutputStream();
                    new CarWriter(blocks).export(cid, car);
                    send(exchange, 200, TrustlessGatewayClient.CAR + "; version=1; order=dfs; dups=n", car.toByteArray());
                }
            } catch (ContentNotFoundException e) {
                send(exchange, 404, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** {@code raw} or {@code car} from the {@code format} parameter, else from the Accept header; null if neither. */
    private static String format(String query, String accept) {
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.equals("format=raw") || parameter.equals("format=car")) {
                    return parameter.substring("format=".length());
                }
            }
        }
        if (accept.contains(TrustlessGatewayClient.RAW)) {
            return "raw";
        }
        if (accept.contains(TrustlessGatewayClient.CAR)) {
            return "car";
        }
        return null;
    }

    private void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        byte[] out = body;
        if (status == 200 && mode == Mode.TAMPERED && body.length > 0) {
            out = body.clone();
            out[out.length - 1] ^= 0x01;
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
