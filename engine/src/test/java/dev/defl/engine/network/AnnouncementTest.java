package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnouncementTest {
    private static final Cid CID = Cid.of(1, Cid.RAW, "update".getBytes(StandardCharsets.UTF_8));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUpdateIsWrittenAsTheSeedsCidRoundCid() {
        Announcement a = new Announcement(Announcement.Kind.UPDATE, 3, CID);
        assertThat(a.format()).isEqualTo("CID:3:" + CID);
        assertThat(Announcement.parse(a.bytes())).isEqualTo(a);
        assertThat(Announcement.parse(bytes("AGG:2:" + CID)).kind()).isEqualTo(Announcement.Kind.PROPOSAL);
    }

    @Test
    void theTopicNamesChainContractAndTaskInLowerCase() {
        assertThat(Announcement.topic(31337, "0xABCdef", 4)).isEqualTo("defl/31337/0xabcdef/4");
    }

    @Test
    void malformedMessagesAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Announcement.parse(bytes("hello")))
                .hasMessage("announcement 'hello' is not <KIND>:<round>:<cid>");
        assertThatThrownBy(() -> Announcement.parse(bytes("XYZ:1:" + CID)))
                .hasMessageContaining("unknown kind 'XYZ' (expected CID, AGG or SIG)");
        assertThatThrownBy(() -> Announcement.parse(bytes("CID:one:" + CID)))
                .hasMessageContaining("has round 'one', not a whole number");
        assertThatThrownBy(() -> Announcement.parse(bytes("CID:0:" + CID))).hasMessageContaining("has round 0 < 1");
        assertThatThrownBy(() -> Announcement.parse(bytes("CID:1:bafynotacid"))).hasMessageContaining("malformed CID");
        assertThatThrownBy(() -> Announcement.parse(bytes("x".repeat(200))))
                .hasMessageContaining("…").hasMessageNotContaining("x".repeat(100));
    }
}
