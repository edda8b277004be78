package dev.defl.engine.protocol;

import dev.defl.engine.learning.TrainingCancelledException;
import dev.defl.engine.network.ClientNode;

import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link RunListener} calls a one-process run's client workers make, queued per client index and run on the driver
 * thread in ascending client order, so that listeners see each round's clients in index order whatever order they
 * train in, and every listener call stays on one thread. Workers add ({@link #of}); the driver runs them
 * ({@link #drain(int)}, {@link #drainAll}, {@link #await}).
 */
final class WorkerEvents {

    private final ConcurrentHashMap<Integer, ConcurrentLinkedQueue<Runnable>> queues = new ConcurrentHashMap<>();

    /** Client {@code i}'s queue of listener calls (any thread). */
    ConcurrentLinkedQueue<Runnable> of(int i) {
        return queues.computeIfAbsent(i, k -> new ConcurrentLinkedQueue<>());
    }

    /** Runs the calls queued for client {@code i}, in their order (driver thread). */
    void drain(int i) {
        var queue = queues.get(i);
        if (queue == null) return;
        for (Runnable event; (event = queue.poll()) != null; ) event.run();
    }

    /** Runs every queued call, client by client in ascending index order (driver thread). */
    void drainAll() {
        for (int i : new TreeSet<>(queues.keySet())) drain(i);
    }

    /**
     * Waits for client {@code i}'s prepared update of {@code round}, running its queued calls meanwhile (driver thread).
     *
     * @throws RunCancelledException when the user stopped the run during its training
     * @throws Exception             what the worker threw
     */
    Optional<ClientNode.PreparedUpdate> await(Future<Optional<ClientNode.PreparedUpdate>> future, int round, int i)
            throws Exception {
        while (true) {
            drain(i);
            try {
                var prepared = future.get(20, TimeUnit.MILLISECONDS);
                drain(i);
                return prepared;
            } catch (TimeoutException e) {
                // run the listener calls queued meanwhile, then wait again
            } catch (ExecutionException e) {
                drain(i);
                Throwable cause = e.getCause();
                if (cause instanceof TrainingCancelledException) {
                    throw new RunCancelledException("run stopped by the user while client " + (i + 1)
                            + " trained in round " + round);
                }
                if (cause instanceof Exception x) throw x;
                if (cause instanceof Error x) throw x;
                throw e;
            }
        }
    }

    /** Names a run's worker threads ({@code prefix} and a number); daemons, so a stuck one never keeps the JVM alive. */
    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
