package dev.defl.engine.content.net;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** A clock that stands still until something sleeps on it; sleeping moves it on at once and is recorded. */
final class FakeTime implements InstantSource, Sleeper {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Moves the clock on without recording a sleep. */
    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Every sleep so far, in order. */
    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
