package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.UnixFsExporter;
import dev.defl.engine.content.gateway.GatewayException;
import dev.defl.engine.content.gateway.TrustlessGatewayClient;
import dev.defl.engine.content.kubo.AddOptions;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.kubo.KuboRpcClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MultiEndpointBlockStore} over real IPFS nodes: two js-ipfs 0.66.1 daemons on 127.0.0.1, not
 * connected to each other, the content only on the second, and in front of them a dead URL
 * ({@code http://127.0.0.1:1}, where nothing listens). The first node lacks the blocks, so it answers "not
 * found" once its lookup times out (the attempt timeout, 1 s). Back-off time is a {@link FakeTime}.
 */
class MultiEndpointBlockStoreTest {
    private static final URI DEAD = URI.create("http://127.0.0.1:1");
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(200),
            Duration.ofSeconds(2));
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static JsIpfsDaemon first;
    private static JsIpfsDaemon second;
    private static KuboRpcClient firstClient;
    private static KuboRpcClient secondClient;
    private static KuboRpcClient deadClient;
    private static byte[] content;
    private static Cid root;

    @BeforeAll
    static void startTwoNodesAndAddAFileToTheSecond() throws Exception {
        first = JsIpfsDaemon.start(dir.resolve("first"));
        second = JsIpfsDaemon.start(dir.resolve("second"));
        firstClient = first.client(CLIENT_TIMEOUT);
        secondClient = second.client(CLIENT_TIMEOUT);
        deadClient = new KuboRpcClient(DEAD, Duration.ofSeconds(2));
        content = new byte[262_144 + 99]; // two raw leaves under a dag-pb root
        new Random(21).nextBytes(content);
        root = secondClient.add(new ByteArrayInputStream(content), "model.bin", AddOptions.CIDV1_RAW_LEAVES);
    }

    @AfterAll
    static void stopNodes() {
        for (AutoCloseable c : new AutoCloseable[] {deadClient, firstClient, secondClient, first, second}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static MultiEndpointBlockStore deadFirstSecond(FakeTime time) {
        return new MultiEndpointBlockStore(List.of(new KuboBlockSource(deadClient), new KuboBlockSource(firstClient),
                new KuboBlockSource(secondClient)), POLICY, new Random(5), time, time);
    }

    @Test
    void failsOverPastADeadUrlAndANodeWithoutTheBlockToTheNodeThatHasIt() throws IOException {
        FakeTime time = new FakeTime();
        MultiEndpointBlockStore store = deadFirstSecond(time);

        ByteArrayOutputStream read = new ByteArrayOutputStream();
        new UnixFsExporter(store).cat(root, read);

        assertThat(read.toByteArray()).isEqualTo(content);
        assertThat(time.sleeps()).isEmpty();
        List<EndpointHealth> health = store.health();
        assertThat(health).extracting(EndpointHealth::url)
                .containsExactly(DEAD, first.apiUrl(), second.apiUrl());
        assertThat(health.get(0)).satisfies(dead -> {
            assertThat(dead.kind()).isEqualTo(EndpointKind.KUBO_RPC);
            assertThat(dead.healthy()).isFalse();
            assertThat(dead.failures()).isEqualTo(1);
            assertThat(dead.lastError()).contains("http://127.0.0.1:1", "cannot connect");
            assertThat(dead.nextRetryAt()).isNotNull();
            assertThat(dead.lastLatencyMillis()).isEqualTo(-1);
        });
        assertThat(health.get(1)).satisfies(lacking -> {
            assertThat(lacking.healthy()).isTrue();
            assertThat(lacking.successes()).isZero();
            assertThat(lacking.failures()).isZero();
            assertThat(lacking.lastLatencyMillis()).isNotNegative();
        });
        assertThat(health.get(2)).satisfies(holding -> {
            assertThat(holding.healthy()).isTrue();
            assertThat(holding.successes()).isEqualTo(3);
            assertThat(holding.failures()).isZero();
        });
    }

    @Test
    void fetchListenersHearEveryAttemptWithItsEndpointOutcomeBytesAndLatency() throws IOException {
        FakeTime time = new FakeTime();
        MultiEndpointBlockStore store = deadFirstSecond(time);
        List<BlockFetch> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.addFetchListener(heard::add);

        new UnixFsExporter(store).cat(root, new ByteArrayOutputStream());

        // the root: the dead URL fails, the first node does not have it, the second delivers it; the two leaves
        // likewise, except that the dead URL is in back-off by then
        assertThat(heard).extracting(BlockFetch::endpoint).startsWith(DEAD, first.apiUrl(), second.apiUrl());
        assertThat(heard.get(0).outcome()).isEqualTo(BlockFetch.Outcome.FAILED);
        assertThat(heard.get(1).outcome()).isEqualTo(BlockFetch.Outcome.NOT_FOUND);
        List<BlockFetch> delivered = heard.stream().filter(f -> f.outcome() == BlockFetch.Outcome.DELIVERED).toList();
        assertThat(delivered).hasSize(3).allSatisfy(f -> {
            assertThat(f.endpoint()).isEqualTo(second.apiUrl());
            assertThat(f.kind()).isEqualTo(EndpointKind.KUBO_RPC);
            assertThat(f.latency()).isPositive();
        });
        assertThat(delivered.stream().mapToLong(BlockFetch::bytes).sum())
                .as("two raw leaves and the dag-pb root").isGreaterThan(content.length);
        assertThat(heard).filteredOn(f -> f.outcome() != BlockFetch.Outcome.DELIVERED).allMatch(f -> f.bytes() == 0);
    }

    @Test
    void aCidNoNodeHasIsNotFoundWhenEveryNodeSaysSoAndAnErrorListingEachEndpointOtherwise() {
        Cid unknown = Cid.of(1, Cid.RAW, "no node has this".getBytes(StandardCharsets.US_ASCII));
        FakeTime time = new FakeTime();
        MultiEndpointBlockStore nodesOnly = new MultiEndpointBlockStore(List.of(new KuboBlockSource(firstClient),
                new KuboBlockSource(secondClient)), POLICY, new Random(5), time, time);

        assertThatThrownBy(() -> nodesOnly.get(unknown))
                .isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(unknown.toString())
                .hasMessageContaining(first.apiUrl().toString())
                .hasMessageContaining(second.apiUrl().toString());

        MultiEndpointBlockStore withDead = new MultiEndpointBlockStore(List.of(new KuboBlockSource(deadClient),
                new KuboBlockSource(firstClient)), POLICY, new Random(5), time, time);
        assertThatThrownBy(() -> withDead.get(unknown))
                .isInstanceOf(EndpointsFailedException.class)
                .hasMessageContaining("could not fetch block " + unknown + " at any of 2 endpoints")
                .hasMessageContaining("http://127.0.0.1:1 (KUBO_RPC): Kubo RPC http://127.0.0.1:1/api/v0/block/get")
                .hasMessageContaining(first.apiUrl() + " (KUBO_RPC): no block for CID " + unknown);
        assertThat(time.sleeps()).as("the dead URL retried after its back-offs").hasSize(2);
        assertThat(withDead.health().getFirst().failures()).isEqualTo(POLICY.maxAttemptsPerEndpoint());
    }

    @Test
    void putGoesToTheFirstWritableEndpointThatTakesIt() throws IOException {
        FakeTime time = new FakeTime();
        MultiEndpointBlockStore store = deadFirstSecond(time);
        byte[] block = "an update of round 3".getBytes(StandardCharsets.US_ASCII);
        Cid cid = Cid.of(1, Cid.RAW, block);

        store.put(cid, block);

        assertThat(firstClient.blockGet(cid)).isEqualTo(block);
        assertThat(store.health().get(0).failures()).isEqualTo(1);
        assertThat(store.health().get(1).successes()).isEqualTo(1);
        assertThat(store.health().get(2).successes()).isZero();
    }

    /**
     * A node that sends a wrong block cannot be made from a real node, so the liar is a tiny HTTP server
     * whose {@code block/get} answers other bytes (as in {@code KuboRpcClientTest}).
     */
    @Test
    void aNodeThatSendsAWrongBlockIsAskedOnceAndTheBlockComesFromTheNextNode() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        HttpServer liar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        liar.createContext("/api/v0/block/get", exchange -> {
            asked.incrementAndGet();
            byte[] tampered = "not the block you asked for".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, tampered.length);
            exchange.getResponseBody().write(tampered);
            exchange.close();
        });
        liar.start();
        URI liarUrl = URI.create("http://127.0.0.1:" + liar.getAddress().getPort());
        FakeTime time = new FakeTime();
        try (KuboRpcClient lying = new KuboRpcClient(liarUrl, Duration.ofSeconds(5))) {
            MultiEndpointBlockStore store = new MultiEndpointBlockStore(List.of(new KuboBlockSource(lying),
                    new KuboBlockSource(secondClient)), POLICY, new Random(5), time, time);

            assertThat(store.get(root)).isEqualTo(secondClient.blockGet(root));

            assertThat(asked).hasValue(1);
            EndpointHealth bad = store.health().getFirst();
            assertThat(bad.healthy()).isFalse();
            assertThat(bad.lastError()).contains(root.toString(), liarUrl + "/api/v0/block/get", "does not hash");
        } finally {
            liar.stop(0);
        }
    }

    /** Why the gateway tests use a fake: the js-ipfs 0.66.1 gateway is not a trustless gateway. */
    @Test
    void theJsIpfsGatewayIsRefusedAsNotTrustless() throws IOException {
        try (TrustlessGatewayClient gateway = new TrustlessGatewayClient(second.gatewayUrl(), Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> gateway.block(root))
                    .isInstanceOfSatisfying(GatewayException.class,
                            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.BAD_RESPONSE))
                    .hasMessageContaining("not application/vnd.ipld.raw");
        }
    }
}
