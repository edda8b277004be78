package dev.defl.ui.timeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The round details' "Set label…" acts on the account address of the caret's line, never on a transaction hash. */
class DetailsAddressTest {

    static final String A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    @Test
    void findsTheAddressOnTheCaretsLine() {
        String text = "Updates (1)\n  run 1 · client 1 (" + A + ")  bafk…  719 samples  tx 0x"
                + "ab".repeat(32) + "\nVotes\n";
        int line2 = text.indexOf("run 1");
        assertThat(TimelineView.addressAt(text, line2 + 3)).isEqualTo(A);
        assertThat(TimelineView.addressAt(text, text.length() - 2)).isNull();
        assertThat(TimelineView.addressAt(text, 0)).isNull();
        assertThat(TimelineView.addressAt("tx 0x" + "ab".repeat(32), 3)).as("a 32-byte hash is no address").isNull();
        assertThat(TimelineView.addressAt("", 0)).isNull();
    }
}
