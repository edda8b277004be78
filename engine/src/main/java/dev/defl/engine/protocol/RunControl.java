package dev.defl.engine.protocol;

import java.util.function.BooleanSupplier;

/**
 * Pause, resume and stop for a running experiment, passed as the {@code cancelled} supplier of
 * {@link ExperimentRunner#run}. A run polls it between batches and between clients; while the control is paused
 * {@link #getAsBoolean()} blocks the polling (worker) thread until {@link #resume()} or {@link #stop()}, so the run
 * holds still at the next poll without any change to the runner. Thread-safe: the UI thread calls
 * {@link #pause()}, {@link #resume()} and {@link #stop()} while the worker polls.
 *
 * <p>Stopping is final: once stopped, a control stays stopped and never blocks again. A new run takes a new control.
 */
public final class RunControl implements BooleanSupplier {

    private boolean paused;
    private boolean stopped;

    /** Makes the next poll block until {@link #resume()} or {@link #stop()}; no effect once stopped. */
    public synchronized void pause() {
        if (!stopped) paused = true;
    }

    /** Lets a poll blocked by {@link #pause()} return (false, unless stopped meanwhile). */
    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Asks the run to stop at its next poll, waking a poll blocked by a pause. */
    public synchronized void stop() {
        stopped = true;
        paused = false;
        notifyAll();
    }

    /** Whether the control is paused (and not stopped). */
    public synchronized boolean isPaused() {
        return paused;
    }

    /** Whether {@link #stop()} was called. */
    public synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * The run's poll: blocks while paused, then answers whether the run must stop.
     *
     * @return true once {@link #stop()} was called
     * @throws IllegalStateException wrapping an {@link InterruptedException} when the worker is interrupted while
     *                               paused (the interrupt flag is restored); the run then fails rather than resuming
     */
    @Override
    public synchronized boolean getAsBoolean() {
        while (paused && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the run was paused", e);
            }
        }
        return stopped;
    }
}
