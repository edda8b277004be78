package dev.defl.app;

import org.junit.jupiter.api.Test;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code defl node --metrics HOST:PORT | :PORT | PORT}: loopback unless a host is given. */
class MetricsAddressTest {

    @Test
    void aPortAloneOrAfterAColonBindsToLoopback() {
        assertThat(MetricsAddress.parse("--metrics", "9464")).isEqualTo(new MetricsAddress("127.0.0.1", 9464));
        assertThat(MetricsAddress.parse("--metrics", ":9464")).isEqualTo(new MetricsAddress("127.0.0.1", 9464));
        assertThat(MetricsAddress.parse("--metrics", ":0")).isEqualTo(new MetricsAddress("127.0.0.1", 0));
    }

    @Test
    void aHostIsKeptAndAnIpv6LiteralTakesBrackets() {
        assertThat(MetricsAddress.parse("--metrics", "0.0.0.0:9464")).isEqualTo(new MetricsAddress("0.0.0.0", 9464));
        assertThat(MetricsAddress.parse("--metrics", "localhost:1")).isEqualTo(new MetricsAddress("localhost", 1));
        assertThat(MetricsAddress.parse("--metrics", "[::1]:9464")).isEqualTo(new MetricsAddress("::1", 9464));
    }

    @Test
    void anythingElseNamesTheOptionAndTheValue() {
        for (String bad : new String[] {"", "host", "host:", "127.0.0.1:65536", "::1:9464", ":-1", "a:b"}) {
            assertThatThrownBy(() -> MetricsAddress.parse("--metrics", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--metrics: expected HOST:PORT, :PORT or PORT (port 0 to 65535), not '" + bad + "'");
        }
    }

    @Test
    void aBadMetricsAddressIsOneLineAndExitOneBeforeAnythingIsOpened() {
        CliOutcome out = defl("node", "--role", "client", "--chain", "http://127.0.0.1:1", "--contract",
                "0x5fbdb2315678afecb367f032d93f642f64180aa3", "--task", "1", "--keystore", "no-such-key.json",
                "--metrics", "127.0.0.1:http");
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).isEqualTo(
                "node: error: --metrics: expected HOST:PORT, :PORT or PORT (port 0 to 65535), not '127.0.0.1:http'");
    }
}
