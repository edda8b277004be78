package dev.defl.engine.health;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReadinessCache} over a real {@link ReadinessProbe} of a chain URL where nothing listens. */
class ReadinessCacheTest {

    @Test
    void callersWithinTheTimeToLiveShareOneProbeAndLaterCallersProbeAgain() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ReadinessProbe probe = new ReadinessProbe("http://127.0.0.1:" + port, List.of(), Duration.ofSeconds(2));
        AtomicInteger probes = new AtomicInteger();
        ReadinessCache cache = new ReadinessCache(() -> {
            probes.incrementAndGet();
            return probe.probe();
        }, Duration.ofMillis(500));

        List<Future<Readiness>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) answers.add(pool.submit(cache::get));
        }
        Readiness first = answers.getFirst().get();
        for (Future<Readiness> answer : answers) assertThat(answer.get()).isSameAs(first);
        assertThat(probes).hasValue(1);
        assertThat(first.ready()).isFalse();
        assertThat(first.chain().up()).isFalse();

        Thread.sleep(600);
        Readiness later = cache.get();
        assertThat(probes).hasValue(2);
        assertThat(later.checkedAt()).isAfter(first.checkedAt());
    }
}
