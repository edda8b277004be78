package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChainConnectionTest {
    @Test
    void deadUrlIsReportedAsChainUnavailable() {
        assertThatThrownBy(() -> ChainConnection.connect("http://127.0.0.1:1"))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageStartingWith("no Ethereum JSON-RPC at http://127.0.0.1:1: ");
    }

    @Test
    void nonHttpUrlIsRefused() {
        assertThatThrownBy(() -> ChainConnection.connect("127.0.0.1:8545"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("127.0.0.1:8545");
    }
}
