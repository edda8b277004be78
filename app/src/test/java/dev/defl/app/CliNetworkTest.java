package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import dev.defl.engine.content.kubo.AddOptions;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.kubo.KuboRpcClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl get|cat|ipfs stat --ipfs …} against a real js-ipfs node (the engine's {@link JsIpfsDaemon}
 * fixture, from its test-jar), with the dead URL {@code http://127.0.0.1:1} first in every endpoint list.
 */
class CliNetworkTest {

    private static final String DEAD = "http://127.0.0.1:1";

    @TempDir
    static Path shared;

    private static JsIpfsDaemon daemon;
    private static byte[] content;
    private static Cid root;

    @TempDir
    Path dir;

    @BeforeAll
    static void startANodeWithAFile() throws Exception {
        daemon = JsIpfsDaemon.start(shared.resolve("node"));
        content = new byte[700_000];
        new Random(3).nextBytes(content);
        try (KuboRpcClient client = daemon.client(Duration.ofSeconds(30))) {
            root = client.add(new ByteArrayInputStream(content), "model.bin", AddOptions.CIDV1_RAW_LEAVES);
        }
    }

    @AfterAll
    static void stopTheNode() {
        if (daemon != null) daemon.close();
    }

    private String endpoints() {
        return DEAD + ",kubo:" + daemon.apiUrl();
    }

    @Test
    void getWithIpfsFetchesFromTheNodeAfterTheDeadUrlAndKeepsTheBlocks() throws Exception {
        Path data = dir.resolve("data");
        Path output = dir.resolve("model.bin");

        CliOutcome got = defl("get", root.toString(), "-o", output.toString(), "--data-dir", data.toString(),
                "--ipfs", endpoints(), "--ipfs-timeout", "10");

        assertThat(got.exitCode()).as(got.stderr()).isZero();
        assertThat(Files.readAllBytes(output)).isEqualTo(content);
        CliOutcome local = defl("cat", root.toString(), "--data-dir", data.toString());
        assertThat(local.exitCode()).as(local.stderr()).isZero();
        assertThat(local.stdoutBytes()).isEqualTo(content);
    }

    @Test
    void catWithIpfsStreamsTheContentWithoutKeepingIt() throws Exception {
        Path data = dir.resolve("data");

        CliOutcome cat = defl("cat", root.toString(), "--data-dir", data.toString(), "--ipfs", endpoints());

        assertThat(cat.exitCode()).as(cat.stderr()).isZero();
        assertThat(cat.stdoutBytes()).isEqualTo(content);
        assertThat(new EmbeddedContentStore(data.resolve("ipfs")).blockCount()).isZero();
    }

    @Test
    void whenNoEndpointDeliversTheErrorNamesTheCidAndTheEndpoint() {
        Path data = dir.resolve("data");
        CliOutcome cat = defl("cat", root.toString(), "--data-dir", data.toString(), "--ipfs", DEAD, "--ipfs-timeout", "2");

        assertThat(cat.exitCode()).isEqualTo(1);
        assertThat(cat.stderr()).startsWith("cat: error:").contains(root.toString()).contains("127.0.0.1:1");
    }

    @Test
    void aBadEndpointIsNamed() {
        CliOutcome cat = defl("cat", root.toString(), "--data-dir", dir.toString(), "--ipfs", DEAD + ",ftp://x");

        assertThat(cat.exitCode()).isEqualTo(1);
        assertThat(cat.stderr()).contains("--ipfs").contains("entry 2").contains("ftp://x");
    }

    @Test
    void statWithIpfsProbesEachEndpointAndPrintsItsHealth() throws Exception {
        Path data = dir.resolve("data");
        EmbeddedContentStore origin = new EmbeddedContentStore(data.resolve("ipfs"));
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.HONEST)) {
            CliOutcome stat = defl("ipfs", "stat", "--data-dir", data.toString(),
                    "--ipfs", endpoints() + ",gateway:" + gateway.url(), "--ipfs-timeout", "5");

            assertThat(stat.exitCode()).as(stat.stderr()).isZero();
            assertThat(stat.stdout().lines().filter(l -> l.startsWith("endpoint ")))
                    .satisfiesExactly(
                            l -> assertThat(l).startsWith("endpoint kubo " + DEAD + " unhealthy").contains("error="),
                            l -> assertThat(l).startsWith("endpoint kubo " + daemon.apiUrl() + " healthy"),
                            l -> assertThat(l).startsWith("endpoint gateway " + gateway.url() + " healthy"));
        }
    }
}
