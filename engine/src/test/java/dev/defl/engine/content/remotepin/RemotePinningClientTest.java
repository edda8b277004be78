package dev.defl.engine.content.remotepin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.defl.engine.content.Cid;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RemotePinningClient} over real HTTP against {@link InMemoryPinningService}, the spec's stand-in. */
class RemotePinningClientTest {
    private static final String TOKEN = "psa-secret-token-7f3a9c2e51";
    private static final Duration POLL = Duration.ofMillis(1);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private InMemoryPinningService service;
    private RemotePinningClient client;

    @BeforeEach
    void start() throws IOException {
        service = new InMemoryPinningService(TOKEN, 2);
        client = new RemotePinningClient(service.endpoint(), TOKEN, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        client.close();
        service.close();
    }

    private static Cid cid(String content) {
        return Cid.of(1, Cid.RAW, content.getBytes(StandardCharsets.UTF_8));
    }

    private PinStatus pinned(Cid cid, String name, Map<String, String> meta) throws IOException {
        PinStatus added = client.add(cid, name, List.of(), meta);
        return client.waitUntilSettled(added.requestId(), POLL, PATIENCE, s -> { });
    }

    @Test
    void addReturnsAQueuedRequestEchoingThePin() throws IOException {
        Cid cid = cid("model round 3");
        List<String> origins = List.of("/ip4/10.0.0.7/tcp/4001/p2p/12D3KooWOrigin");

        PinStatus status = client.add(cid, "round-3.bin", origins, Map.of("app_id", "defl"));

        assertThat(status.requestId()).isNotBlank();
        assertThat(status.status()).isEqualTo(PinState.QUEUED);
        assertThat(status.pin()).isEqualTo(new Pin(cid.toString(), "round-3.bin", origins, Map.of("app_id", "defl")));
        assertThat(status.pin().toCid()).isEqualTo(cid);
        assertThat(status.delegates()).containsExactly(InMemoryPinningService.DELEGATE);
        assertThat(status.statusDetails()).contains("queue position: 1 of 1");
        assertThat(service.requestLines()).containsExactly("POST /pins");
    }

    @Test
    void eachAddIsANewRequestWithALaterCreatedTime() throws IOException {
        Cid cid = cid("same content");
        PinStatus first = client.add(cid, null, null, null);
        PinStatus second = client.add(cid, null, null, null);

        assertThat(second.requestId()).isNotEqualTo(first.requestId());
        assertThat(second.created()).isAfter(first.created());
        assertThat(first.pin().name()).isNull();
        assertThat(first.pin().origins()).isEmpty();
        assertThat(first.pin().meta()).isEmpty();
    }

    @Test
    void getReturnsTheRequestById() throws IOException {
        PinStatus added = client.add(cid("weights"), "weights", List.of(), Map.of());

        PinStatus got = client.get(added.requestId());

        assertThat(got.requestId()).isEqualTo(added.requestId());
        assertThat(got.created()).isEqualTo(added.created());
        assertThat(got.pin()).isEqualTo(added.pin());
        assertThat(service.requestLines()).last().isEqualTo("GET /pins/" + added.requestId());
    }

    @Test
    void waitUntilSettledPollsFromQueuedThroughPinningToPinned() throws IOException {
        PinStatus added = client.add(cid("dataset shard 1"), "shard-1", List.of(), Map.of());
        List<PinState> seen = new ArrayList<>();

        PinStatus settled = client.waitUntilSettled(added.requestId(), POLL, PATIENCE, s -> seen.add(s.status()));

        assertThat(settled.status()).isEqualTo(PinState.PINNED);
        assertThat(settled.requestId()).isEqualTo(added.requestId());
        assertThat(seen).containsExactly(PinState.QUEUED, PinState.PINNING, PinState.PINNING, PinState.PINNED);
    }

    @Test
    void waitUntilSettledReturnsAFailedRequestWithTheServiceDetails() throws IOException {
        Cid missing = cid("nobody has this DAG");
        service.failPinsOf(missing);
        PinStatus added = client.add(missing, null, List.of(), Map.of());
        List<PinState> seen = new ArrayList<>();

        PinStatus settled = client.waitUntilSettled(added.requestId(), POLL, PATIENCE, s -> seen.add(s.status()));

        assertThat(settled.status()).isEqualTo(PinState.FAILED);
        assertThat(settled.statusDetails()).contains("could not find the DAG on the network");
        assertThat(seen).endsWith(PinState.FAILED).contains(PinState.PINNING);
    }

    @Test
    void waitUntilSettledTimesOutNamingTheRequestAndItsLastStatus() throws IOException {
        Cid stuck = cid("stuck in the queue");
        service.stallPinsOf(stuck);
        PinStatus added = client.add(stuck, null, List.of(), Map.of());
        List<PinStatus> seen = new ArrayList<>();

        RemotePinTimeoutException e = catchThrowableOfType(RemotePinTimeoutException.class,
                () -> client.waitUntilSettled(added.requestId(), Duration.ofMillis(5), Duration.ofMillis(50), seen::add));

        assertThat(e.requestId()).isEqualTo(added.requestId());
        assertThat(e.lastStatus().status()).isEqualTo(PinState.QUEUED);
        assertThat(e.kind()).isEqualTo(RemotePinningException.Kind.NOT_SETTLED);
        assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(e.getMessage())
                .contains(added.requestId(), stuck.toString(), "not settled after", "last status queued",
                        "queue position: 1 of 1", service.endpoint().toString());
        assertThat(seen).isNotEmpty().last().isEqualTo(e.lastStatus());
    }

    @Test
    void listWithoutFiltersReturnsPinnedRequestsOnlyNewestFirst() throws IOException {
        PinStatus older = pinned(cid("a"), "a", Map.of());
        PinStatus newer = pinned(cid("b"), "b", Map.of());
        client.add(cid("still queued"), null, List.of(), Map.of());

        PinResults results = client.list(PinQuery.all());

        assertThat(results.count()).isEqualTo(2);
        assertThat(results.results()).extracting(PinStatus::requestId)
                .containsExactly(newer.requestId(), older.requestId());
        assertThat(results.hasMore()).isFalse();
        assertThat(service.requestLines()).last().isEqualTo("GET /pins");
    }

    @Test
    void listFiltersByStatusCidNameAndMeta() throws IOException {
        PinStatus alpha = pinned(cid("alpha"), "Round-1 Model", Map.of("app_id", "defl", "round", "1"));
        PinStatus beta = pinned(cid("beta"), "round-2 model", Map.of("app_id", "defl", "round", "2"));
        PinStatus other = pinned(cid("gamma"), "holiday.jpg", Map.of("app_id", "photos"));
        PinStatus queued = client.add(cid("delta"), "round-3 model", List.of(), Map.of("app_id", "defl"));

        assertThat(ids(client.list(PinQuery.builder().status(PinState.QUEUED, PinState.PINNING).build())))
                .containsExactly(queued.requestId());
        assertThat(ids(client.list(PinQuery.builder().cid(cid("alpha"), cid("gamma")).build())))
                .containsExactly(other.requestId(), alpha.requestId());
        assertThat(ids(client.list(PinQuery.builder().name("round-2 model").build())))
                .containsExactly(beta.requestId());
        assertThat(ids(client.list(PinQuery.builder().name("ROUND").match(TextMatchingStrategy.IPARTIAL)
                .status(PinState.PINNED, PinState.QUEUED).build())))
                .containsExactly(queued.requestId(), beta.requestId(), alpha.requestId());
        assertThat(ids(client.list(PinQuery.builder().name("round").match(TextMatchingStrategy.PARTIAL).build())))
                .containsExactly(beta.requestId());
        assertThat(ids(client.list(PinQuery.builder().meta("app_id", "defl").meta("round", "1").build())))
                .containsExactly(alpha.requestId());
        assertThat(ids(client.list(PinQuery.builder().after(alpha.created()).before(other.created()).build())))
                .containsExactly(beta.requestId());
    }

    @Test
    void listPagesWithLimitAndBefore() throws IOException {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.addFirst(pinned(cid("page item " + i), "item-" + i, Map.of()).requestId());
        }
        PinQuery firstPage = PinQuery.builder().limit(2).build();

        PinResults page1 = client.list(firstPage);
        PinResults page2 = client.list(firstPage.toBuilder().before(page1.results().getLast().created()).build());
        PinResults page3 = client.list(firstPage.toBuilder().before(page2.results().getLast().created()).build());

        assertThat(page1.count()).isEqualTo(5);
        assertThat(page1.hasMore()).isTrue();
        assertThat(page3.hasMore()).isFalse();
        List<String> all = new ArrayList<>(ids(page1));
        all.addAll(ids(page2));
        all.addAll(ids(page3));
        assertThat(all).isEqualTo(newestFirst);
    }

