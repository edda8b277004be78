package dev.defl.ui.concurrent;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A unit of blocking work plus the callbacks that report its outcome on the UI thread
 * (after JabRef's {@code BackgroundTask}). Run it with {@link TaskExecutor#execute(BackgroundTask)}.
 *
 * <p>Callbacks: {@code onRunning} on the calling thread before the work starts; then exactly one of
 * {@code onSuccess} / {@code onException}, then {@code onFinished}, on the executor's UI thread.
 * Without an {@code onException} handler a failure is rethrown on the UI thread, never dropped.
 *
 * @param <T> the work's result
 */
public final class BackgroundTask<T> {

    /** The blocking work. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    private final Work<T> work;
    private Runnable onRunning = () -> {};
    private Consumer<? super T> onSuccess = value -> {};
    private Consumer<? super Throwable> onException = failure -> {
        throw new IllegalStateException("background task failed: " + failure.getMessage(), failure);
    };
    private Runnable onFinished = () -> {};

    private BackgroundTask(Work<T> work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    public static <T> BackgroundTask<T> of(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    public BackgroundTask<T> onRunning(Runnable action) {
        this.onRunning = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onException(Consumer<? super Throwable> action) {
        this.onException = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    Work<T> work() {
        return work;
    }

    void running() {
        onRunning.run();
    }

    void succeeded(T value) {
        try {
            onSuccess.accept(value);
        } finally {
            onFinished.run();
        }
    }

    void failed(Throwable failure) {
        try {
            onException.accept(failure);
        } finally {
            onFinished.run();
        }
    }
}
