package dev.defl.ui.concurrent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollerTest {

    /** Ticks far apart, so that only start() and refreshNow() read in the manual tests. */
    private static final Duration NEVER = Duration.ofHours(1);
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void shutDown() {
        ticks.shutdownNow();
    }

    @Test
    void startReadsAtOnceAndDeliversOnTheUiExecutor() {
        List<Runnable> background = new ArrayList<>();
        List<Runnable> ui = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Poller<Integer> poller = new Poller<>(new TaskExecutor(background::add, ui::add), NEVER,
                reads::incrementAndGet, got::add, e -> got.add(-1), ticks);
        poller.start();
        assertThat(background).hasSize(1);
        background.removeFirst().run();
        assertThat(got).isEmpty();
        ui.removeFirst().run();
        assertThat(got).containsExactly(1);
        poller.stop();
    }

    @Test
    void refreshesWhileOneRunsAreMergedIntoOneMoreRead() {
        List<Runnable> background = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Poller<Integer> poller = new Poller<>(new TaskExecutor(background::add, Runnable::run), NEVER,
                reads::incrementAndGet, got::add, e -> { }, ticks);
        poller.start();
        poller.refreshNow();
        poller.refreshNow();
        poller.refreshNow();
        assertThat(background).hasSize(1);
        background.removeFirst().run();
        assertThat(background).hasSize(1);
        background.removeFirst().run();
        assertThat(background).isEmpty();
        assertThat(got).containsExactly(1, 2);
        poller.stop();
    }

    @Test
    void aResultArrivingAfterStopIsDropped() {
        List<Runnable> background = new ArrayList<>();
        List<Object> got = new ArrayList<>();
        Poller<String> poller = new Poller<>(new TaskExecutor(background::add, Runnable::run), NEVER,
                () -> "late", got::add, got::add, ticks);
        poller.start();
        poller.stop();
        background.removeFirst().run();
        assertThat(got).isEmpty();
        poller.refreshNow();
        assertThat(background).isEmpty();
    }

    @Test
    void restartWhileAStaleReadRunsReadsAgainAfterIt() {
        List<Runnable> background = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Poller<Integer> poller = new Poller<>(new TaskExecutor(background::add, Runnable::run), NEVER,
                reads::incrementAndGet, got::add, e -> { }, ticks);
        poller.start();
        poller.stop();
        poller.start();
        background.removeFirst().run();
        background.removeFirst().run();
        assertThat(got).containsExactly(2);
        poller.stop();
    }

    @Test
    void failuresReachOnErrorAndPollingGoesOn() {
        List<Object> got = new ArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        Poller<Integer> poller = new Poller<>(TaskExecutor.synchronous(), NEVER, () -> {
            if (reads.incrementAndGet() == 1) throw new IllegalStateException("node not reachable");
            return reads.get();
        }, got::add, e -> got.add(e.getMessage()), ticks);
        poller.start();
        poller.refreshNow();
        assertThat(got).containsExactly("node not reachable", 2);
        poller.stop();
    }

    @Test
    void ticksReadEveryIntervalAndNeverTwoAtOnceAndStopEndsThem() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<Integer> got = new CopyOnWriteArrayList<>();
        CountDownLatch fiveReads = new CountDownLatch(5);
        var pool = Executors.newCachedThreadPool();
        try {
            // reads take longer than the interval, so ticks arrive while one runs
            Poller<Integer> poller = new Poller<>(new TaskExecutor(pool, Runnable::run), Duration.ofMillis(5), () -> {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                Thread.sleep(20);
                concurrent.decrementAndGet();
                return 1;
            }, v -> {
                got.add(v);
                fiveReads.countDown();
            }, e -> { }, ticks);
            poller.start();
            assertThat(fiveReads.await(10, TimeUnit.SECONDS)).isTrue();
            poller.stop();
            Thread.sleep(100);
            int afterStop = got.size();
            Thread.sleep(100);
            assertThat(got).hasSize(afterStop);
            assertThat(maxConcurrent.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new Poller<>(TaskExecutor.synchronous(), Duration.ZERO, () -> 1, v -> { }, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    }
}
