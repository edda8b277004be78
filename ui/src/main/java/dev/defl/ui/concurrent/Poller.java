package dev.defl.ui.concurrent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a read every {@code interval} while started, in place of hand-made timers: the work on the
 * {@link TaskExecutor}'s background side, its result or failure on the UI side.
 *
 * <ul>
 *   <li>{@link #start()} polls at once, then every interval (measured from the tick, not from the work's end).</li>
 *   <li>Never two reads at once: a tick while a read runs is skipped; a {@link #refreshNow()} while one runs is
 *       merged into one more read after it.</li>
 *   <li>After {@link #stop()} no result or failure is delivered, even of a read already under way.</li>
 * </ul>
 *
 * Ticks come from one shared daemon thread ({@code defl-poller}) that only hands the work to the executor.
 * Call {@code start}, {@code stop} and {@code refreshNow} on the UI thread.
 *
 * @param <T> what one read returns
 */
public final class Poller<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final ScheduledExecutorService SHARED_TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "defl-poller");
        t.setDaemon(true);
        return t;
    });

    private final TaskExecutor executor;
    private final Duration interval;
    private final BackgroundTask.Work<T> work;
    private final Consumer<? super T> onResult;
    private final Consumer<? super Throwable> onError;
    private final ScheduledExecutorService ticks;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean running;
    private volatile long generation;
    private ScheduledFuture<?> ticker;

    /**
     * @param executor where reads run and where results are delivered
     * @param interval time between ticks (positive)
     * @param work     the read
     * @param onResult receives each read's result on the UI executor while started
     * @param onError  receives each read's failure on the UI executor while started
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Poller(TaskExecutor executor, Duration interval, BackgroundTask.Work<T> work,
                  Consumer<? super T> onResult, Consumer<? super Throwable> onError) {
        this(executor, interval, work, onResult, onError, SHARED_TICKS);
    }

    /** As the public constructor, with ticks from {@code ticks} (for tests). */
    Poller(TaskExecutor executor, Duration interval, BackgroundTask.Work<T> work,
           Consumer<? super T> onResult, Consumer<? super Throwable> onError, ScheduledExecutorService ticks) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + interval);
        }
        this.work = Objects.requireNonNull(work, "work");
        this.onResult = Objects.requireNonNull(onResult, "onResult");
        this.onError = Objects.requireNonNull(onError, "onError");
        this.ticks = Objects.requireNonNull(ticks, "ticks");
    }

    /** Starts polling: one read now, then one per interval. Does nothing if started. */
    public void start() {
        if (running) return;
        generation++;
        running = true;
        refreshNow();
        long nanos = interval.toNanos();
        ticker = ticks.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops polling; a read under way finishes but its outcome is dropped. Does nothing if stopped. */
    public void stop() {
        if (!running) return;
        running = false;
        generation++;
        again.set(false);
        if (ticker != null) ticker.cancel(false);
        ticker = null;
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Reads now, without waiting for the next tick; while a read runs, one more read follows it instead.
     * Does nothing while stopped.
     */
    public void refreshNow() {
        if (!running) return;
        if (inFlight.compareAndSet(false, true)) launch();
        else again.set(true);
    }

    private void tick() {
        try {
            if (running && inFlight.compareAndSet(false, true)) launch();
        } catch (RuntimeException e) {
            // a throw here would end the schedule silently; keep ticking and say why this tick did nothing
            LOG.warn("poll tick could not start a read: {}", e.toString());
        }
    }

    private void launch() {
        long launchedIn = generation;
        try {
            submit(launchedIn);
        } catch (RuntimeException e) {
            inFlight.set(false);
            throw e;
        }
    }

    private void submit(long launchedIn) {
        executor.execute(BackgroundTask.of(work)
                .onSuccess(value -> {
                    if (current(launchedIn)) onResult.accept(value);
                })
                .onException(failure -> {
                    if (current(launchedIn)) onError.accept(failure);
                })
                .onFinished(() -> {
                    inFlight.set(false);
                    if (again.getAndSet(false)) refreshNow();
                }));
    }

    private boolean current(long launchedIn) {
        return running && generation == launchedIn;
    }
}
