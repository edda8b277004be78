package dev.defl.engine.content.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.HttpEndpoints;
import dev.defl.engine.content.UnixFsExporter;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A client of the <a href="https://docs.ipfs.tech/reference/kubo/rpc/">Kubo RPC API</a> ({@code /api/v0/…},
 * every call an HTTP POST) of an IPFS node: kubo, or js-ipfs, which speaks the same API.
 *
 * <p>Nothing a node sends is trusted: {@link #blockGet} hashes every block against its CID, and
 * {@link #cat} reads a file block by block through {@link KuboBlockStore} and {@link UnixFsExporter}, so
 * every byte written out has been verified. CIDs are read in any form {@link Cid#parse} knows; where the answer
 * is a CIDv1 ({@code add --cid-version=1}, {@code block/put}) base32 is requested ({@code cid-base=base32}),
 * as js-ipfs answers base58btc otherwise.
 *
 * <p>Every request has a timeout: the client's {@linkplain #timeout() timeout} is sent to the node as
 * {@code timeout=} (a node otherwise waits forever for a CID nobody has) and, plus a grace of 2 s, is
 * the HTTP client's limit for the answer's headers. Failures are {@link KuboException}s naming the
 * endpoint, the API path and the node's own message. A client is immutable and may be shared
 * between threads; {@link #close()} releases its HTTP connections.
 */
public final class KuboRpcClient implements AutoCloseable {
    /** Timeout of a client made with {@link #KuboRpcClient(URI)}: 60 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Largest block accepted from {@code block/get}, in bytes (kubo's bitswap limit is 2 MiB; we allow 4 MiB). */
    public static final int MAX_BLOCK_BYTES = 4 << 20;

    private static final String API = "/api/v0/";
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final int MAX_ERROR_BODY_BYTES = 64 << 10;

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** A client of the node at {@code endpoint} (e.g. {@code http://127.0.0.1:5001}) with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    public KuboRpcClient(URI endpoint) {
        this(endpoint, DEFAULT_TIMEOUT);
    }

    /**
     * A client of the node at {@code endpoint}.
     *
     * @param endpoint base URL of the RPC API, {@code http://host:port} (a trailing slash is ignored)
     * @param timeout  limit of every request (for {@code add}: until the node answers, so give large uploads room)
     * @throws IllegalArgumentException if the endpoint is not an absolute http(s) URL or the timeout is not positive
     */
    public KuboRpcClient(URI endpoint, Duration timeout) {
        this.endpoint = HttpEndpoints.normalizedBase(endpoint, "Kubo RPC endpoint must be an http(s)://host:port URL");
        this.timeout = HttpEndpoints.positive(timeout);
        this.http = HttpEndpoints.client(timeout, HttpClient.Redirect.NEVER);
    }

    /** Base URL of the node's RPC API, without trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    /** Limit of every request. */
    public Duration timeout() {
        return timeout;
    }

    // ---------------------------------------------------------------- add / cat

    /**
     * Adds a file: streams {@code content} to the end (not closed) as a multipart upload to
     * {@code /api/v0/add}, never holding more than the HTTP client's buffers in memory.
     *
     * @param content the file's bytes
     * @param name    the file name sent with it (only a label; it does not change the CID)
     * @param options CID version, leaves, chunk size, only-hash, pin
     * @return the CID of the file's root block
     * @throws KuboException if the node cannot be reached, times out, or reports an error
     * @throws IOException   if reading {@code content} fails (that exception itself, not wrapped)
     */
    public Cid add(InputStream content, String name, AddOptions options) throws IOException {
        return add(content, name, options, bytes -> { });
    }

    /**
     * {@link #add(InputStream, String, AddOptions)}, reporting progress.
     *
     * @param progress called on the uploading thread with the total number of bytes of {@code content} read
     *                 so far (sent, or in the HTTP client's buffers); it must return quickly
     */
    public Cid add(InputStream content, String name, AddOptions options, LongConsumer progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Query query = new Query()
                .add("cid-version", options.cidVersion())
                .add("raw-leaves", options.rawLeaves())
                .add("chunker", "size-" + options.chunkSizeBytes())
                .add("only-hash", options.onlyHash())
                .add("pin", options.pin())
                .add("progress", false);
        if (options.cidVersion() == 1) {
            // js-ipfs answers CIDv1 in base58btc unless told; a CIDv0 has no base32 form (js-ipfs refuses)
            query.add("cid-base", "base32");
        }
        ReadFailureTrap trapped = new ReadFailureTrap(content, progress);
        Multipart multipart = new Multipart(name, trapped);
        List<JsonNode> lines;
        try {
            lines = ndjson("add", query, multipart.publisher(), multipart.contentType());
        } catch (KuboException e) {
            trapped.rethrowReadFailure();
            throw e;
        }
        trapped.rethrowReadFailure();
        JsonNode last = null;
        for (JsonNode line : lines) {
            if (line.hasNonNull("Hash")) {
                last = line;
            }
        }
        if (last == null) {
            throw badResponse("add", query, "the node's answer names no CID (\"Hash\"): " + lines);
        }
        return parseCid(last.get("Hash").asText(), "add", query);
    }

    /**
     * Writes the content of the UnixFS file {@code root} to {@code out} (not closed), reading it block by
     * block with {@link #blockGet} (each block hashed against its CID) through {@link UnixFsExporter}.
     *
     * @throws KuboException              if a request fails (a missing block shows as a timeout naming its CID)
     * @throws BlockVerificationException if a block from the node does not hash to its CID
     * @throws dev.defl.engine.content.MalformedDagException if the DAG is not a UnixFS file
     * @throws IOException                if writing {@code out} fails
     */
    public void cat(Cid root, OutputStream out) throws IOException {
        new UnixFsExporter(new KuboBlockStore(this)).cat(root, out);
    }

    /**
     * The node's own {@code /api/v0/cat} of {@code root}, copied to {@code out} (not closed) as it arrives.
     * <strong>Not verified</strong>: the bytes are the node's say-so. For comparisons and diagnostics;
     * use {@link #cat} to read content.
     *
     * @return the number of bytes written
     * @throws KuboException if the request fails
     * @throws IOException   if writing {@code out} fails
     */
    public long catUnverified(Cid root, OutputStream out) throws IOException {
        Query query = new Query().add("arg", root.toString());
        try (InputStream body = send("cat", query, BodyPublishers.noBody(), null, timeout).body()) {
            return body.transferTo(out);
        }
    }

    // ---------------------------------------------------------------- blocks

    /**
     * The block {@code cid}, hashed and checked against the CID before it is returned. An identity
     * CID is answered from the CID itself, without asking the node.
     *
     * @throws BlockVerificationException if the node's bytes do not hash to {@code cid} (names the CID and the endpoint)
     * @throws KuboException              if the request fails or times out (the message names the CID)
     * @throws UnsupportedOperationException if the CID's hash function is not sha2-256 or identity
     */
    public byte[] blockGet(Cid cid) throws IOException {
        return blockGet(cid, timeout);
    }

    /** {@link #blockGet(Cid)} with its own timeout (at most the client's). */
    public byte[] blockGet(Cid cid, Duration timeout) throws IOException {
        Objects.requireNonNull(cid, "cid");
        var inline = cid.inlineBlock(); // the CID carries it (bounded as kubo bounds it)
        if (inline.isPresent()) {
            return inline.get();
        }
        Query query = new Query().add("arg", cid.toString());
        byte[] block;
        try (InputStream body = send("block/get", query, BodyPublishers.noBody(), null, timeout).body()) {
            block = body.readNBytes(MAX_BLOCK_BYTES + 1);
        } catch (KuboException e) {
            throw e;
        } catch (IOException e) {
            throw new KuboException(endpoint, apiPath("block/get", query), KuboException.Kind.UNREACHABLE, 200, null,
                    "reading the block failed: " + e, e);
        }
        if (block.length > MAX_BLOCK_BYTES) {
            throw badResponse("block/get", query, "block is larger than " + MAX_BLOCK_BYTES + " bytes");
        }
        if (!cid.matches(block)) {
            throw new BlockVerificationException(cid, endpoint + API + "block/get");
        }
        return block;
    }

    /**
     * Stores {@code block} on the node ({@code /api/v0/block/put}, sha2-256, not pinned) and checks that the
     * node's CID for it is ours.
     *
     * @param codec multicodec of the block: {@link Cid#RAW}, {@link Cid#DAG_PB}, 0x71 dag-cbor or 0x0129 dag-json
     * @return the block's CIDv1 (use {@link Cid#toV0()} for a dag-pb block addressed as v0)
     * @throws KuboException            if the request fails or the node names another CID
     * @throws IllegalArgumentException for a codec not listed above
     */
    public Cid blockPut(byte[] block, long codec) throws IOException {
        Objects.requireNonNull(block, "block");
        Cid expected = Cid.of(1, codec, block);
        Query query = new Query()
                .add("format", codecName(codec))
                .add("mhtype", "sha2-256")
                .add("version", 1) // js-ipfs defaults to CIDv0
                .add("cid-base", "base32");
        Multipart multipart = new Multipart("block", new ByteArrayInputStream(block));
        JsonNode answer = object("block/put", query, multipart.publisher(), multipart.contentType());
        Cid stored = parseCid(text(answer, "Key", "block/put", query), "block/put", query);
        if (stored.codec() != expected.codec() || !stored.multihash().equals(expected.multihash())) {
            throw badResponse("block/put", query, "node stored the block as " + stored + " but it hashes to " + expected);
        }
        return expected;
    }

    /** {@code /api/v0/block/stat}: the size of the block {@code cid} on the node (fetching it from peers if need be). */
    public BlockStat blockStat(Cid cid) throws IOException {
        return blockStat(cid, timeout);
    }

    /**
     * {@link #blockStat(Cid)} with its own timeout (at most the client's): how long the node may look for the block.
     *
     * @throws KuboException if the request fails or times out (the message names the CID)
     */
    public BlockStat blockStat(Cid cid, Duration timeout) throws IOException {
        Objects.requireNonNull(cid, "cid");
        Query query = new Query().add("arg", cid.toString());
        JsonNode answer = object("block/stat", query, timeout);
        return new BlockStat(parseCid(text(answer, "Key", "block/stat", query), "block/stat", query),
                answer.path("Size").asLong());
    }

    // ---------------------------------------------------------------- pins

    /** Pins {@code cid} recursively (the block and everything it links to). */
    public void pinAdd(Cid cid) throws IOException {
        pinAdd(cid, true);
    }

    /**
     * {@code /api/v0/pin/add}: pins {@code cid}, fetching missing blocks from peers within the timeout.
     *
     * @param recursive true for the whole DAG, false for this block only (a direct pin)
     * @throws KuboException if the request fails
     */
    public void pinAdd(Cid cid, boolean recursive) throws IOException {
        Query query = new Query().add("arg", cid.toString()).add("recursive", recursive);
        object("pin/add", query, timeout);
    }

    /** Removes the recursive pin of {@code cid}. */
    public void pinRm(Cid cid) throws IOException {
        pinRm(cid, true);
    }

    /**
     * {@code /api/v0/pin/rm}: removes a pin of {@code cid}; its blocks stay until the node collects garbage.
     *
     * @param recursive true to remove a recursive pin, false for a direct one
     * @throws KuboException if the request fails, e.g. the CID is not pinned so (the node's message says)
     */
    public void pinRm(Cid cid, boolean recursive) throws IOException {
        Query query = new Query().add("arg", cid.toString()).add("recursive", recursive);
        object("pin/rm", query, timeout);
    }

    /** {@code /api/v0/pin/ls}: every pin on the node, of all types (indirect ones included). */
    public List<Pin> pinLs() throws IOException {
        return pinLs(null);
    }

    /**
     * {@code /api/v0/pin/ls?type=…}: the pins of one type.
     *
     * @param type the type to list, or null for all
     * @throws KuboException if the request fails or the answer is not understood
     */
    public List<Pin> pinLs(PinType type) throws IOException {
        Query query = new Query().add("type", type == null ? "all" : type.rpcName());
        List<Pin> pins = new ArrayList<>();
        for (JsonNode line : ndjson("pin/ls", query, BodyPublishers.noBody(), null)) {
            if (line.has("Keys")) {
                // kubo without stream=true: {"Keys": {"<cid>": {"Type": "recursive"}}}
                for (var entry : line.get("Keys").properties()) {
                    pins.add(new Pin(parseCid(entry.getKey(), "pin/ls", query),
                            pinType(text(entry.getValue(), "Type", "pin/ls", query), query)));
                }
            } else {
                // js-ipfs, and kubo with stream=true: {"Cid": "<cid>", "Type": "recursive"} per line
                pins.add(new Pin(parseCid(text(line, "Cid", "pin/ls", query), "pin/ls", query),
                        pinType(text(line, "Type", "pin/ls", query), query)));
            }
        }
        return List.copyOf(pins);
    }

    // ---------------------------------------------------------------- node, swarm, repo

    /** {@code /api/v0/id}: the node's peer id, agent and addresses. */
    public NodeId id() throws IOException {
        Query query = new Query();
        JsonNode answer = object("id", query, timeout);
        return new NodeId(text(answer, "ID", "id", query), answer.path("AgentVersion").asText(""),
                answer.path("ProtocolVersion").asText(""), strings(answer.path("Addresses")));
    }

    /** {@code /api/v0/swarm/peers}: connected peers as {@code <multiaddr>/p2p/<peer id>}. */
    public List<String> swarmPeers() throws IOException {
        Query query = new Query();
        JsonNode answer = object("swarm/peers", query, timeout);
        List<String> peers = new ArrayList<>();
        for (JsonNode peer : answer.path("Peers")) {
            String addr = peer.path("Addr").asText("");
            String id = peer.path("Peer").asText("");
            peers.add(addr.contains("/p2p/") || id.isEmpty() ? addr : addr + "/p2p/" + id);
        }
        return List.copyOf(peers);
    }

    /**
     * {@code /api/v0/swarm/connect}: connects to a peer.
     *
     * @param multiaddr the peer's address including {@code /p2p/<peer id>}
     * @throws KuboException if the node cannot connect (its message says why)
     */
    public void swarmConnect(String multiaddr) throws IOException {
        object("swarm/connect", new Query().add("arg", multiaddr), timeout);
    }

    /** {@code /api/v0/swarm/addrs/local?id=true}: the node's own listening addresses, each with {@code /p2p/<peer id>}. */
    public List<String> swarmAddrsLocal() throws IOException {
        Query query = new Query().add("id", true);
        return strings(object("swarm/addrs/local", query, timeout).path("Strings"));
    }

    /** {@code /api/v0/repo/stat}: the size and block count of the node's repository. */
    public RepoStat repoStat() throws IOException {
        Query query = new Query();
        JsonNode answer = object("repo/stat", query, timeout);
        return new RepoStat(answer.path("RepoSize").asLong(), answer.path("StorageMax").asLong(),
                answer.path("NumObjects").asLong(), answer.path("RepoPath").asText(""), answer.path("Version").asText(""));
    }

    /** {@code /api/v0/version}: the node's version string, e.g. {@code 0.29.0} (kubo) or {@code 0.66.1} (js-ipfs). */
    public String version() throws IOException {
        Query query = new Query();
        return text(object("version", query, timeout), "Version", "version", query);
    }

    /**
     * {@code /api/v0/shutdown}: asks the node to stop. A connection the node closes while stopping
     * counts as success.
     *
     * @throws KuboException if the node cannot be reached or refuses
     */
    public void shutdown() throws IOException {
        Query query = new Query();
        try (InputStream body = send("shutdown", query, BodyPublishers.noBody(), null, timeout).body()) {
            body.readAllBytes();
        } catch (KuboException e) {
            throw e;
        } catch (IOException e) {
            // the node went away mid-answer: that is what was asked for
        }
    }

    // ---------------------------------------------------------------- pubsub

    /**
     * {@code /api/v0/pubsub/pub}: publishes {@code data} on {@code topic} (the topic multibase-encoded as
     * {@code u}+base64url, as kubo ≥ 0.11 and js-ipfs expect). js-ipfs answers an error when no peer
     * subscribes to the topic.
     *
     * @throws KuboException if the request fails
     */
    public void pubsubPub(String topic, byte[] data) throws IOException {
        Query query = new Query().add("arg", multibaseTopic(topic));
        Multipart multipart = new Multipart("data", new ByteArrayInputStream(data));
        send("pubsub/pub", query, multipart.publisher(), multipart.contentType(), timeout).body().close();
    }

    /**
     * {@code /api/v0/pubsub/sub}: subscribes to {@code topic}; each message is passed to {@code listener} on a
     * thread of the subscription until it is {@linkplain PubsubSubscription#close() closed}.
     *
     * @throws KuboException if the node refuses the subscription
     */
    public PubsubSubscription pubsubSub(String topic, Consumer<PubsubMessage> listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        Query query = new Query().add("arg", multibaseTopic(topic));
        String path = apiPath("pubsub/sub", query);
        HttpResponse<InputStream> response;
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .POST(BodyPublishers.noBody())
                .build();
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transportFailure(path, e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while subscribing at " + endpoint + path);
        }
        checkStatus(path, response);
        return new PubsubSubscription(topic, response.body(), json, listener);
    }

    private static String multibaseTopic(String topic) {
        return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(topic.getBytes(StandardCharsets.UTF_8));
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "KuboRpcClient[" + endpoint + ", timeout " + timeout + "]";
    }

    // ---------------------------------------------------------------- transport

    private JsonNode object(String command, Query query, Duration timeout) throws IOException {
        return object(command, query, BodyPublishers.noBody(), null, timeout);
    }

    private JsonNode object(String command, Query query, BodyPublisher body, String contentType) throws IOException {
        return object(command, query, body, contentType, timeout);
    }

    private JsonNode object(String command, Query query, BodyPublisher body, String contentType, Duration timeout)
            throws IOException {
        List<JsonNode> lines = ndjson(command, query, body, contentType, timeout);
        if (lines.isEmpty()) {
            // some commands (swarm/connect on js-ipfs, pin/rm) may answer an empty body
            return json.createObjectNode();
        }
        return lines.getLast();
    }

    private List<JsonNode> ndjson(String command, Query query, BodyPublisher body, String contentType)
            throws IOException {
        return ndjson(command, query, body, contentType, timeout);
    }

    /** Sends the request and parses the answer as one JSON value per line; an error object in the stream fails. */
    private List<JsonNode> ndjson(String command, Query query, BodyPublisher body, String contentType, Duration timeout)
            throws IOException {
        String text;
        try (InputStream in = send(command, query, body, contentType, timeout).body()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (KuboException e) {
            throw e;
        } catch (IOException e) {
            throw transportFailure(apiPath(command, query), e, timeout);
        }
        List<JsonNode> values = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode value;
            try {
                value = json.readTree(line);
            } catch (IOException e) {
                throw badResponse(command, query, "not JSON: " + abbreviate(line));
            }
            if ("error".equals(value.path("Type").asText()) && value.has("Message")) {
                String message = value.get("Message").asText();
                throw new KuboException(endpoint, apiPath(command, query), kindOf(message), 200, message,
                        "node reported an error: " + message, null);
            }
            values.add(value);
        }
        return values;
    }

    private HttpResponse<InputStream> send(String command, Query query, BodyPublisher body, String contentType,
            Duration timeout) throws KuboException, InterruptedIOException {
        Duration limit = timeout.compareTo(this.timeout) < 0 ? timeout : this.timeout;
        query.add("timeout", limit.toMillis() + "ms");
        String path = apiPath(command, query);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(limit.plus(GRACE))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transportFailure(path, e, limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + endpoint + path);
        }
        checkStatus(path, response);
        return response;
    }

    private void checkStatus(String path, HttpResponse<InputStream> response) throws KuboException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String bodyText;
        try (InputStream in = response.body()) {
            bodyText = new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            bodyText = "";
        }
        String message = null;
        try {
            JsonNode error = json.readTree(bodyText);
            if (error != null && error.hasNonNull("Message")) {
                message = error.get("Message").asText();
            }
        } catch (IOException e) {
            // not JSON: the body itself is the message
        }
        if (message == null && !bodyText.isEmpty()) {
            message = abbreviate(bodyText);
        }
        String detail = "HTTP " + status + (message == null ? " (no message)" : ": " + message);
        throw new KuboException(endpoint, path, message == null ? KuboException.Kind.NODE_ERROR : kindOf(message),
                status, message, detail, null);
    }

    private KuboException transportFailure(String path, IOException e, Duration limit) {
        if (e instanceof HttpTimeoutException) {
            return new KuboException(endpoint, path, KuboException.Kind.TIMEOUT, 0, null,
                    "no answer within " + seconds(limit.plus(GRACE)) + " (" + e.getClass().getSimpleName() + ")", e);
        }
        boolean connect = false;
        String why = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            connect |= t instanceof ConnectException;
            if (why == null && t.getMessage() != null) {
                why = t.getMessage();
            }
        }
        String what;
        if (connect) {
            what = "cannot connect to the node" + (why == null ? " (nothing listens there, or the host is unreachable)" : ": " + why);
        } else {
            what = "connection failed: " + (why == null ? e.getClass().getSimpleName() : why);
        }
        return new KuboException(endpoint, path, KuboException.Kind.UNREACHABLE, 0, null, what, e);
    }

    private static KuboException.Kind kindOf(String nodeMessage) {
        String lower = nodeMessage.toLowerCase(Locale.ROOT);
        return lower.contains("timed out") || lower.contains("timeout") || lower.contains("deadline exceeded")
                ? KuboException.Kind.TIMEOUT : KuboException.Kind.NODE_ERROR;
    }

    private KuboException badResponse(String command, Query query, String detail) {
        return new KuboException(endpoint, apiPath(command, query), KuboException.Kind.BAD_RESPONSE, 200, null,
                "unexpected answer: " + detail, null);
    }

    private Cid parseCid(String text, String command, Query query) throws KuboException {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw badResponse(command, query, e.getMessage());
        }
    }

    private PinType pinType(String name, Query query) throws KuboException {
        try {
            return PinType.fromRpcName(name);
        } catch (IllegalArgumentException e) {
            throw badResponse("pin/ls", query, e.getMessage());
        }
    }

    private String text(JsonNode node, String field, String command, Query query) throws KuboException {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode()) {
            throw badResponse(command, query, "no \"" + field + "\" in " + abbreviate(node.toString()));
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode value : array) {
            out.add(value.asText());
        }
        return Collections.unmodifiableList(out);
    }

    private static String apiPath(String command, Query query) {
        return API + command + query;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static String codecName(long codec) {
        if (codec == Cid.RAW) {
            return "raw";
        }
        if (codec == Cid.DAG_PB) {
            return "dag-pb";
        }
        if (codec == 0x71) {
            return "dag-cbor";
        }
        if (codec == 0x0129) {
            return "dag-json";
        }
        throw new IllegalArgumentException("block/put supports codecs raw 0x55, dag-pb 0x70, dag-cbor 0x71 and "
                + "dag-json 0x129, not 0x" + Long.toHexString(codec));
    }

    /** A query string built in order; values are URL-encoded. */
    private static final class Query {
        private final StringBuilder text = new StringBuilder();

        Query add(String name, Object value) {
            text.append(text.isEmpty() ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /**
     * A {@code multipart/form-data} body with one file part, streamed from an input stream (RFC 7578). The
     * file name is percent-encoded, as kubo's own Go client sends it.
     */
    private static final class Multipart {
        private final String boundary = "defl-" + UUID.randomUUID();
        private final String fileName;
        private final InputStream content;
        private final AtomicBoolean used = new AtomicBoolean();

        Multipart(String fileName, InputStream content) {
            this.fileName = fileName;
            this.content = content;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        BodyPublisher publisher() {
            return BodyPublishers.ofInputStream(() -> {
                if (used.getAndSet(true)) {
                    return new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("a streamed upload cannot be sent twice");
                        }
                    };
                }
                byte[] head = ("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\""
                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
                return new SequenceInputStream(Collections.enumeration(List.of(
                        new ByteArrayInputStream(head), new NonClosing(content), new ByteArrayInputStream(tail))));
            });
        }
    }

    /** Leaves the caller's stream open when the HTTP client closes the body. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }

    /**
     * Counts the bytes read from the caller's stream and remembers a failure reading it, so that it is
     * rethrown as itself rather than as a transport error.
     */
    private static final class ReadFailureTrap extends FilterInputStream {
        private final LongConsumer progress;
        private long bytesRead;
        private volatile IOException failure;

        ReadFailureTrap(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    progress.accept(++bytesRead);
                }
                return b;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead += n;
                    progress.accept(bytesRead);
                }
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        void rethrowReadFailure() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
