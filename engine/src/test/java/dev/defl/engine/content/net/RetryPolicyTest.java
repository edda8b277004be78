package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 3, Duration.ofMillis(100),
            Duration.ofSeconds(1));

    @Test
    void capDoublesFromTheBaseDelayUntilTheMaxDelay() {
        assertThat(List.of(POLICY.cap(1), POLICY.cap(2), POLICY.cap(3), POLICY.cap(4), POLICY.cap(5), POLICY.cap(6)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                        Duration.ofMillis(800), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(POLICY.cap(1_000_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fullJitterDrawsUniformlyBetweenZeroAndTheCap() {
        Random random = new Random(1);
        long capNanos = POLICY.cap(3).toNanos();
        long min = Long.MAX_VALUE;
        long max = 0;
        double sum = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            long delay = POLICY.backOff(3, random).toNanos();
            assertThat(delay).isBetween(0L, capNanos);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
            sum += delay;
        }
        assertThat(min).isLessThan(capNanos / 100);
        assertThat(max).isGreaterThan(capNanos * 99 / 100);
        assertThat(sum / draws / capNanos).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        Random a = new Random(42);
        Random b = new Random(42);
        for (int n = 1; n <= 8; n++) {
            first.add(POLICY.backOff(n, a));
            second.add(POLICY.backOff(n, b));
        }
        assertThat(first).isEqualTo(second);
    }

    @Test
    void zeroBaseDelayMeansNoWaiting() {
        RetryPolicy eager = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ZERO, Duration.ZERO);
        assertThat(eager.backOff(5, new Random(0))).isZero();
    }

    @Test
    void nonsensicalPoliciesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 3, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("attemptTimeout must be positive");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 0, Duration.ofMillis(1), Duration.ofMillis(2)))
                .hasMessageContaining("maxAttemptsPerEndpoint must be at least 1, not 0");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(5), Duration.ofMillis(2)))
                .hasMessageContaining("baseDelay <= maxDelay");
        assertThatThrownBy(() -> POLICY.cap(0)).hasMessageContaining("at least 1");
    }
}
