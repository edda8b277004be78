package dev.defl.ui.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundTaskProgressTest {

    @Test
    void progressIsCoalescedToOnePendingUiUpdateCarryingTheLatestFraction() {
        List<Runnable> background = new ArrayList<>();
        List<Runnable> ui = new ArrayList<>();
        BackgroundTask<String> task = BackgroundTask.tracked(h -> {
            for (int i = 1; i <= 100; i++) h.updateProgress(i / 100.0);
            return "done";
        });
        new TaskExecutor(background::add, ui::add).execute(task);
        background.getFirst().run();
        // 100 updates, one UI post (the first), plus the outcome
        assertThat(ui).hasSize(2);
        assertThat(task.progressProperty().get()).isZero();
        ui.getFirst().run();
        assertThat(task.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void aFreshUpdateIsPostedOnceThePendingOneWasShown() {
        List<Runnable> ui = new ArrayList<>();
        AtomicReference<BackgroundTask.Handle> handle = new AtomicReference<>();
        BackgroundTask<Void> task = BackgroundTask.tracked(h -> {
            handle.set(h);
            return null;
        });
        new TaskExecutor(Runnable::run, ui::add).execute(task);
        ui.clear();
        handle.get().updateProgress(0.25);
        ui.removeFirst().run();
        handle.get().updateProgress(0.5);
        assertThat(ui).hasSize(1);
        ui.removeFirst().run();
        assertThat(task.progressProperty().get()).isEqualTo(0.5);
    }

    @Test
    void cancelRaisesTheFlagTheWorkPollsAndTheOutcomeStillArrives() {
        List<Runnable> background = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        AtomicReference<BooleanSupplier> flag = new AtomicReference<>();
        BackgroundTask<Integer> task = BackgroundTask.tracked(h -> {
            flag.set(h.cancelFlag());
            int steps = 0;
            while (!h.isCancelled() && steps < 1_000) steps++;
            return steps;
        });
        task.onSuccess(steps -> calls.add("steps " + steps + " cancelled " + task.isCancelled()));
        new TaskExecutor(background::add, Runnable::run).execute(task);
        assertThat(task.isCancelled()).isFalse();
        task.cancel();
        background.getFirst().run();
        assertThat(flag.get().getAsBoolean()).isTrue();
        assertThat(calls).containsExactly("steps 0 cancelled true");
    }

    @Test
    void plainWorkStillRunsAndStartsAtZeroProgress() {
        List<Object> got = new ArrayList<>();
        BackgroundTask<Integer> task = BackgroundTask.of(() -> 7).onSuccess(got::add);
        TaskExecutor.synchronous().execute(task);
        assertThat(got).containsExactly(7);
        assertThat(task.progressProperty().get()).isZero();
    }
}
