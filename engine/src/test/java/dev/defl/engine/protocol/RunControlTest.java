package dev.defl.engine.protocol;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RunControlTest {

    @Test
    void aFreshControlNeitherBlocksNorStops() {
        RunControl control = new RunControl();
        assertThat(control.getAsBoolean()).isFalse();
        assertThat(control.isPaused()).isFalse();
        assertThat(control.isStopped()).isFalse();
    }

    @Test
    void aPausedPollBlocksUntilResumeAndThenReturnsFalse() throws Exception {
        RunControl control = new RunControl();
        control.pause();
        assertThat(control.isPaused()).isTrue();
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<Boolean> poll = CompletableFuture.supplyAsync(() -> {
            polling.countDown();
            return control.getAsBoolean();
        });
        assertThat(polling.await(10, TimeUnit.SECONDS)).isTrue();
        // the worker is (or is about to be) waiting: it cannot have returned while paused
        assertThat(poll).isNotDone();
        control.resume();
        assertThat(poll.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(control.isPaused()).isFalse();
    }

    @Test
    void stopWakesAPausedPollWhichThenReportsStopped() throws Exception {
        RunControl control = new RunControl();
        control.pause();
        CompletableFuture<Boolean> poll = CompletableFuture.supplyAsync(control::getAsBoolean);
        control.stop();
        assertThat(poll.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(control.isPaused()).isFalse();
        assertThat(control.isStopped()).isTrue();
    }

    @Test
    void stoppingIsFinalAndAStoppedControlCannotBePaused() {
        RunControl control = new RunControl();
        control.stop();
        control.pause();
        control.resume();
        assertThat(control.isPaused()).isFalse();
        assertThat(control.getAsBoolean()).isTrue();
        assertThat(control.getAsBoolean()).isTrue();
    }

    @Test
    void anInterruptWhilePausedFailsThePollAndKeepsTheInterruptFlag() throws Exception {
        RunControl control = new RunControl();
        control.pause();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                control.getAsBoolean();
                outcome.complete("returned");
            } catch (IllegalStateException e) {
                outcome.complete(e.getMessage() + " / interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        worker.start();
        worker.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS))
                .isEqualTo("interrupted while the run was paused / interrupted=true");
    }
}
