package dev.defl.engine.content.remotepin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A client of an <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning Service API</a>
 * service (v1.0.0): {@code POST /pins} ({@link #add}), {@code GET /pins} ({@link #list}),
 * {@code GET /pins/{requestid}} ({@link #get}), {@code POST /pins/{requestid}} ({@link #replace}),
 * {@code DELETE /pins/{requestid}} ({@link #remove}), and status polling ({@link #waitUntilSettled}).
 *
 * <p>Every request carries {@code Authorization: Bearer <token>} and has the client's timeout (connect and
 * answer). The token is a secret: it is held only to build that header, never logged, and left out of
 * {@link #toString()} and of every exception message (text the service sends back is scrubbed of it before
 * it is quoted). Failures are {@link RemotePinningException}s naming the endpoint, the request, the HTTP
 * status and the spec's {@code error.reason} and {@code error.details}.
 *
 * <p>List filters follow v1.0.0 of the spec: {@code cid} and {@code status} are comma-separated
 * ({@code style: form, explode: false}), {@code meta} is a JSON object. A client is immutable and may be
 * shared between threads; {@link #close()} releases its HTTP connections.
 */
public final class RemotePinningClient implements AutoCloseable {
    private static final int MAX_QUOTED_CHARS = 300;

    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final PinJson json = new PinJson(mapper);

    /**
     * A client of the service at {@code endpoint}.
     *
     * @param endpoint the service's base URL, under which {@code /pins} lives, e.g.
     *                 {@code https://api.pinata.cloud/psa} (a trailing slash is ignored)
     * @param token    the access token sent as {@code Authorization: Bearer <token>}
     * @param timeout  limit of each HTTP request: connecting, and waiting for the answer
     * @throws IllegalArgumentException if the endpoint is not an absolute http(s) URL without user info, query or
     *                                  fragment, the token is blank or holds whitespace or control characters
     *                                  (the message does not quote it), or the timeout is not positive
     */
    public RemotePinningClient(URI endpoint, String token, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = endpoint.getScheme();
        if (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("pinning service endpoint " + endpoint + " is not an absolute http(s) URL");
        }
        if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("pinning service endpoint must not carry user info, a query or a fragment"
                    + " (pass the access token separately)");
        }
        if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("pinning service access token is blank or holds whitespace or"
                    + " control characters (" + token.length() + " characters)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.endpoint = URI.create(base);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The service's base URL, without a trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    /** The limit of each HTTP request. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Asks the service to pin {@code cid} recursively ({@code POST /pins}).
     *
     * @param cid     the root of the DAG to pin
     * @param name    optional name (at most 255 characters), or null
     * @param origins multiaddrs of nodes that have the data (at most 20), or null/empty
     * @param meta    string metadata stored with the pin, or null/empty
     * @return the new request, usually {@code queued}; poll it with {@link #waitUntilSettled}
     * @throws RemotePinningException   if the service cannot be reached, refuses (e.g. 401, 409 insufficient
     *                                  funds) or answers outside the spec
     * @throws IllegalArgumentException if the arguments break the spec's limits
     */
    public PinStatus add(Cid cid, String name, List<String> origins, Map<String, String> meta)
            throws RemotePinningException {
        return add(Pin.of(cid, name, origins, meta));
    }

    /**
     * Asks the service to pin {@code pin} ({@code POST /pins}); the CID is sent as its text, so CIDs in
     * multibases {@link Cid#parse} does not know may be pinned too.
     *
     * @return the new request
     * @throws RemotePinningException as {@link #add(Cid, String, List, Map)}; a CID the service cannot parse
     *                                comes back as HTTP 400 with the service's reason
     */
    public PinStatus add(Pin pin) throws RemotePinningException {
        Objects.requireNonNull(pin, "pin");
        return readStatus(send("POST", "/pins", "", json.pinToJson(pin)));
    }

    /**
     * The current status of a pin request ({@code GET /pins/{requestid}}).
     *
     * @throws RemotePinningException naming the request id; HTTP 404 ({@code NOT_FOUND}) for an unknown id
     */
    public PinStatus get(String requestId) throws RemotePinningException {
        return readStatus(send("GET", requestPath(requestId), "", null));
    }

    /**
     * Replaces a pin request with a new one ({@code POST /pins/{requestid}}): one step that keeps the blocks
     * both DAGs share from being collected in between. The old request is removed by the service.
     *
     * @param requestId the request to replace
     * @return the new request, with a new request id
     * @throws RemotePinningException as {@link #add(Cid, String, List, Map)}; HTTP 404 for an unknown id
     */
    public PinStatus replace(String requestId, Cid cid, String name, List<String> origins, Map<String, String> meta)
            throws RemotePinningException {
        return replace(requestId, Pin.of(cid, name, origins, meta));
    }

    /**
     * Replaces a pin request with {@code pin} ({@code POST /pins/{requestid}}).
     *
     * @return the new request, with a new request id
     * @throws RemotePinningException as {@link #replace(String, Cid, String, List, Map)}
     */
    public PinStatus replace(String requestId, Pin pin) throws RemotePinningException {
        Objects.requireNonNull(pin, "pin");
        return readStatus(send("POST", requestPath(requestId), "", json.pinToJson(pin)));
    }

    /**
     * Removes a pin request ({@code DELETE /pins/{requestid}}, answered 202 with no body).
     *
     * @throws RemotePinningException naming the request id; HTTP 404 for an unknown id
     */
    public void remove(String requestId) throws RemotePinningException {
        send("DELETE", requestPath(requestId), "", null);
    }

    /**
     * One page of pin requests matching {@code query} ({@code GET /pins}), newest first. For the next page ask
     * again with {@code query.toBuilder().before(lastResult.created())}.
     *
     * @throws RemotePinningException if the service refuses the query (400 names the bad filter) or answers
     *                                outside the spec
     */
    public PinResults list(PinQuery query) throws RemotePinningException {
        Objects.requireNonNull(query, "query");
        String queryString = queryString(query);
        Answer answer = send("GET", "/pins", queryString, null);
        try {
            return json.resultsFromJson(parse(answer));
        } catch (IllegalArgumentException e) {
            throw badResponse(answer, e);
        }
    }

    /**
     * Every pin request matching {@code query}, newest first, read page by page as the spec describes: each
     * next page asks again with {@code before} set to the {@code created} time of the oldest result so far
     * (the spec requires {@code created} to be unique). {@code query.limit()} is the page size (the service's
     * default, 10, when null); {@code query.before()} is where the first page starts.
     *
     * @throws RemotePinningException as {@link #list}, or with kind {@code BAD_RESPONSE} if a page does not move
     *                                past the previous one (a service that ignores {@code before})
     */
    public List<PinStatus> listAll(PinQuery query) throws RemotePinningException {
        Objects.requireNonNull(query, "query");
        List<PinStatus> all = new ArrayList<>();
        PinQuery page = query;
        while (true) {
            PinResults results = list(page);
            all.addAll(results.results());
            if (!results.hasMore() || results.results().isEmpty()) {
                return all;
            }
            Instant oldest = results.results().getLast().created();
            if (page.before() != null && !oldest.isBefore(page.before())) {
                throw new RemotePinningException(endpoint, "GET /pins?" + queryString(page),
                        RemotePinningException.Kind.BAD_RESPONSE, 200, null, null, "the page is not older than before="
                                + PinJson.formatTime(page.before()) + " (oldest result created "
                                + PinJson.formatTime(oldest) + "): the service ignores the before filter", null);
            }
            page = page.toBuilder().before(oldest).build();
        }
    }

    /**
     * Polls {@code GET /pins/{requestid}} every {@code pollInterval} until the request is
     * {@linkplain PinState#isSettled() settled} ({@code pinned} or {@code failed}) and returns that status; a
     * {@code failed} request is returned, not thrown (its {@link PinStatus#statusDetails()} may say why).
     * The first poll is immediate; the wait is bounded by {@code timeout} plus at most one request.
     *
     * @param pollInterval time between polls (positive)
     * @param timeout      how long to keep polling (positive)
     * @param progress     receives every status read, the last one included (e.g. to show
     *                     {@code queued → pinning}); called on the calling thread
     * @return the settled status
     * @throws RemotePinTimeoutException naming the request id and its last status, when {@code timeout} runs
     *                                   out first
     * @throws RemotePinningException    if a poll fails, or with kind {@code INTERRUPTED} if the thread is
     *                                   interrupted (its interrupt flag is set again)
     */
    public PinStatus waitUntilSettled(String requestId, Duration pollInterval, Duration timeout,
            Consumer<PinStatus> progress) throws RemotePinningException {
        Objects.requireNonNull(progress, "progress");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval " + pollInterval + " is not positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            PinStatus status = get(requestId);
            progress.accept(status);
            if (status.status().isSettled()) {
                return status;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new RemotePinTimeoutException(endpoint, status, Duration.ofNanos(System.nanoTime() - start),
                        status.statusDetails().map(this::quote).orElse(null));
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(pollInterval.toNanos(), remaining)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemotePinningException(endpoint, "GET " + requestPath(requestId),
                        RemotePinningException.Kind.INTERRUPTED, 0, null, null,
                        "interrupted while waiting for pin request " + requestId + " (last status "
                                + status.status().wireName() + ")", e);
            }
        }
    }

    /** Releases the HTTP connections; calls afterwards fail. */
    @Override
    public void close() {
        http.close();
    }

    /** Endpoint and timeout; never the token. */
    @Override
    public String toString() {
        return "RemotePinningClient[endpoint=" + endpoint + ", timeout=" + timeout + ", token=(redacted)]";
    }

    /** The v1.0.0 query string of {@code query}, without the leading {@code ?}; empty when it has no filters. */
    static String queryString(PinQuery query) {
        List<String> params = new ArrayList<>();
        if (!query.cids().isEmpty()) {
            params.add("cid=" + query.cids().stream().map(RemotePinningClient::encode).collect(Collectors.joining(",")));
        }
        if (query.name() != null) {
            params.add("name=" + encode(query.name()));
            params.add("match=" + query.match().wireName());
        }
        if (!query.statuses().isEmpty()) {
            params.add("status=" + query.statuses().stream().map(PinState::wireName).collect(Collectors.joining(",")));
        }
        if (query.before() != null) {
            params.add("before=" + encode(PinJson.formatTime(query.before())));
        }
        if (query.after() != null) {
            params.add("after=" + encode(PinJson.formatTime(query.after())));
        }
        if (query.limit() != null) {
            params.add("limit=" + query.limit());
        }
        if (!query.meta().isEmpty()) {
            try {
                params.add("meta=" + encode(new ObjectMapper().writeValueAsString(query.meta())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a string map as JSON", e);
            }
        }
        return String.join("&", params);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String requestPath(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("pin request id is blank");
        }
        return "/pins/" + encode(requestId);
    }

    /** An HTTP answer with a 2xx status. */
    private record Answer(String request, int status, byte[] body) {
    }

    /**
     * Why a connection failed, in words: the first message in the cause chain (the JDK's HTTP client often
     * throws a {@link ConnectException} without one, its cause saying e.g. "Connection refused"), lower-cased
     * as a clause, or a description of the usual causes when no exception in the chain has a message.
     */
    static String connectFailure(ConnectException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))
                        ? Character.toLowerCase(message.charAt(0)) + message.substring(1) : message;
            }
        }
        return "connection refused or host unreachable (nothing listens at that address and port, or no route to it)";
    }

    private Answer send(String method, String path, String queryString, JsonNode body) throws RemotePinningException {
        String target = queryString.isEmpty() ? path : path + "?" + queryString;
        String request = method + " " + target;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + target))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a pin as JSON", e);
            }
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RemotePinningException(endpoint, request, RemotePinningException.Kind.TIMEOUT, 0, null, null,
                    "no answer within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new RemotePinningException(endpoint, request, RemotePinningException.Kind.UNREACHABLE, 0, null, null,
                    "cannot connect: " + connectFailure(e), e);
        } catch (IOException e) {
            throw new RemotePinningException(endpoint, request, RemotePinningException.Kind.UNREACHABLE, 0, null, null,
                    "request failed: " + quote(e.getClass().getSimpleName() + ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemotePinningException(endpoint, request, RemotePinningException.Kind.INTERRUPTED, 0, null, null,
                    "interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw serviceError(request, status, response.body());
        }
        return new Answer(request, status, response.body());
    }

    /** The exception for an error answer: the spec's {@code {"error": {"reason", "details"}}}, or a body excerpt. */
    private RemotePinningException serviceError(String request, int status, byte[] body) {
        String reason = null;
        String details = null;
        try {
            JsonNode error = mapper.readTree(body).path("error");
            if (error.path("reason").isTextual()) {
                reason = quote(error.path("reason").textValue());
            }
            if (error.path("details").isTextual()) {
                details = quote(error.path("details").textValue());
            }
        } catch (IOException | RuntimeException e) {
            // not the spec's Failure object; quoted below as text
        }
        StringBuilder message = new StringBuilder("HTTP ").append(status).append(' ').append(statusName(status));
        if (reason != null) {
            message.append(": ").append(reason);
            if (details != null) {
                message.append(": ").append(details);
            }
        } else {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            message.append(text.isEmpty() ? " (empty body)" : ": body without the spec's error object: " + quote(text));
        }
        return new RemotePinningException(endpoint, request, RemotePinningException.Kind.SERVICE_ERROR, status, reason,
                details, message.toString(), null);
    }

    private static String statusName(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized (access token missing or invalid)";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict (insufficient funds)";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "(server error)" : status >= 400 ? "(client error)" : "(unexpected status)";
        };
    }

    private PinStatus readStatus(Answer answer) throws RemotePinningException {
        try {
            return json.statusFromJson(parse(answer), "$");
        } catch (IllegalArgumentException e) {
            throw badResponse(answer, e);
        }
    }

    private JsonNode parse(Answer answer) throws RemotePinningException {
        try {
            return mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new RemotePinningException(endpoint, answer.request(), RemotePinningException.Kind.BAD_RESPONSE,
                    answer.status(), null, null, "HTTP " + answer.status() + " with a body that is not JSON: "
                            + quote(new String(answer.body(), StandardCharsets.UTF_8)), e);
        }
    }

    private RemotePinningException badResponse(Answer answer, IllegalArgumentException e) {
        return new RemotePinningException(endpoint, answer.request(), RemotePinningException.Kind.BAD_RESPONSE,
                answer.status(), null, null, "HTTP " + answer.status() + " with a body outside the spec: "
                        + quote(e.getMessage()), null);
    }

    /** Service text made safe to quote: the token replaced, control characters flattened, length bounded. */
    private String quote(String text) {
        String safe = text.replace(token, "<token>").replaceAll("\\p{Cntrl}", " ");
        return safe.length() <= MAX_QUOTED_CHARS ? safe : safe.substring(0, MAX_QUOTED_CHARS) + "…";
    }
}