    @Test
    void listAllReadsEveryPageNewestFirst() throws IOException {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.addFirst(pinned(cid("all item " + i), "item-" + i, Map.of()).requestId());
        }
        int before = service.requestLines().size();

        List<PinStatus> all = client.listAll(PinQuery.builder().limit(2).build());

        assertThat(all).extracting(PinStatus::requestId).isEqualTo(newestFirst);
        assertThat(service.requestLines().size() - before).isEqualTo(3);
    }

    @Test
    void listAllStopsAtAServiceThatIgnoresBefore() throws IOException {
        PinStatus b = pinned(cid("loop b"), "b", Map.of());
        String page = "{\"count\":2,\"results\":[{\"requestid\":\"" + b.requestId() + "\",\"status\":\"pinned\","
                + "\"created\":\"" + b.created() + "\",\"pin\":{\"cid\":\"" + b.pin().cid() + "\"},\"delegates\":[]}]}";
        service.answerNextWith(200, page);
        service.answerNextWith(200, page);

        RemotePinningException e = catchThrowableOfType(RemotePinningException.class,
                () -> client.listAll(PinQuery.builder().limit(1).build()));

        assertThat(e.kind()).isEqualTo(RemotePinningException.Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("ignores the before filter", "before=" + b.created());
    }

    @Test
    void listSendsTheV1QueryString() throws IOException {
        Cid a = cid("q1");
        Cid b = cid("q2");
        client.list(PinQuery.builder().cid(a, b).name("model v1").match(TextMatchingStrategy.IEXACT)
                .status(PinState.QUEUED, PinState.PINNED).limit(50).meta("app_id", "defl").build());

        assertThat(service.requestLines()).last().isEqualTo("GET /pins?cid=" + a + "," + b
                + "&name=model%20v1&match=iexact&status=queued,pinned&limit=50&meta=%7B%22app_id%22%3A%22defl%22%7D");
    }

    @Test
    void replaceMakesANewRequestAndRemovesTheOld() throws IOException {
        PinStatus old = pinned(cid("model v1"), "model", Map.of("version", "1"));

        PinStatus replacement = client.replace(old.requestId(), cid("model v2"), "model", List.of(), Map.of("version", "2"));

        assertThat(replacement.requestId()).isNotEqualTo(old.requestId());
        assertThat(replacement.pin().toCid()).isEqualTo(cid("model v2"));
        assertThat(replacement.pin().meta()).containsEntry("version", "2");
        assertThat(client.get(replacement.requestId()).requestId()).isEqualTo(replacement.requestId());
        RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> client.get(old.requestId()));
        assertThat(e.httpStatus()).isEqualTo(404);
    }

    @Test
    void removeDeletesTheRequest() throws IOException {
        PinStatus added = client.add(cid("to be removed"), null, List.of(), Map.of());

        client.remove(added.requestId());

        assertThat(service.size()).isZero();
        assertThat(service.requestLines()).last().isEqualTo("DELETE /pins/" + added.requestId());
    }

    @Test
    void unknownRequestIdIs404NamingTheIdAndTheSpecReason() {
        RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> client.remove("no-such-request"));

        assertThat(e.kind()).isEqualTo(RemotePinningException.Kind.SERVICE_ERROR);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.reason()).contains("NOT_FOUND");
        assertThat(e.details()).contains("no pin request with requestid no-such-request");
        assertThat(e.request()).isEqualTo("DELETE /pins/no-such-request");
        assertThat(e.endpoint()).isEqualTo(service.endpoint());
        assertThat(e.getMessage()).contains(service.endpoint().toString(), "DELETE /pins/no-such-request", "HTTP 404",
                "NOT_FOUND", "no pin request with requestid no-such-request");
    }

    @Test
    void wrongTokenIs401WithTheSpecReason() {
        try (RemotePinningClient intruder = new RemotePinningClient(service.endpoint(), "wrong-token-123", Duration.ofSeconds(5))) {
            RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> intruder.list(PinQuery.all()));

            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.reason()).contains("UNAUTHORIZED");
            assertThat(e.getMessage()).contains(service.endpoint().toString(), "GET /pins", "HTTP 401",
                    "UNAUTHORIZED", "Access token is missing or invalid");
        }
    }

    @Test
    void malformedCidIs400WithTheServiceDetails() {
        Pin bad = new Pin("bafy-not-a-cid", "oops", List.of(), Map.of());

        RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> client.add(bad));

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.reason()).contains("BAD_REQUEST");
        assertThat(e.getMessage()).contains("POST /pins", "HTTP 400", "BAD_REQUEST", "invalid CID \"bafy-not-a-cid\"");
    }

    @Test
    void serverErrorIs500WithTheSpecReasonAndDetails() {
        service.answerNextWith(500,
                "{\"error\":{\"reason\":\"INTERNAL_SERVER_ERROR\",\"details\":\"database unavailable, ticket 4711\"}}");

        RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> client.get("any"));

        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.reason()).contains("INTERNAL_SERVER_ERROR");
        assertThat(e.details()).contains("database unavailable, ticket 4711");
        assertThat(e.getMessage()).contains("HTTP 500", "INTERNAL_SERVER_ERROR", "database unavailable, ticket 4711");
    }

    @Test
    void insufficientFundsIs409WithTheSpecReason() {
        service.answerNextWith(409, "{\"error\":{\"reason\":\"INSUFFICIENT_FUNDS\"}}");

        RemotePinningException e = catchThrowableOfType(RemotePinningException.class,
                () -> client.add(cid("too big"), null, List.of(), Map.of()));

        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.reason()).contains("INSUFFICIENT_FUNDS");
        assertThat(e.details()).isEmpty();
        assertThat(e.getMessage()).contains("HTTP 409", "insufficient funds", "INSUFFICIENT_FUNDS");
    }

    @Test
    void errorWithoutTheSpecObjectQuotesTheBody() {
        service.answerNextWith(502, "<html><body>Bad gateway from the proxy</body></html>");

        RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> client.list(PinQuery.all()));

        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.reason()).isEmpty();
        assertThat(e.getMessage()).contains("HTTP 502", "without the spec's error object", "Bad gateway from the proxy");
    }

    @Test
    void successBodyOutsideTheSpecIsABadResponseNamingTheField() {
        service.answerNextWith(200, "{\"requestid\":\"r1\",\"created\":\"2026-01-01T00:00:00Z\",\"pin\":{\"cid\":\"x\"}}");

        RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> client.get("r1"));

        assertThat(e.kind()).isEqualTo(RemotePinningException.Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("GET /pins/r1", "$.status is missing");
    }

    @Test
    void unansweredRequestTimesOutNamingTheRequest() {
        service.holdNextAnswer();
        try (RemotePinningClient impatient = new RemotePinningClient(service.endpoint(), TOKEN, Duration.ofMillis(200))) {
            RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> impatient.get("slow"));

            assertThat(e.kind()).isEqualTo(RemotePinningException.Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("GET /pins/slow", "no answer within 200 ms");
        }
    }

    @Test
    void closedServiceIsUnreachable() throws IOException {
        URI gone;
        try (InMemoryPinningService shortLived = new InMemoryPinningService(TOKEN, 1)) {
            gone = shortLived.endpoint();
        }
        try (RemotePinningClient lost = new RemotePinningClient(gone, TOKEN, Duration.ofSeconds(5))) {
            RemotePinningException e = catchThrowableOfType(RemotePinningException.class, () -> lost.get("any"));

            assertThat(e.kind()).isEqualTo(RemotePinningException.Kind.UNREACHABLE);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains(gone.toString(), "GET /pins/any");
        }
    }

    @Test
    void tokenNeverAppearsInMessagesDetailsOrToString() throws IOException {
        service.echoAuthorizationInErrors();
        RemotePinningException notFound = catchThrowableOfType(RemotePinningException.class, () -> client.get("missing"));
        service.answerNextWith(500, "{\"error\":{\"reason\":\"X\",\"details\":\"token was " + TOKEN + "\"}}");
        RemotePinningException echoed = catchThrowableOfType(RemotePinningException.class, () -> client.get("any"));
        service.answerNextWith(502, "proxy saw Authorization: Bearer " + TOKEN);
        RemotePinningException proxy = catchThrowableOfType(RemotePinningException.class, () -> client.get("any"));

        assertThat(notFound.getMessage()).contains("received Authorization: Bearer <token>");
        for (RemotePinningException e : List.of(notFound, echoed, proxy)) {
            assertThat(e.getMessage()).doesNotContain(TOKEN);
            assertThat(e.details().orElse("")).doesNotContain(TOKEN);
            assertThat(e.toString()).doesNotContain(TOKEN);
        }
        assertThat(client.toString()).doesNotContain(TOKEN).contains(service.endpoint().toString(), "redacted");
        assertThatThrownBy(() -> new RemotePinningClient(service.endpoint(), "has space " + TOKEN, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(TOKEN).contains("whitespace");
    }

    @Test
    void constructorRejectsEndpointsThatAreNotPlainHttpUrls() {
        assertThatThrownBy(() -> new RemotePinningClient(URI.create("ftp://example.com/psa"), TOKEN, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://example.com/psa");
        assertThatThrownBy(() -> new RemotePinningClient(URI.create("https://user:pw@example.com/psa"), TOKEN,
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info");
        assertThatThrownBy(() -> new RemotePinningClient(service.endpoint(), TOKEN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive");
    }

    @Test
    void trailingSlashOfTheEndpointIsIgnored() throws IOException {
        try (RemotePinningClient slashed = new RemotePinningClient(URI.create(service.endpoint() + "/"), TOKEN,
                Duration.ofSeconds(5))) {
            assertThat(slashed.endpoint()).isEqualTo(service.endpoint());
            assertThat(slashed.list(PinQuery.all()).count()).isZero();
        }
    }

    private static List<String> ids(PinResults results) {
        return results.results().stream().map(PinStatus::requestId).toList();
    }
}
