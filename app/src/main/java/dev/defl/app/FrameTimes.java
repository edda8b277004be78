package dev.defl.app;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frame times of the window, collected pulse by pulse for {@code defl bench ui}, per pane and action.
 *
 * <p>Two figures per pulse, both in nanoseconds of {@link System#nanoTime()}:
 * <ul>
 *   <li><b>frame time</b>: from one JavaFX pulse to the next (the start of one {@code AnimationTimer} tick to the
 *   start of the next). With something to animate the toolkit pulses every 16.7 ms (60 Hz); a pulse whose work
 *   (on the FX thread, or rendering the previous frame) runs longer delays the next, so this is the interval the user
 *   sees between two frames. It is charged to the action that ran in the earlier pulse.</li>
 *   <li><b>FX work</b>: from the start of the tick to the scene's post-layout pulse listener: the action's own work
 *   (a scroll step, a sort) plus the scene's CSS and layout (where cells are updated), not the rendering.</li>
 *   <li><b>FX CPU</b>: the JavaFX thread's CPU time over the same span ({@link ThreadMXBean#getCurrentThreadCpuTime});
 *   on a machine shared with other work, FX work also counts the time the thread waited for a core, FX CPU does not:
 *   it is what the pulse needs.</li>
 * </ul>
 * A frame is also marked when a garbage collection ran between its two pulses (the sum of
 * {@link GarbageCollectorMXBean#getCollectionCount()} over the JVM's collectors changed): with G1 each young
 * collection, remark and cleanup stops the FX thread, so such a frame may be slow for a reason outside the panes.
 * Not thread-safe: used on the JavaFX thread only.
 */
final class FrameTimes {

    /**
     * One action's frames; times in milliseconds.
     *
     * @param pane     the tab, e.g. {@code "IPFS"}
     * @param action   what ran, e.g. {@code "scroll ipfsTable"}
     * @param frames   frame intervals measured
     * @param p50Ms    median frame time
     * @param p99Ms    99th percentile frame time (nearest rank)
     * @param maxMs    longest frame time
     * @param slow     frames longer than {@link #SLOW_MS} (the goal's 20 ms): an action of F frames meets a p99 of
     *                 20 ms when at most {@code F / 100} of them are slow
     * @param slowInGc the slow frames during which a garbage collection ran (a pause of every thread)
     * @param workP99Ms 99th percentile of the FX thread's work per pulse
     * @param workMaxMs longest FX work of a pulse
     * @param cpuP99Ms  99th percentile of the FX thread's CPU time per pulse (over the FX work's span)
     * @param cpuMaxMs  longest FX CPU time of a pulse
     */
    record Stats(String pane, String action, int frames, double p50Ms, double p99Ms, double maxMs, int slow, int slowInGc, double workP99Ms,
                 double workMaxMs, double cpuP99Ms, double cpuMaxMs) {
    }

    /** The frames of one action. */
    static final class Bucket {
        final String pane, action;
        private final List<Long> intervals = new ArrayList<>(), work = new ArrayList<>(), cpu = new ArrayList<>();
        /** Per interval: whether a garbage collection ran in it. */
        private final List<Boolean> gc = new ArrayList<>();

        private Bucket(String pane, String action) {
            this.pane = pane;
            this.action = action;
        }
    }

    /** A frame longer than this many milliseconds is slow ({@link Stats#slow()}): the bench's goal for p99. */
    static final double SLOW_MS = 20;

    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    private long tickAt = -1, tickCpu, tickCollections;
    private Bucket previous, current;

    /** The bucket of {@code pane}/{@code action}, made on first use. */
    Bucket bucket(String pane, String action) {
        return buckets.computeIfAbsent(pane + "\u0000" + action, k -> new Bucket(pane, action));
    }

    /**
     * A pulse begins (call first thing in the {@code AnimationTimer}): charges the interval since the last tick to the
     * action of the last pulse; {@code now} then runs, for {@code action} (null: not measured, e.g. a snapshot).
     */
    void tick(long now, Bucket action) {
        long collections = collections();
        if (tickAt >= 0 && previous != null) {
            previous.intervals.add(now - tickAt);
            previous.gc.add(collections != tickCollections);
        }
        tickAt = now;
        tickCollections = collections;
        tickCpu = THREADS.getCurrentThreadCpuTime();
        previous = action;
        current = action;
    }

    /** Garbage collections so far, all collectors together. */
    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean c : COLLECTORS) n += Math.max(0, c.getCollectionCount());
        return n;
    }

    /** The scene's layout of this pulse is done (call from a post-layout pulse listener). */
    void laidOut(long now) {
        if (current != null && tickAt >= 0) {
            current.work.add(now - tickAt);
            current.cpu.add(THREADS.getCurrentThreadCpuTime() - tickCpu);
        }
        current = null;
    }

    /** Forgets the interval running now (the next tick is not charged): after a pause in ticking. */
    void breakChain() {
        previous = null;
    }

    /** Every action measured, in the order first used. */
    List<Stats> stats() {
        List<Stats> out = new ArrayList<>();
        for (Bucket b : buckets.values()) {
            if (!b.intervals.isEmpty()) out.add(stats(b.pane, b.action, b.intervals, b.gc, b.work, b.cpu));
        }
        return out;
    }

    /** All frames of every action together. */
    Stats overall() {
        return pooled("all", "all", b -> true);
    }

    /** The frames of the actions whose name {@code actionName} accepts, together (e.g. every scroll and sort). */
    Stats pooled(String pane, String action, java.util.function.Predicate<String> actionName) {
        List<Bucket> chosen = buckets.values().stream().filter(b -> actionName.test(b.action)).toList();
        return stats(pane, action, chosen.stream().flatMap(b -> b.intervals.stream()).toList(),
                chosen.stream().flatMap(b -> b.gc.stream()).toList(),
                chosen.stream().flatMap(b -> b.work.stream()).toList(),
                chosen.stream().flatMap(b -> b.cpu.stream()).toList());
    }

    private static Stats stats(String pane, String action, List<Long> intervals, List<Boolean> gc, List<Long> work,
                               List<Long> cpu) {
        long[] f = sorted(intervals), w = sorted(work), c = sorted(cpu);
        int slowInGc = 0;
        for (int i = 0; i < intervals.size(); i++) {
            if (intervals.get(i) > SLOW_MS * 1e6 && gc.get(i)) slowInGc++;
        }
        return new Stats(pane, action, f.length, ms(rank(f, 0.50)), ms(rank(f, 0.99)), ms(max(f)),
                (int) java.util.Arrays.stream(f).filter(n -> n > SLOW_MS * 1e6).count(), slowInGc, ms(rank(w, 0.99)),
                ms(max(w)), ms(rank(c, 0.99)), ms(max(c)));
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    /** The nearest-rank {@code q} quantile of ascending {@code sorted}; 0 when empty. */
    static long rank(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    @Override
    public String toString() {
        return "FrameTimes" + Arrays.toString(buckets.keySet().toArray());
    }
}
