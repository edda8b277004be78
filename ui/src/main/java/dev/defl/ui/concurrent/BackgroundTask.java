package dev.defl.ui.concurrent;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A unit of blocking work plus the callbacks that report its outcome on the UI thread
 * (after JabRef's {@code BackgroundTask}). Run it with {@link TaskExecutor#execute(BackgroundTask)}.
 *
 * <p>Callbacks: {@code onRunning} on the calling thread before the work starts; then exactly one of
 * {@code onSuccess} / {@code onException}, then {@code onFinished}, on the executor's UI thread.
 * Without an {@code onException} handler a failure is rethrown on the UI thread, never dropped.
 *
 * <p>Progress and cancel: work made with {@link #tracked(TrackedWork)} receives a {@link Handle}. Its
 * {@link Handle#updateProgress(double)} may be called from any thread as often as the work likes; the task's
 * {@link #progressProperty()} follows on the UI executor with at most one update pending at a time (later
 * fractions overwrite earlier ones not yet shown). {@link #cancel()} only raises a flag the work polls through
 * {@link Handle#isCancelled()} or hands to an engine API as {@link Handle#cancelFlag()}; the work's outcome is
 * still reported through {@code onSuccess} / {@code onException} (check {@link #isCancelled()} there).
 *
 * <p>A task is meant to be executed once.
 *
 * @param <T> the work's result
 */
public final class BackgroundTask<T> {

    /** The blocking work. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** Blocking work that reports progress and honours cancellation through its {@link Handle}. */
    @FunctionalInterface
    public interface TrackedWork<T> {
        T call(Handle handle) throws Exception;
    }

    /** What tracked work sees of its task: progress out, cancellation in. Thread-safe. */
    public interface Handle {
        /**
         * Posts the work's progress to {@link BackgroundTask#progressProperty()}.
         *
         * @param fraction done so far, 0 to 1 (a negative value means indeterminate, as for JavaFX's ProgressBar)
         */
        void updateProgress(double fraction);

        /** True once {@link BackgroundTask#cancel()} was called. */
        boolean isCancelled();

        /** The cancel flag as a supplier, for engine APIs that poll one. */
        BooleanSupplier cancelFlag();
    }

    private final Work<T> work;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final AtomicLong latestProgress = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicBoolean progressPending = new AtomicBoolean();
    private volatile Executor ui = Runnable::run;
    private Runnable onRunning = () -> {};
    private Consumer<? super T> onSuccess = value -> {};
    private Consumer<? super Throwable> onException = failure -> {
        throw new IllegalStateException("background task failed: " + failure.getMessage(), failure);
    };
    private Runnable onFinished = () -> {};

    private BackgroundTask(Work<T> work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    private BackgroundTask(TrackedWork<T> tracked) {
        Objects.requireNonNull(tracked, "work");
        Handle handle = new Handle() {
            @Override
            public void updateProgress(double fraction) {
                postProgress(fraction);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }

            @Override
            public BooleanSupplier cancelFlag() {
                return cancelled::get;
            }
        };
        this.work = () -> tracked.call(handle);
    }

    public static <T> BackgroundTask<T> of(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    /** Work that receives a {@link Handle} for progress and cancellation. */
    public static <T> BackgroundTask<T> tracked(TrackedWork<T> work) {
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

    /** The work's last posted progress, 0 to 1 (negative: indeterminate); 0 until it posts one. UI thread. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Asks the work to stop: raises the flag it polls. Any thread; a second call does nothing more. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    private void postProgress(double fraction) {
        latestProgress.set(Double.doubleToLongBits(fraction));
        if (progressPending.compareAndSet(false, true)) {
            ui.execute(() -> {
                progressPending.set(false);
                progress.set(Double.longBitsToDouble(latestProgress.get()));
            });
        }
    }

    Work<T> work() {
        return work;
    }

    void running(Executor uiExecutor) {
        this.ui = uiExecutor;
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
