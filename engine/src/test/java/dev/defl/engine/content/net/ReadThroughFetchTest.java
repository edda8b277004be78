package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import dev.defl.engine.content.gateway.TrustlessGatewayServer.Mode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddedContentStore#cat(Cid, java.io.OutputStream, dev.defl.engine.content.BlockStore, boolean)} over a
 * {@link MultiEndpointBlockStore} of a dead URL and a {@link TrustlessGatewayServer} on a real store, the
 * endpoints parsed by {@link EndpointSpec}, and {@link MultiEndpointBlockStore#probe()}.
 */
class ReadThroughFetchTest {
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 2, Duration.ofMillis(10),
            Duration.ofMillis(50));

    @TempDir
    Path dir;

    private TrustlessGatewayServer gateway;
    private byte[] content;
    private Cid root;

    @BeforeEach
    void serveAFile() throws IOException {
        EmbeddedContentStore origin = new EmbeddedContentStore(dir.resolve("origin"));
        content = new byte[2 * 262_144 + 10];
        new Random(9).nextBytes(content);
        root = origin.add(content);
        gateway = TrustlessGatewayServer.start(origin, Mode.HONEST);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private MultiEndpointBlockStore network() {
        List<BlockSource> sources = EndpointSpec.parseList("http://127.0.0.1:1,gateway:" + gateway.url()).stream()
                .map(spec -> spec.open(Duration.ofSeconds(5))).toList();
        return new MultiEndpointBlockStore(sources, POLICY);
    }

    @Test
    void fetchWithKeepStoresEveryBlockLocallyAfterFailingOverFromTheDeadEndpoint() throws IOException {
        EmbeddedContentStore local = new EmbeddedContentStore(dir.resolve("local"));
        MultiEndpointBlockStore network = network();
        var out = new ByteArrayOutputStream();

        long written = local.cat(root, out, network, true);

        assertThat(written).isEqualTo(content.length);
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(local.blockCount()).isEqualTo(4); // three raw leaves and the root
        var again = new ByteArrayOutputStream();
        local.cat(root, again);
        assertThat(again.toByteArray()).isEqualTo(content);
        assertThat(network.health().get(0).healthy()).isFalse();
        assertThat(network.health().get(1).successes()).isEqualTo(4);
    }

    @Test
    void catWithoutKeepLeavesTheLocalStoreEmpty() throws IOException {
        EmbeddedContentStore local = new EmbeddedContentStore(dir.resolve("local"));
        var out = new ByteArrayOutputStream();

        local.cat(root, out, network(), false);

        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(local.blockCount()).isZero();
    }

    @Test
    void aCidNoEndpointHasIsNotFound() throws IOException {
        EmbeddedContentStore local = new EmbeddedContentStore(dir.resolve("local"));
        Cid missing = Cid.of(1, Cid.RAW, new byte[] {1, 2, 3});
        MultiEndpointBlockStore gatewayOnly = new MultiEndpointBlockStore(
                List.of(EndpointSpec.parse("gateway:" + gateway.url()).open(Duration.ofSeconds(5))), POLICY);

        assertThatThrownBy(() -> local.cat(missing, new ByteArrayOutputStream(), gatewayOnly, true))
                .isInstanceOf(ContentNotFoundException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void probeMarksTheDeadEndpointUnhealthyAndTheGatewayHealthy() throws IOException {
        List<EndpointHealth> health = network().probe();

        assertThat(health).extracting(EndpointHealth::healthy).containsExactly(false, true);
        assertThat(health.get(0).lastError()).isNotBlank();
        assertThat(health.get(1).lastLatencyMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void probeReallyAsksAGatewaySoADeadOneIsUnhealthy() throws IOException {
        MultiEndpointBlockStore deadGateway = new MultiEndpointBlockStore(
                List.of(EndpointSpec.parse("gateway:http://127.0.0.1:1").open(Duration.ofSeconds(5))), POLICY);

        assertThat(deadGateway.probe()).singleElement().satisfies(h -> {
            assertThat(h.healthy()).isFalse();
            assertThat(h.lastError()).contains("127.0.0.1:1");
        });
        assertThat(gateway.lastRequest()).isNull(); // the live gateway was not asked
    }

    @Test
    void endpointSpecsParseKuboGatewayAndPlainUrls() {
        assertThat(EndpointSpec.parseList("kubo:http://127.0.0.1:5001, gateway:https://ipfs.io,http://h:5"))
                .containsExactly(new EndpointSpec(EndpointKind.KUBO_RPC, URI.create("http://127.0.0.1:5001")),
                        new EndpointSpec(EndpointKind.TRUSTLESS_GATEWAY, URI.create("https://ipfs.io")),
                        new EndpointSpec(EndpointKind.KUBO_RPC, URI.create("http://h:5")));
    }

    @Test
    void badEndpointSpecsNameTheEntry() {
        assertThatThrownBy(() -> EndpointSpec.parseList("http://ok:1,ftp://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 2").hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> EndpointSpec.parse("gateway:nohost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway:nohost");
        assertThatThrownBy(() -> EndpointSpec.parseList(" , "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no endpoint");
    }
}
