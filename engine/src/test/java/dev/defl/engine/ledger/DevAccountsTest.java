package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevAccountsTest {
    @Test
    void derivesAnvilsDefaultAccountsFromTheTestMnemonic() {
        assertThat(DevAccounts.account(0).getAddress()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThat(DevAccounts.account(1).getAddress()).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        assertThat(DevAccounts.account(31).getAddress()).isNotEqualTo(DevAccounts.account(30).getAddress());
    }

    @Test
    void refusesNegativeIndex() {
        assertThatThrownBy(() -> DevAccounts.account(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void findsADevAccountByAddressInAnyCase() {
        assertThat(DevAccounts.find("0x70997970C51812DC3A010C7D01B50E0D17DC79C8")).get()
                .extracting(c -> c.getAddress()).isEqualTo(DevAccounts.account(1).getAddress());
        assertThat(DevAccounts.find(DevAccounts.account(31).getAddress())).isPresent();
        assertThat(DevAccounts.find("0x0000000000000000000000000000000000000001")).isEmpty();
    }
}
