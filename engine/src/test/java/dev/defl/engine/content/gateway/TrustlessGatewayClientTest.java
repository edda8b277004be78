package dev.defl.engine.content.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.CarSummary;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.DagPbNode;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.FileBlockStore;
import dev.defl.engine.content.UnixFsExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trustless gateway client against {@link TrustlessGatewayServer} serving a real embedded store (see
 * its comment for why no real trustless gateway is used).
 */
class TrustlessGatewayClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private EmbeddedContentStore origin;
    private byte[] content;
    private Cid root;

    @BeforeEach
    void addAFileOfFiveBlocks() throws IOException {
        origin = new EmbeddedContentStore(dir.resolve("origin"));
        content = new byte[4 * 262_144 + 1000];
        new Random(3).nextBytes(content);
        root = origin.add(content); // CIDv1: five raw leaves under a dag-pb root
    }

    private static Cid firstLeaf(EmbeddedContentStore store, Cid root) throws IOException {
        return DagPbNode.decode(store.blockStore().get(root)).links().getFirst().cid();
    }

    @Test
    void blocksOfBothCodecsAreFetchedVerifiedAndAskedForInBothWaysTheSpecAllows() throws IOException {
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.HONEST);
                TrustlessGatewayClient client = new TrustlessGatewayClient(gateway.url(), TIMEOUT)) {
            Cid leaf = firstLeaf(origin, root);

            assertThat(client.block(root)).isEqualTo(origin.blockStore().get(root));
            assertThat(client.block(leaf)).isEqualTo(origin.blockStore().get(leaf));

            assertThat(gateway.lastRequest()).isEqualTo(new TrustlessGatewayServer.Request(
                    "/ipfs/" + leaf + "?format=raw", "application/vnd.ipld.raw"));
        }
    }

    @Test
    void missingBlockIsNotFoundNamingTheCidAndTheUrl() throws IOException {
        Cid absent = Cid.of(1, Cid.RAW, "nobody stored this".getBytes(StandardCharsets.US_ASCII));
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.HONEST);
                TrustlessGatewayClient client = new TrustlessGatewayClient(gateway.url(), TIMEOUT)) {
            assertThatThrownBy(() -> client.block(absent))
                    .isInstanceOf(ContentNotFoundException.class)
                    .hasMessageContaining(absent.toString())
                    .hasMessageContaining(gateway.url() + "/ipfs/" + absent);
            assertThatThrownBy(() -> client.car(absent, new FileBlockStore(dir.resolve("into"))))
                    .isInstanceOf(ContentNotFoundException.class)
                    .hasMessageContaining(absent.toString());
        }
    }

    @Test
    void tamperedBlockIsRefusedNamingTheCidAndTheGatewayUrl() throws IOException {
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.TAMPERED);
                TrustlessGatewayClient client = new TrustlessGatewayClient(gateway.url(), TIMEOUT)) {
            assertThatThrownBy(() -> client.block(root))
                    .isInstanceOfSatisfying(BlockVerificationException.class, e -> {
                        assertThat(e.expected()).isEqualTo(root);
                        assertThat(e.source()).isEqualTo(gateway.url() + "/ipfs/" + root + "?format=raw");
                    })
                    .hasMessageContaining(root.toString());
        }
    }

    @Test
    void carOfAFileImportsEveryBlockVerifiedAndTheFileReadsBack() throws IOException {
        FileBlockStore into = new FileBlockStore(dir.resolve("into"));
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.HONEST);
                TrustlessGatewayClient client = new TrustlessGatewayClient(gateway.url(), TIMEOUT)) {
            CarSummary summary = client.car(root, into);

            assertThat(summary.roots()).containsExactly(root);
            assertThat(summary.blockCount()).isEqualTo(6);
            assertThat(into.blockCount()).isEqualTo(6);
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            new UnixFsExporter(into).cat(root, read);
            assertThat(read.toByteArray()).isEqualTo(content);
            assertThat(gateway.lastRequest()).isEqualTo(new TrustlessGatewayServer.Request(
                    "/ipfs/" + root + "?format=car", "application/vnd.ipld.car; version=1"));
        }
    }

    @Test
    void carWithATamperedBlockStoresNothingAndNamesTheCidAndTheGatewayUrl() throws IOException {
        FileBlockStore into = new FileBlockStore(dir.resolve("into"));
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.TAMPERED);
                TrustlessGatewayClient client = new TrustlessGatewayClient(gateway.url(), TIMEOUT)) {
            assertThatThrownBy(() -> client.car(root, into))
                    .isInstanceOf(BlockVerificationException.class)
                    .hasMessageContaining(gateway.url() + "/ipfs/" + root + "?format=car")
                    .hasMessageContaining("section 6");
            assertThat(into.blockCount()).isZero();
        }
    }

    @Test
    void deadGatewayIsUnreachableNamingTheUrl() {
        URI dead = URI.create("http://127.0.0.1:1");
        try (TrustlessGatewayClient client = new TrustlessGatewayClient(dead, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.block(root))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GatewayException.Kind.UNREACHABLE);
                        assertThat(e.httpStatus()).isZero();
                    })
                    .hasMessageContaining("http://127.0.0.1:1/ipfs/" + root)
                    .hasMessageContaining("cannot connect");
        }
    }

    @Test
    void badBaseUrlIsRefusedNamingIt() {
        assertThatThrownBy(() -> new TrustlessGatewayClient(URI.create("ftp://example.org"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://example.org");
    }
}
