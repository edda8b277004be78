package dev.defl.engine.content.net;

import java.time.Duration;

/** Waits; {@code Thread::sleep} in production, a clock that jumps in tests. */
@FunctionalInterface
public interface Sleeper {
    /** The real one: {@link Thread#sleep(Duration)}. */
    Sleeper THREAD = Thread::sleep;

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
