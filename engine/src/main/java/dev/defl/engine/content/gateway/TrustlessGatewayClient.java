package dev.defl.engine.content.gateway;

import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.CarReader;
import dev.defl.engine.content.CarSummary;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.HttpEndpoints;
import dev.defl.engine.content.ContentNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of an IPFS <a href="https://specs.ipfs.tech/http-gateways/trustless-gateway/">trustless
 * gateway</a>: a plain HTTP server that answers {@code GET /ipfs/{cid}} with the block itself
 * ({@code Accept: application/vnd.ipld.raw}, also {@code ?format=raw}) or the DAG below it as a CARv1
 * ({@code Accept: application/vnd.ipld.car}, also {@code ?format=car}). Nothing the gateway sends is
 * trusted: a block is hashed and checked against its CID before it is returned, and a CAR goes through
 * {@link CarReader}, which checks every block before it stores any. Both the {@code Accept} header and
 * the {@code format} query parameter are sent, as the spec allows either.
 *
 * <p>Every request is limited by a timeout for the whole transfer (headers and body). A 404 or 410 is
 * {@link ContentNotFoundException}; other failures are {@link GatewayException}s naming the request URL.
 * An answer whose {@code Content-Type} is present but not the requested one (a gateway that ignores
 * the format and serves the file, as the js-ipfs 0.66.1 gateway does) is refused as
 * {@link GatewayException.Kind#BAD_RESPONSE}. A client is immutable and may be shared between threads;
 * {@link #close()} releases its HTTP connections.
 */
public final class TrustlessGatewayClient implements AutoCloseable {
    /** Timeout of a client made with {@link #TrustlessGatewayClient(URI)}: 60 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Largest block accepted, in bytes: 4 MiB (the spec's blocks are at most 2 MiB; kubo's bitswap limit is 2 MiB). */
    public static final int MAX_BLOCK_BYTES = 4 << 20;
    /** Largest CAR accepted by {@link #car(Cid, BlockStore)}, in bytes: 1 GiB. */
    public static final long DEFAULT_MAX_CAR_BYTES = 1L << 30;
    /** Media type of a single block. */
    public static final String RAW = "application/vnd.ipld.raw";
    /** Media type of a CAR. */
    public static final String CAR = "application/vnd.ipld.car";

    private static final int MAX_ERROR_BODY_BYTES = 300;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /** A client of the gateway at {@code base} (e.g. {@code https://trustless-gateway.link}) with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    public TrustlessGatewayClient(URI base) {
        this(base, DEFAULT_TIMEOUT);
    }

    /**
     * A client of the gateway at {@code base}.
     *
     * @param base    the gateway's base URL, {@code http(s)://host[:port][/prefix]}; {@code /ipfs/{cid}} is appended
     * @param timeout limit of every request, for the whole transfer
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL or the timeout is not positive
     */
    public TrustlessGatewayClient(URI base, Duration timeout) {
        this.base = HttpEndpoints.normalizedBase(base, "trustless gateway must be an http(s)://host[:port] URL");
        this.timeout = HttpEndpoints.positive(timeout);
        this.http = HttpEndpoints.client(timeout, HttpClient.Redirect.NORMAL);
    }

    /** The gateway's base URL, without trailing slash. */
    public URI base() {
        return base;
    }

    /** Limit of every request. */
    public Duration timeout() {
        return timeout;
    }

    /** The request URL for {@code cid} in {@code format} ({@code raw} or {@code car}). */
    public URI url(Cid cid, String format) {
        return URI.create(base + "/ipfs/" + cid + "?format=" + format);
    }

    /** {@link #block(Cid, Duration)} with the client's timeout. */
    public byte[] block(Cid cid) throws IOException {
        return block(cid, timeout);
    }

    /**
     * The block {@code cid} ({@code GET /ipfs/{cid}?format=raw}, {@code Accept: application/vnd.ipld.raw}),
     * hashed and checked against the CID before it is returned. An identity CID is answered from the CID itself.
     *
     * @param timeout limit of this request, for the whole transfer
     * @return the block's bytes
     * @throws ContentNotFoundException   if the gateway answers 404 or 410 (names the CID and the URL)
     * @throws BlockVerificationException if the bytes do not hash to {@code cid} (names the CID and the URL)
     * @throws GatewayException           if the gateway cannot be reached, times out, answers another error,
     *                                    a body over {@link #MAX_BLOCK_BYTES} or the wrong content type
     * @throws UnsupportedOperationException if the CID's hash function is not sha2-256 or identity
     */
    public byte[] block(Cid cid, Duration timeout) throws IOException {
        Objects.requireNonNull(cid, "cid");
        var inline = cid.inlineBlock(); // the CID carries it (bounded as kubo bounds it)
        if (inline.isPresent()) {
            return inline.get();
        }
        URI url = url(cid, "raw");
        byte[] block = exchange(cid, url, RAW, timeout, body -> {
            byte[] bytes = body.readNBytes(MAX_BLOCK_BYTES + 1);
            if (bytes.length > MAX_BLOCK_BYTES) {
                throw new GatewayException(url, GatewayException.Kind.BAD_RESPONSE, 200,
                        "block is larger than " + MAX_BLOCK_BYTES + " bytes", null);
            }
            return bytes;
        });
        if (!cid.matches(block)) {
            throw new BlockVerificationException(cid, url.toString());
        }
        return block;
    }

    /**
     * Asks the gateway whether it answers at all: {@code GET /ipfs/bafkqaaa?format=raw} (the empty identity
     * CID, which a gateway answers without the network; unlike {@link #block} this really sends the request).
     * A block or "not found" (404, 410) is an answer; the body is not checked.
     *
     * @param timeout limit of the request
     * @throws GatewayException if the gateway cannot be reached, times out or answers another error
     */
    public void probe(Duration timeout) throws IOException {
        Cid empty = Cid.parse("bafkqaaa");
        try {
            exchange(empty, url(empty, "raw"), RAW, timeout, body -> body.readNBytes(MAX_ERROR_BODY_BYTES));
        } catch (ContentNotFoundException e) {
            // an answer: the gateway is up
        }
    }

    /** {@link #car(Cid, BlockStore, Duration, long)} with the client's timeout and {@link #DEFAULT_MAX_CAR_BYTES}. */
    public CarSummary car(Cid root, BlockStore into) throws IOException {
        return car(root, into, timeout, DEFAULT_MAX_CAR_BYTES);
    }

    /**
     * Fetches the whole DAG below {@code root} as a CARv1 ({@code GET /ipfs/{cid}?format=car},
     * {@code Accept: application/vnd.ipld.car; version=1}) into a temporary file, then imports it into
     * {@code into} with {@link CarReader#importFile}: every block is hashed against its CID before any is
     * stored, so a CAR with one bad block stores nothing. The CAR's roots must name {@code root}.
     *
     * @param timeout     limit of the download (headers and body); the import that follows is not limited
     * @param maxCarBytes largest CAR accepted, in bytes
     * @return the CAR's roots, block count and size in bytes
     * @throws ContentNotFoundException   if the gateway answers 404 or 410
     * @throws BlockVerificationException if a block does not hash to its CID (names the CID, the URL and the
     *                                    CAR section); nothing is stored
     * @throws dev.defl.engine.content.MalformedCarException if the body is not a well-formed CARv1; nothing is stored
     * @throws GatewayException           if the request fails, the CAR exceeds {@code maxCarBytes}, the
     *                                    content type is wrong, or its roots do not name {@code root}
     * @throws IOException                if the temporary file or the store fails
     */
    public CarSummary car(Cid root, BlockStore into, Duration timeout, long maxCarBytes) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(into, "into");
        URI url = url(root, "car");
        Path spool = Files.createTempFile("defl-gateway-", ".car");
        try {
            exchange(root, url, CAR + "; version=1", timeout, body -> {
                try (OutputStream out = Files.newOutputStream(spool)) {
                    byte[] buffer = new byte[1 << 16];
                    long total = 0;
                    for (int n; (n = body.read(buffer)) > 0; ) {
                        total += n;
                        if (total > maxCarBytes) {
                            throw new GatewayException(url, GatewayException.Kind.BAD_RESPONSE, 200,
                                    "CAR is larger than " + maxCarBytes + " bytes", null);
                        }
                        out.write(buffer, 0, n);
                    }
                }
                return null;
            });
            CarSummary summary = new CarReader(into).importFile(spool, url.toString());
            if (!summary.roots().contains(root)) {
                throw new GatewayException(url, GatewayException.Kind.BAD_RESPONSE, 200,
                        "CAR roots " + summary.roots() + " do not name " + root, null);
            }
            return summary;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "TrustlessGatewayClient[" + base + ", timeout " + timeout + "]";
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /**
     * Sends {@code GET url} with {@code Accept: accept}, checks the status and content type, and reads the
     * body with {@code reader} on a virtual thread, all within {@code limit}.
     */
    private <T> T exchange(Cid cid, URI url, String accept, Duration limit, BodyReader<T> reader) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(limit)
                .header("Accept", accept)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new GatewayException(url, GatewayException.Kind.TIMEOUT, 0,
                    "no answer within " + limit.toMillis() + " ms", e);
        } catch (IOException e) {
            throw unreachable(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + url);
        }
        InputStream body = response.body();
        try (body) {
            int status = response.statusCode();
            if (status == 404 || status == 410) {
                throw new ContentNotFoundException(cid, "trustless gateway " + url + " (HTTP " + status + ")");
            }
            if (status != 200) {
                String message = new String(body.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
                throw new GatewayException(url, GatewayException.Kind.HTTP_ERROR, status,
                        "HTTP " + status + (message.isEmpty() ? "" : ": " + message.replaceAll("\\s+", " ")), null);
            }
            String expected = accept.split(";")[0];
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(expected)) {
                throw new GatewayException(url, GatewayException.Kind.BAD_RESPONSE, status, "answered Content-Type "
                        + contentType + ", not " + expected + " (not a trustless gateway?)", null);
            }
            FutureTask<T> task = new FutureTask<>(() -> reader.read(body));
            Thread.ofVirtual().name("gateway-read").start(task);
            try {
                return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                task.cancel(true);
                throw new GatewayException(url, GatewayException.Kind.TIMEOUT, status,
                        "body not received within " + limit.toMillis() + " ms", e);
            } catch (InterruptedException e) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + url);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GatewayException g) {
                    throw g;
                }
                if (e.getCause() instanceof IOException io) {
                    throw new GatewayException(url, GatewayException.Kind.UNREACHABLE, status,
                            "reading the answer failed: " + io, io);
                }
                throw new IllegalStateException("reading " + url + " failed", e.getCause());
            }
        }
    }

    private static GatewayException unreachable(URI url, IOException e) {
        boolean connect = false;
        String why = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            connect |= t instanceof ConnectException;
            if (why == null && t.getMessage() != null) {
                why = t.getMessage();
            }
        }
        String what = connect
                ? "cannot connect to the gateway" + (why == null ? " (nothing listens there, or the host is unreachable)" : ": " + why)
                : "connection failed: " + (why == null ? e.getClass().getSimpleName() : why);
        return new GatewayException(url, GatewayException.Kind.UNREACHABLE, 0, what, e);
    }
}
