package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainConnectionTest {
    @TempDir
    Path dir;

    @Test
    void deadUrlIsReportedAsChainUnavailable() {
        assertThatThrownBy(() -> ChainConnection.connect(ChainSettings.of("http://127.0.0.1:1")
                        .withRetries(2, Duration.ofMillis(10))))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageStartingWith("no Ethereum JSON-RPC at http://127.0.0.1:1: ");
    }

    @Test
    void unreachableNodeIsReportedAfterTheConfiguredAttemptsNamingUrlAndMethod() {
        assertThatThrownBy(() -> ChainConnection.connect(ChainSettings.of("http://127.0.0.1:1")
                        .withRetries(3, Duration.ofMillis(10))))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageMatching("no Ethereum JSON-RPC at http://127.0.0.1:1: eth_chainId failed 3 times over \\d+ ms: .*");
        assertThatThrownBy(() -> ChainConnection.connect(ChainSettings.of("ws://127.0.0.1:1")
                        .withRetries(2, Duration.ofMillis(10))))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageMatching("no Ethereum JSON-RPC at ws://127.0.0.1:1: connect failed 2 times over \\d+ ms: .*");
    }

    @Test
    void nonHttpUrlIsRefused() {
        assertThatThrownBy(() -> ChainConnection.connect("127.0.0.1:8545"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.1:8545");
    }

    @Test
    void settingsRefuseNonsense() {
        ChainSettings settings = ChainSettings.of("http://127.0.0.1:8545");
        assertThatThrownBy(() -> settings.withPollInterval(Duration.ZERO)).hasMessageContaining("poll interval");
        assertThatThrownBy(() -> settings.withRetries(0, Duration.ZERO)).hasMessageContaining("attempts must be >= 1");
        assertThatThrownBy(() -> settings.withExpectedChainId(-1)).hasMessageContaining("chain id");
        assertThat(settings.withPollInterval(Duration.ofMillis(10)).withReceiptTimeout(Duration.ofSeconds(2))
                .receiptAttempts()).isEqualTo(200);
    }

    @Test
    void expectedChainIdIsCheckedOnConnectNamingBothIds() {
        try (AnvilProcess anvil = AnvilProcess.start(dir.resolve("state.json"), 0)) {
            assertThatThrownBy(() -> ChainConnection.connect(ChainSettings.of(anvil.rpcUrl()).withExpectedChainId(1)))
                    .isInstanceOf(WrongChainException.class)
                    .hasMessage("the node at " + anvil.rpcUrl() + " serves chain id 31337, but the configuration "
                            + "expects chain id 1");
            try (ChainConnection chain = ChainConnection.connect(
                    ChainSettings.of(anvil.rpcUrl()).withExpectedChainId(AnvilProcess.CHAIN_ID))) {
                assertThat(chain.chainId()).isEqualTo(AnvilProcess.CHAIN_ID);
            }
        }
    }

    @Test
    void webSocketEndpointServesTheSameChain() {
        try (AnvilProcess anvil = AnvilProcess.start(dir.resolve("state.json"), 0);
                ChainConnection chain = ChainConnection.connect(ChainSettings.of("ws://127.0.0.1:" + anvil.port())
                        .withExpectedChainId(AnvilProcess.CHAIN_ID).withPollInterval(Duration.ofMillis(20)))) {
            assertThat(chain.chainId()).isEqualTo(AnvilProcess.CHAIN_ID);
            assertThat(chain.settings().pollInterval()).isEqualTo(Duration.ofMillis(20));
            TransactionSender sender = TransactionSender.create(chain, DevAccounts.account(5), null);
            var receipt = sender.sendAndAwait(DevAccounts.account(6).getAddress(), "0x", java.math.BigInteger.ONE,
                    java.math.BigInteger.valueOf(21_000));
            assertThat(receipt.isStatusOK()).isTrue();
            assertThat(chain.blockNumber()).isEqualTo(1);
        }
    }

    @Test
    void aNodeThatComesBackWithinTheRetryBoundIsReached() throws Exception {
        int port;
        try (AnvilProcess probe = AnvilProcess.start(dir.resolve("probe.json"), 0)) {
            port = probe.port();
        }
        // load web3j's classes first, so that the first attempt below is made before anvil is back
        assertThatThrownBy(() -> ChainConnection.connect(ChainSettings.of("http://127.0.0.1:" + port)
                .withRetries(1, Duration.ZERO))).isInstanceOf(ChainUnavailableException.class);
        CompletableFuture<AnvilProcess> late = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AnvilProcess.start(dir.resolve("late.json"), port);
        });
        try (ChainConnection chain = ChainConnection.connect(ChainSettings.of("http://127.0.0.1:" + port)
                .withRetries(8, Duration.ofMillis(100)))) {
            assertThat(chain.chainId()).isEqualTo(AnvilProcess.CHAIN_ID);
        } finally {
            late.get().close();
        }
    }

    @Test
    void aWebSocketConnectionIsReopenedAfterTheNodeRestarts() {
        Path state = dir.resolve("ws-state.json");
        AnvilProcess first = AnvilProcess.start(state, 0);
        int port = first.port();
        try (ChainConnection chain = ChainConnection.connect(ChainSettings.of("ws://127.0.0.1:" + port)
                .withRetries(6, Duration.ofMillis(50)))) {
            assertThat(chain.blockNumber()).isZero();
            first.close();
            try (AnvilProcess second = AnvilProcess.start(state, port)) {
                assertThat(chain.blockNumber()).isZero();
                assertThat(second.isAlive()).isTrue();
            }
        } finally {
            first.close();
        }
    }
}
