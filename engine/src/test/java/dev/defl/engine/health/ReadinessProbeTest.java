package dev.defl.engine.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.ledger.AnvilFixture;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real anvil and a real js-ipfs node; a closed port stands for a dead dependency. */
class ReadinessProbeTest {
    @TempDir
    Path dir;

    @Test
    void readyWhenTheChainAndOneIpfsEndpointAnswer() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir); JsIpfsDaemon ipfs = JsIpfsDaemon.start(dir.resolve("ipfs"))) {
            EndpointSpec node = new EndpointSpec(EndpointKind.KUBO_RPC, ipfs.apiUrl());
            EndpointSpec dead = new EndpointSpec(EndpointKind.KUBO_RPC, URI.create("http://127.0.0.1:" + closedPort()));
            Readiness readiness = new ReadinessProbe(chain.anvil.rpcUrl(), List.of(dead, node), Duration.ofSeconds(5)).probe();

            assertThat(readiness.ready()).isTrue();
            assertThat(readiness.chain().up()).isTrue();
            assertThat(readiness.chain().detail()).startsWith("block ");
            assertThat(readiness.ipfs()).extracting(ComponentHealth::up).containsExactly(false, true);
            assertThat(readiness.ipfs().get(0).describe()).contains("connection refused");
            assertThat(readiness.toJson()).contains("\"ready\":true").contains("\"latencyMs\":");
        }
    }

    @Test
    void notReadyWithTheChainDownAndSaysWhy() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        Readiness readiness = new ReadinessProbe(url, List.of(), Duration.ofSeconds(2)).probe();

        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.chain().up()).isFalse();
        assertThat(readiness.chain().target()).isEqualTo(url);
        assertThat(readiness.chain().describe()).startsWith("chain down (").contains("connection refused");
        assertThat(readiness.toJson()).contains("\"ready\":false").contains("\"up\":false");
    }

    @Test
    void notReadyWithoutAnyIpfsEndpoint() throws Exception {
        try (AnvilFixture chain = new AnvilFixture(dir)) {
            Readiness readiness = new ReadinessProbe(chain.anvil.rpcUrl(), List.of(), Duration.ofSeconds(5)).probe();
            assertThat(readiness.chain().up()).isTrue();
            assertThat(readiness.ready()).isFalse();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
