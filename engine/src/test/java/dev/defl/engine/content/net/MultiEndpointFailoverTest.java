package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.UnixFsExporter;
import dev.defl.engine.content.gateway.TrustlessGatewayClient;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import dev.defl.engine.content.gateway.TrustlessGatewayServer.Mode;
import dev.defl.engine.content.kubo.KuboRpcClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover, back-off and health of {@link MultiEndpointBlockStore} with endpoints that need no IPFS node:
 * a dead URL (nothing listens on 127.0.0.1:1, so every attempt is refused at once) and
 * {@link TrustlessGatewayServer}s over real embedded stores, honest or tampering. Time is a {@link FakeTime}:
 * back-offs are computed and recorded, never slept.
 */
class MultiEndpointFailoverTest {
    private static final URI DEAD = URI.create("http://127.0.0.1:1");
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 4, Duration.ofMillis(100),
            Duration.ofMillis(300));

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final FakeTime time = new FakeTime();
    private EmbeddedContentStore origin;
    private byte[] content;
    private Cid root;

    @BeforeEach
    void addAFile() throws IOException {
        origin = new EmbeddedContentStore(dir.resolve("origin"));
        content = new byte[2 * 262_144 + 10];
        new Random(5).nextBytes(content);
        root = origin.add(content);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.add(resource);
        return resource;
    }

    private BlockSource dead() {
        return new KuboBlockSource(closing(new KuboRpcClient(DEAD, Duration.ofSeconds(2))));
    }

    private TrustlessGatewayServer gateway(EmbeddedContentStore store, Mode mode) throws IOException {
        return closing(TrustlessGatewayServer.start(store, mode));
    }

    private BlockSource source(TrustlessGatewayServer server) {
        return new GatewayBlockSource(closing(new TrustlessGatewayClient(server.url(), Duration.ofSeconds(5))));
    }

    private MultiEndpointBlockStore store(List<BlockSource> sources, long seed) {
        return new MultiEndpointBlockStore(sources, POLICY, new Random(seed), time, time);
    }

    @Test
    void deadEndpointIsRetriedWithJitteredExponentialBackOffThenReportedWithItsError() {
        MultiEndpointBlockStore store = store(List.of(dead()), 42);

        assertThatThrownBy(() -> store.get(root))
                .isInstanceOfSatisfying(EndpointsFailedException.class, e -> {
                    assertThat(e.cid()).isEqualTo(root);
                    assertThat(e.failures()).singleElement().satisfies(f -> {
                        assertThat(f.url()).isEqualTo(DEAD);
                        assertThat(f.kind()).isEqualTo(EndpointKind.KUBO_RPC);
                        assertThat(f.lastError()).contains("cannot connect");
                    });
                })
                .hasMessageContaining(root.toString())
                .hasMessageContaining("http://127.0.0.1:1");

        Random expected = new Random(42);
        List<Duration> backOffs = List.of(POLICY.backOff(1, expected), POLICY.backOff(2, expected),
                POLICY.backOff(3, expected));
        assertThat(time.sleeps()).isEqualTo(backOffs);
        assertThat(time.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(time.sleeps().get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(time.sleeps().get(2)).isLessThanOrEqualTo(Duration.ofMillis(300));
        EndpointHealth health = store.health().getFirst();
        assertThat(health.healthy()).isFalse();
        assertThat(health.failures()).isEqualTo(4);
        assertThat(health.successes()).isZero();
        assertThat(health.lastError()).contains("cannot connect", "http://127.0.0.1:1/api/v0/block/get");
        assertThat(health.nextRetryAt()).isEqualTo(time.instant().plus(POLICY.backOff(4, expected)));
    }

    @Test
    void failsOverFromADeadEndpointAndSkipsItWhileItIsInBackOff() throws IOException {
        TrustlessGatewayServer honest = gateway(origin, Mode.HONEST);
        MultiEndpointBlockStore store = store(List.of(dead(), source(honest)), 7);

        assertThat(store.get(root)).isEqualTo(origin.blockStore().get(root));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        new UnixFsExporter(store).cat(root, read);

        assertThat(read.toByteArray()).isEqualTo(content);
        assertThat(time.sleeps()).isEmpty();
        List<EndpointHealth> health = store.health();
        assertThat(health.get(0)).satisfies(dead -> {
            assertThat(dead.url()).isEqualTo(DEAD);
            assertThat(dead.healthy()).isFalse();
            assertThat(dead.failures()).as("tried once, then skipped while in back-off").isEqualTo(1);
            assertThat(dead.lastError()).contains("cannot connect");
            assertThat(dead.inBackOff(time.instant())).isTrue();
        });
        assertThat(health.get(1)).satisfies(gateway -> {
            assertThat(gateway.url()).isEqualTo(honest.url());
            assertThat(gateway.kind()).isEqualTo(EndpointKind.TRUSTLESS_GATEWAY);
            assertThat(gateway.healthy()).isTrue();
            assertThat(gateway.successes()).isEqualTo(1 + 4); // the root twice, three leaves
            assertThat(gateway.failures()).isZero();
            assertThat(gateway.lastLatencyMillis()).isNotNegative();
            assertThat(gateway.lastError()).isNull();
            assertThat(gateway.nextRetryAt()).isNull();
        });

        time.advance(POLICY.maxDelay());
        store.get(root);
        assertThat(store.health().getFirst().failures()).as("tried again once its back-off is over").isEqualTo(2);
    }

    @Test
    void endpointThatSendsAWrongBlockIsNotRetriedAndIsMarkedUnhealthy() throws IOException {
        TrustlessGatewayServer liar = gateway(origin, Mode.TAMPERED);
        TrustlessGatewayServer honest = gateway(origin, Mode.HONEST);
        MultiEndpointBlockStore store = store(List.of(source(liar), source(honest)), 1);

        assertThat(store.get(root)).isEqualTo(origin.blockStore().get(root));

        assertThat(liar.requestCount()).isEqualTo(1);
        EndpointHealth bad = store.health().getFirst();
        assertThat(bad.healthy()).isFalse();
        assertThat(bad.failures()).isEqualTo(1);
        assertThat(bad.lastError()).contains(root.toString(), liar.url().toString(), "does not hash");
        assertThat(bad.nextRetryAt()).isEqualTo(time.instant().plus(POLICY.maxDelay()));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void onlyALyingEndpointGivesAnErrorNamingTheVerificationFailureAfterOneAttempt() throws IOException {
        TrustlessGatewayServer liar = gateway(origin, Mode.TAMPERED);
        MultiEndpointBlockStore store = store(List.of(source(liar)), 1);

        assertThatThrownBy(() -> store.get(root))
                .isInstanceOf(EndpointsFailedException.class)
                .hasMessageContaining("does not hash to CID " + root)
                .hasMessageContaining(liar.url().toString());
        assertThat(liar.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void notFoundOnlyWhenEveryEndpointSaysNotFound() throws IOException {
        EmbeddedContentStore empty = new EmbeddedContentStore(dir.resolve("empty"));
        TrustlessGatewayServer a = gateway(empty, Mode.HONEST);
        TrustlessGatewayServer b = gateway(empty, Mode.HONEST);
        MultiEndpointBlockStore bothLack = store(List.of(source(a), source(b)), 3);

        assertThatThrownBy(() -> bothLack.get(root))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(root.toString())
                .hasMessageContaining(a.url().toString())
                .hasMessageContaining(b.url().toString());
        assertThat(bothLack.has(root)).isFalse();
        assertThat(bothLack.health()).allSatisfy(h -> assertThat(h.healthy()).isTrue());

        MultiEndpointBlockStore oneDead = store(List.of(source(a), dead()), 3);
        assertThatThrownBy(() -> oneDead.get(root))
                .isInstanceOfSatisfying(EndpointsFailedException.class, e -> assertThat(e.failures())
                        .extracting(EndpointFailure::lastError)
                        .satisfiesExactly(
                                first -> assertThat(first).contains("no block for CID " + root, "HTTP 404"),
                                second -> assertThat(second).contains("cannot connect")));
    }

    @Test
    void listenersHearEveryHealthChangeInOrder() throws IOException {
        TrustlessGatewayServer honest = gateway(origin, Mode.HONEST);
        MultiEndpointBlockStore store = store(List.of(dead(), source(honest)), 9);
        List<EndpointHealth> heard = new CopyOnWriteArrayList<>();
        EndpointHealthListener listener = heard::add;
        store.addHealthListener(listener);

        store.get(root);
        store.removeHealthListener(listener);
        store.get(root);

        assertThat(heard).extracting(EndpointHealth::url, EndpointHealth::healthy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DEAD, false),
                        org.assertj.core.groups.Tuple.tuple(honest.url(), true));
    }

    @Test
    void gatewaysOnlyCannotStoreAndNothingIsSentForABlockThatDoesNotMatchItsCid() throws IOException {
        TrustlessGatewayServer honest = gateway(origin, Mode.HONEST);
        MultiEndpointBlockStore store = store(List.of(source(honest)), 9);
        byte[] block = "a block".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> store.put(Cid.of(1, Cid.RAW, block), block))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(honest.url().toString());
        assertThatThrownBy(() -> store.put(root, block))
                .isInstanceOf(dev.defl.engine.content.BlockVerificationException.class)
                .hasMessageContaining(root.toString());
        assertThat(honest.requestCount()).isZero();
    }
}
