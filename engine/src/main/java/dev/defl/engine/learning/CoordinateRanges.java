package dev.defl.engine.learning;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits the elements {@code [0, size)} of each tensor of a model into contiguous coordinate ranges and runs a
 * per-range action on them, in parallel across cores. The aggregation strategies use it to compute each output
 * coordinate from the updates' values at that coordinate.
 *
 * <p>Deterministic by construction: an action must write only the coordinates of its own range and compute each one
 * from its inputs alone, in a fixed order over the updates. Then the result does not depend on the range size, on the
 * number of threads or on which thread ran which range: it is bit-identical to one sequential pass.
 *
 * <p>Threads: the calling thread works through the ranges itself and up to {@code parallelism − 1} helper tasks on an
 * executor (by default {@link ForkJoinPool#commonPool()}, whose size follows {@link Runtime#availableProcessors()})
 * take ranges from the same counter. The caller never waits for a helper that has not started, so a busy or
 * saturated pool only makes a call slower, never stuck. One range ({@code rangeSize} elements) is the unit of work.
 */
public final class CoordinateRanges {
    /** Elements per range by default: 65,536 (a {@code double} accumulator for it is 512 KiB, within an L2 cache). */
    public static final int DEFAULT_RANGE_SIZE = 1 << 16;

    private static final CoordinateRanges DEFAULT = new CoordinateRanges(DEFAULT_RANGE_SIZE,
            Runtime.getRuntime().availableProcessors(), ForkJoinPool.commonPool());
    private static final CoordinateRanges SEQUENTIAL = new CoordinateRanges(DEFAULT_RANGE_SIZE, 1, Runnable::run);

    /** The work for the elements {@code [from, to)} of tensor number {@code tensor} (an index into the sizes given). */
    @FunctionalInterface
    public interface RangeAction {
        void run(int tensor, int from, int to);
    }

    private final int rangeSize;
    private final int parallelism;
    private final Executor executor;

    /**
     * Ranges of {@code rangeSize} elements run by up to {@code parallelism} threads (the caller and helpers on the
     * common fork-join pool).
     *
     * @throws IllegalArgumentException if {@code rangeSize < 1} or {@code parallelism < 1}
     */
    public CoordinateRanges(int rangeSize, int parallelism) {
        this(rangeSize, parallelism, ForkJoinPool.commonPool());
    }

    /**
     * As {@link #CoordinateRanges(int, int)} with helpers run by {@code executor}.
     *
     * @throws IllegalArgumentException if {@code rangeSize < 1} or {@code parallelism < 1}
     */
    public CoordinateRanges(int rangeSize, int parallelism, Executor executor) {
        if (rangeSize < 1) throw new IllegalArgumentException("coordinate range size must be >= 1, got " + rangeSize);
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        if (executor == null) throw new IllegalArgumentException("executor must not be null");
        this.rangeSize = rangeSize;
        this.parallelism = parallelism;
        this.executor = executor;
    }

    /** {@link #DEFAULT_RANGE_SIZE} elements per range, one thread per available processor. */
    public static CoordinateRanges defaults() {
        return DEFAULT;
    }

    /** {@link #DEFAULT_RANGE_SIZE} elements per range, all on the calling thread, in order. */
    public static CoordinateRanges sequential() {
        return SEQUENTIAL;
    }

    public int rangeSize() {
        return rangeSize;
    }

    public int parallelism() {
        return parallelism;
    }

    /**
     * Runs {@code action} once for every range of every tensor and returns when all have finished (their writes are
     * then visible to the caller). Empty tensors get no range.
     *
     * @param sizes element count of each tensor, each {@code >= 0}
     * @throws IllegalArgumentException if a size is negative
     * @throws RuntimeException         the first exception an action threw (the other ranges may or may not have run)
     */
    public void forEach(int[] sizes, RangeAction action) {
        long ranges = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("tensor size must be >= 0, got " + s);
            ranges += (s + (long) rangeSize - 1) / rangeSize;
        }
        int count = Math.toIntExact(ranges);
        int[] tensorOf = new int[count];
        int[] fromOf = new int[count];
        for (int t = 0, r = 0; t < sizes.length; t++) {
            for (long from = 0; from < sizes[t]; from += rangeSize) {
                tensorOf[r] = t;
                fromOf[r++] = (int) from;
            }
        }
        if (count <= 1 || parallelism == 1) {
            for (int r = 0; r < count; r++) action.run(tensorOf[r], fromOf[r], end(sizes, tensorOf[r], fromOf[r]));
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < count; ) {
                try {
                    if (failure.get() == null) action.run(tensorOf[i], fromOf[i], end(sizes, tensorOf[i], fromOf[i]));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = Math.min(parallelism, count) - 1; h > 0; h--) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // the caller does the remaining ranges itself
            }
        }
        worker.run();
        awaitUninterruptibly(done);
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException("a coordinate range failed", e);
    }

    private int end(int[] sizes, int tensor, int from) {
        return (int) Math.min(sizes[tensor], (long) from + rangeSize);
    }

    /** Waits for ranges that helpers have started (each finishes on its own); keeps the interrupt flag. */
    private static void awaitUninterruptibly(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    @Override
    public String toString() {
        return "CoordinateRanges(" + rangeSize + " elements, " + parallelism + " threads)";
    }
}
