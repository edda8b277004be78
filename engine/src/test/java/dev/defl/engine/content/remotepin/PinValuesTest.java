package dev.defl.engine.content.remotepin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The spec's limits on {@link Pin} and {@link PinQuery}, and its RFC 3339 timestamps. */
class PinValuesTest {
    @Test
    void pinRejectsTheSpecsLimitsNamingThem() {
        assertThatThrownBy(() -> new Pin("bafy", "n".repeat(256), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 characters").hasMessageContaining("255");
        List<String> origins = IntStream.range(0, 21).mapToObj(i -> "/ip4/10.0.0." + i + "/tcp/4001").toList();
        assertThatThrownBy(() -> new Pin("bafy", null, origins, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("21 origins");
        assertThatThrownBy(() -> new Pin("bafy", null, List.of("/ip4/1.2.3.4", "/ip4/1.2.3.4"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeat");
        assertThatThrownBy(() -> new Pin(" ", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @Test
    void queryRejectsTheSpecsLimitsNamingThem() {
        assertThatThrownBy(() -> PinQuery.builder().limit(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit 0 is outside 1..1000");
        assertThatThrownBy(() -> PinQuery.builder().limit(1001).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
        String[] cids = IntStream.range(0, 11).mapToObj(i -> "bafy" + i).toArray(String[]::new);
        assertThatThrownBy(() -> PinQuery.builder().cid(cids).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 CIDs");
    }

    @Test
    void queryWithoutFiltersHasAnEmptyQueryString() {
        assertThat(RemotePinningClient.queryString(PinQuery.all())).isEmpty();
        assertThat(PinQuery.all().match()).isEqualTo(TextMatchingStrategy.EXACT);
    }

    @Test
    void timestampsAreReadWithAnyOffsetAndWrittenInUtc() {
        assertThat(PinJson.parseTime("2020-07-27T19:32:28.5+02:00", "$.created"))
                .isEqualTo(Instant.parse("2020-07-27T17:32:28.500Z"));
        assertThat(PinJson.formatTime(Instant.parse("2020-07-27T17:32:28Z"))).isEqualTo("2020-07-27T17:32:28Z");
        assertThatThrownBy(() -> PinJson.parseTime("yesterday", "$.created"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.created \"yesterday\"");
    }

    @Test
    void statesKnowWhetherTheyAreSettled() {
        assertThat(PinState.fromWireName("pinned").isSettled()).isTrue();
        assertThat(PinState.fromWireName("failed").isSettled()).isTrue();
        assertThat(PinState.fromWireName("queued").isSettled()).isFalse();
        assertThatThrownBy(() -> PinState.fromWireName("unpinning"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"unpinning\"");
    }
}
