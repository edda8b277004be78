package dev.defl.ui.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskExecutorTest {

    @Test
    void callbacksRunInOrderRunningSuccessFinished() {
        List<String> calls = new ArrayList<>();
        TaskExecutor.synchronous().execute(BackgroundTask.of(() -> 42)
                .onRunning(() -> calls.add("running"))
                .onSuccess(v -> calls.add("success " + v))
                .onException(e -> calls.add("exception"))
                .onFinished(() -> calls.add("finished")));
        assertThat(calls).containsExactly("running", "success 42", "finished");
    }

    @Test
    void workRunsOnTheBackgroundExecutorAndCallbacksOnTheUiExecutor() {
        List<Runnable> background = new ArrayList<>();
        List<Runnable> ui = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        new TaskExecutor(background::add, ui::add).execute(BackgroundTask.of(() -> {
            calls.add("work");
            return 1;
        }).onSuccess(v -> calls.add("success")));
        assertThat(calls).isEmpty();
        background.getFirst().run();
        assertThat(calls).containsExactly("work");
        ui.getFirst().run();
        assertThat(calls).containsExactly("work", "success");
    }

    @Test
    void failureReachesOnExceptionThenFinished() {
        List<String> calls = new ArrayList<>();
        TaskExecutor.synchronous().execute(BackgroundTask.<Integer>of(() -> {
            throw new IllegalArgumentException("bad CSV line 3");
        }).onException(e -> calls.add(e.getMessage())).onFinished(() -> calls.add("finished")));
        assertThat(calls).containsExactly("bad CSV line 3", "finished");
    }
}
