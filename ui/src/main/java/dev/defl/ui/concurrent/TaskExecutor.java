package dev.defl.ui.concurrent;

import javafx.application.Platform;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Runs {@link BackgroundTask}s: the work on a background executor, the callbacks on a UI executor.
 * In the window the UI executor is {@link Platform#runLater}; in view-model tests both are the
 * calling thread ({@link #synchronous()}), so a test sees the outcome as soon as {@code execute} returns.
 */
public final class TaskExecutor {

    private final Executor background;
    private final Executor ui;

    /**
     * @param background where the blocking work runs
     * @param ui         where callbacks run, in submission order
     */
    public TaskExecutor(Executor background, Executor ui) {
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    /** Work on {@code background}, callbacks on the JavaFX application thread. */
    public static TaskExecutor onFxThread(Executor background) {
        return new TaskExecutor(background, Platform::runLater);
    }

    /** Everything on the calling thread: for view-model tests. */
    public static TaskExecutor synchronous() {
        return new TaskExecutor(Runnable::run, Runnable::run);
    }

    /** The UI executor, for handing values from a worker thread to the UI. */
    public Executor ui() {
        return ui;
    }

    /** Calls {@code onRunning} now, then runs the work on the background executor. */
    public <T> void execute(BackgroundTask<T> task) {
        task.running(ui);
        background.execute(() -> {
            T value;
            try {
                value = task.work().call();
            } catch (Throwable failure) {
                ui.execute(() -> task.failed(failure));
                if (failure instanceof Error error) throw error;
                return;
            }
            ui.execute(() -> task.succeeded(value));
        });
    }
}
