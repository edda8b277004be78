package dev.defl.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this JVM over a phase of a benchmark: the resident set's high-water mark ({@code VmHWM} of
 * {@code /proc/self/status}, Linux) and the Java heap's peak (the sum of the heap memory pools' peak usage, from
 * {@link MemoryPoolMXBean}; an upper bound, as the pools need not peak at the same moment).
 *
 * <p>{@link #reset()} starts a phase: it writes {@code 5} to {@code /proc/self/clear_refs} (Linux 4.0+), which sets
 * the high-water mark to the current RSS, and resets the pools' peaks. Where the kernel refuses the reset, the RSS
 * peak is since the process started, and {@link #rssResetWorks()} says so.
 */
final class MemoryPeaks {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private boolean rssResetWorks = true;

    /** Starts a phase: resets both peaks to the current usage. */
    void reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            rssResetWorks = false;
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) pool.resetPeakUsage();
        }
    }

    /** Whether every {@link #reset()} so far could reset the RSS high-water mark. */
    boolean rssResetWorks() {
        return rssResetWorks;
    }

    /** Peak resident set since the last {@link #reset()}, bytes; -1 where {@code /proc/self/status} cannot be read. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Sum of the heap pools' peak usage since the last {@link #reset()}, bytes. */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }
}
