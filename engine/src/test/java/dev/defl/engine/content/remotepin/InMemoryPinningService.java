package dev.defl.engine.content.remotepin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a remote pinning service (Pinata, Filebase, web3.storage): an in-memory implementation of
 * the <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning Service API</a> v1.0.0 over
 * real HTTP ({@code com.sun.net.httpserver}, 127.0.0.1, a free port, base path {@value #BASE_PATH}).
 *
 * <p>It exists because no real pinning service can be used by the tests: the test machines have no network,
 * and no implementation of the API is installable here (kubo's pinning service support is client-only). It
 * follows the spec where the client can tell: {@code Authorization: Bearer} checked on every request (401
 * {@code UNAUTHORIZED} otherwise), {@code POST /pins} and {@code POST /pins/{requestid}} answered 202 with a
 * {@code PinStatus} (unique UUID request ids, strictly increasing {@code created}), {@code DELETE} answered
 * 202 with no body, 404 {@code NOT_FOUND} for an unknown request id, 400 {@code BAD_REQUEST} for a malformed
 * CID or filter, and {@code GET /pins} with the {@code cid}, {@code name}/{@code match}, {@code status}
 * (default: pinned only), {@code before}, {@code after}, {@code limit} (default 10, 1..1000) and {@code meta}
 * filters, newest first, with {@code count} the number of all matches. Lists in {@code cid} and
 * {@code status} are read both comma-separated (v1.0.0) and repeated (earlier drafts).
 *
 * <p>Pin requests move {@code queued → pinning → pinned} as they are polled: each {@code GET /pins/{id}}
 * counts one poll, and every {@code pollsPerStep} polls move a request one state on. CIDs marked with
 * {@link #failPinsOf} end {@code failed} instead, and CIDs marked with {@link #stallPinsOf} stay
 * {@code queued}. Test hooks inject one error answer ({@link #answerNextWith}), make a careless service
 * that echoes the {@code Authorization} header in its errors ({@link #echoAuthorizationInErrors}) and hold
 * the next answer until the service is closed ({@link #holdNextAnswer}).
 *
 * <p>Public, and shipped in the engine's test-jar, so the app and ui tests use the same stand-in.
 */
public final class InMemoryPinningService implements AutoCloseable {
    public static final String BASE_PATH = "/psa";
    static final String DELEGATE = "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWStandInPinningServiceDelegate";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String token;
    private final int pollsPerStep;
    private final CountDownLatch closed = new CountDownLatch(1);

    // guarded by this
    private final Map<String, StoredRequest> requests = new LinkedHashMap<>();
    private final Set<String> failingCids = new HashSet<>();
    private final Set<String> stalledCids = new HashSet<>();
    private final List<String> requestLines = new ArrayList<>();
    private Instant lastCreated = Instant.parse("2026-01-01T00:00:00Z");
    private final Deque<CannedAnswer> cannedAnswers = new ArrayDeque<>();
    private boolean echoAuthorization;
    private boolean holdNext;

    private record CannedAnswer(int status, String body) {
    }

    private static final class StoredRequest {
        final String requestId;
        final Instant created;
        final ObjectNode pin;
        PinState state = PinState.QUEUED;
        int polls;

        StoredRequest(String requestId, Instant created, ObjectNode pin) {
            this.requestId = requestId;
            this.created = created;
            this.pin = pin;
        }
    }

    /** Thrown inside a handler to answer with the spec's Failure object. */
    private static final class Failure extends Exception {
        final int status;
        final String reason;

        Failure(int status, String reason, String details) {
            super(details);
            this.status = status;
            this.reason = reason;
        }
    }

    /**
     * Starts a service on 127.0.0.1 at a free port.
     *
     * @param token        the one access token it accepts
     * @param pollsPerStep polls of {@code GET /pins/{id}} that move a request one state on (at least 1)
     */
    public InMemoryPinningService(String token, int pollsPerStep) throws IOException {
        this.token = token;
        this.pollsPerStep = pollsPerStep;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(BASE_PATH + "/pins", this::handle);
        server.start();
    }

    /** The base URL a client is given, e.g. {@code http://127.0.0.1:41234/psa}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    /** Pin requests of {@code cid} will end {@code failed}. */
    public synchronized void failPinsOf(Cid cid) {
        failingCids.add(cid.toString());
    }

    /** Pin requests of {@code cid} will stay {@code queued}. */
    public synchronized void stallPinsOf(Cid cid) {
        stalledCids.add(cid.toString());
    }

    /**
     * The next request that passes the token check is answered {@code status} with this raw body instead of
     * by the service (repeat to queue several answers).
     */
    synchronized void answerNextWith(int status, String body) {
        cannedAnswers.add(new CannedAnswer(status, body));
    }

    /** From now on, error details quote the request's {@code Authorization} header, as a careless service might. */
    synchronized void echoAuthorizationInErrors() {
        echoAuthorization = true;
    }

    /** The next request gets no answer until {@link #close()}. */
    synchronized void holdNextAnswer() {
        holdNext = true;
    }

    /** Method, path and query of every request received, in order. */
    public synchronized List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** How many pin requests the service holds, in any state. */
    public synchronized int size() {
        return requests.size();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean hold;
            synchronized (this) {
                requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        .substring(BASE_PATH.length())
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
                hold = holdNext;
                holdNext = false;
            }
            if (hold) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            try {
                if (!("Bearer " + token).equals(auth)) {
                    throw new Failure(401, "UNAUTHORIZED", "Access token is missing or invalid");
                }
                CannedAnswer canned;
                synchronized (this) {
                    canned = cannedAnswers.poll();
                }
                if (canned != null) {
                    send(exchange, canned.status(), canned.body().getBytes(StandardCharsets.UTF_8));
                    return;
                }
                route(exchange);
            } catch (Failure f) {
                String details = f.getMessage();
                synchronized (this) {
                    if (echoAuthorization) {
                        details = details + " (received Authorization: " + auth + ")";
                    }
                }
                ObjectNode body = mapper.createObjectNode();
                ObjectNode error = body.putObject("error");
                error.put("reason", f.reason);
                error.put("details", details);
                send(exchange, f.status, mapper.writeValueAsBytes(body));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, Failure {
        String method = exchange.getRequestMethod();
        String rest = exchange.getRequestURI().getRawPath().substring((BASE_PATH + "/pins").length());
        if (rest.isEmpty() || rest.equals("/")) {
            switch (method) {
                case "GET" -> sendJson(exchange, 200, list(exchange.getRequestURI().getRawQuery()));
                case "POST" -> sendJson(exchange, 202, add(readPin(exchange.getRequestBody())));
                default -> throw new Failure(405, "METHOD_NOT_ALLOWED", method + " /pins");
            }
            return;
        }
        String requestId = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        switch (method) {
            case "GET" -> sendJson(exchange, 200, poll(requestId));
            case "POST" -> sendJson(exchange, 202, replace(requestId, readPin(exchange.getRequestBody())));
            case "DELETE" -> {
                remove(requestId);
                exchange.sendResponseHeaders(202, -1);
            }
            default -> throw new Failure(405, "METHOD_NOT_ALLOWED", method + " /pins/" + requestId);
        }
    }

    private ObjectNode readPin(InputStream in) throws IOException, Failure {
        JsonNode node;
        try {
            node = mapper.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new Failure(400, "BAD_REQUEST", "body is not JSON");
        }
        if (node == null || !node.isObject() || !node.path("cid").isTextual()) {
            throw new Failure(400, "BAD_REQUEST", "body must be a Pin object with a string cid");
        }
        String cid = node.get("cid").textValue();
        try {
            Cid.parse(cid);
        } catch (MalformedCidException e) {
            throw new Failure(400, "BAD_REQUEST", "invalid CID \"" + cid + "\"");
        }
        ObjectNode pin = mapper.createObjectNode();
        pin.put("cid", cid);
        if (node.has("name")) {
            if (!node.get("name").isTextual() || node.get("name").textValue().length() > 255) {
                throw new Failure(400, "BAD_REQUEST", "name must be a string of at most 255 characters");
            }
            pin.put("name", node.get("name").textValue());
        }
        if (node.has("origins")) {
            JsonNode origins = node.get("origins");
            if (!origins.isArray() || origins.size() > 20) {
                throw new Failure(400, "BAD_REQUEST", "origins must be an array of at most 20 multiaddrs");
            }
            pin.set("origins", origins);
        }
        if (node.has("meta")) {
            JsonNode meta = node.get("meta");
            if (!meta.isObject() || meta.properties().stream().anyMatch(e -> !e.getValue().isTextual())) {
                throw new Failure(400, "BAD_REQUEST", "meta must be an object of strings");
            }
            pin.set("meta", meta);
        }
        return pin;
    }

    private synchronized ObjectNode add(ObjectNode pin) {
        lastCreated = lastCreated.plusMillis(1); // created is unique per request, as pagination needs
        String requestId = java.util.UUID.randomUUID().toString();
        StoredRequest request = new StoredRequest(requestId, lastCreated, pin);
        requests.put(requestId, request);
        return toJson(request);
    }

    private synchronized ObjectNode poll(String requestId) throws Failure {
        StoredRequest request = find(requestId);
        String cid = request.pin.get("cid").textValue();
        request.polls++;
        if (!stalledCids.contains(cid) && !request.state.isSettled()) {
            int steps = request.polls / pollsPerStep;
            if (steps >= 2) {
                request.state = failingCids.contains(cid) ? PinState.FAILED : PinState.PINNED;
            } else if (steps == 1) {
                request.state = PinState.PINNING;
            }
        }
        return toJson(request);
    }

    private synchronized ObjectNode replace(String requestId, ObjectNode pin) throws Failure {
        find(requestId);
        requests.remove(requestId);
        return add(pin);
    }

    private synchronized void remove(String requestId) throws Failure {
        find(requestId);
        requests.remove(requestId);
    }

    private StoredRequest find(String requestId) throws Failure {
        StoredRequest request = requests.get(requestId);
        if (request == null) {
            throw new Failure(404, "NOT_FOUND", "no pin request with requestid " + requestId);
        }
        return request;
    }

    private synchronized ObjectNode list(String rawQuery) throws Failure {
        Map<String, List<String>> params = parseQuery(rawQuery);
        Set<String> cids = new LinkedHashSet<>(listParam(params, "cid"));
        for (String cid : cids) {
            try {
                Cid.parse(cid);
            } catch (MalformedCidException e) {
                throw new Failure(400, "BAD_REQUEST", "invalid CID \"" + cid + "\" in cid filter");
            }
        }
        if (cids.size() > 10) {
            throw new Failure(400, "BAD_REQUEST", "at most 10 CIDs in the cid filter");
        }
        Set<PinState> statuses = new HashSet<>();
        for (String s : listParam(params, "status")) {
            try {
                statuses.add(PinState.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Failure(400, "BAD_REQUEST", "invalid status \"" + s + "\"");
            }
        }
        if (statuses.isEmpty()) {
            statuses.add(PinState.PINNED);
        }
        String name = single(params, "name");
        String matchText = single(params, "match");
        TextMatchingStrategy match;
        try {
            match = matchText == null ? TextMatchingStrategy.EXACT : TextMatchingStrategy.valueOf(matchText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Failure(400, "BAD_REQUEST", "invalid match \"" + matchText + "\"");
        }
        Instant before = time(params, "before");
        Instant after = time(params, "after");
        int limit = 10;
        String limitText = single(params, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw new Failure(400, "BAD_REQUEST", "limit must be 1..1000, got \"" + limitText + "\"");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        String metaText = single(params, "meta");
        if (metaText != null) {
            try {
                JsonNode node = mapper.readTree(metaText);
                node.properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
            } catch (IOException | RuntimeException e) {
                throw new Failure(400, "BAD_REQUEST", "meta must be a JSON object of strings");
            }
        }
        List<StoredRequest> matches = requests.values().stream()
                .filter(r -> cids.isEmpty() || cids.contains(r.pin.get("cid").textValue()))
                .filter(r -> statuses.contains(r.state))
                .filter(r -> name == null || match.matches(name, r.pin.path("name").textValue()))
                .filter(r -> before == null || r.created.isBefore(before))
                .filter(r -> after == null || r.created.isAfter(after))
                .filter(r -> meta.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(r.pin.path("meta").path(e.getKey()).textValue())))
                .sorted(Comparator.comparing((StoredRequest r) -> r.created).reversed())
                .toList();
        ObjectNode body = mapper.createObjectNode();
        body.put("count", matches.size());
        ArrayNode results = body.putArray("results");
        matches.stream().limit(limit).forEach(r -> results.add(toJson(r)));
        return body;
    }

    private ObjectNode toJson(StoredRequest request) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestid", request.requestId);
        node.put("status", request.state.name().toLowerCase(Locale.ROOT));
        node.put("created", DateTimeFormatter.ISO_INSTANT.format(request.created));
        node.set("pin", request.pin.deepCopy());
        node.putArray("delegates").add(DELEGATE);
        ObjectNode info = node.putObject("info");
        info.put("status_details", switch (request.state) {
            case QUEUED -> "queue position: 1 of 1";
            case PINNING -> "fetching blocks";
            case PINNED -> "pinned on 1 node";
            case FAILED -> "could not find the DAG on the network";
        });
        return node;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** A list parameter, comma-separated (v1.0.0, explode: false) or repeated (earlier drafts). */
    private static List<String> listParam(Map<String, List<String>> params, String key) {
        List<String> values = new ArrayList<>();
        for (String value : params.getOrDefault(key, List.of())) {
            values.addAll(List.of(value.split(",")));
        }
        return values;
    }

    private static String single(Map<String, List<String>> params, String key) throws Failure {
        List<String> values = params.getOrDefault(key, List.of());
        if (values.size() > 1) {
            throw new Failure(400, "BAD_REQUEST", key + " given " + values.size() + " times");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    private static Instant time(Map<String, List<String>> params, String key) throws Failure {
        String text = single(params, key);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Failure(400, "BAD_REQUEST", key + " \"" + text + "\" is not an RFC 3339 timestamp");
        }
    }

    private void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, mapper.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
