package dev.defl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code defl bench ui}: the window's frame times with a large history. Writes {@code --peers} participants (a real
 * task on the embedded chain), a run of {@code --rounds} rounds and {@code --pins} pinned files into a fresh data
 * directory ({@link UiBenchHistory}), opens the window on it in this JVM and drives it ({@link UiBenchScript}): opens
 * each pane, scrolls and sorts every table, switches panes; prints p50, p99 and the longest frame time per pane and
 * action, the heap and the setup times, and writes them as JSON with {@code --json}. Needs a display (Xvfb) or the
 * headless Monocle platform. A benchmark, not a test: it asserts nothing about the times.
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Frame times of the window with a large history (peers, rounds, pins): scrolls and sorts every "
                + "table, switches panes; prints p50/p99/max frame time per pane and action, heap and setup time. "
                + "Needs a display (e.g. xvfb-run -a -s '-screen 0 1280x800x24').")
final class UiBenchCommand implements Callable<Integer> {

    /** The goal for every action's 99th percentile frame time, milliseconds (issue #17). */
    static final double GOAL_P99_MS = FrameTimes.SLOW_MS;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "100",
            description = "Participants of the task: N−1 clients and 1 aggregator, 2 to 121 (default: ${DEFAULT-VALUE}).")
    int peers;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1000",
            description = "Rounds of the recorded run (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--pins", paramLabel = "N", defaultValue = "10000",
            description = "Pinned files in the content store, at least --rounds (default: ${DEFAULT-VALUE}).")
    int pins;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
    Path json;

    @Option(names = "--screenshots", paramLabel = "DIR",
            description = "Save a PNG of each pane once it holds the history, DIR/ui-bench-<pane>.png.")
    Path screenshots;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "The data directory to fill (kept): new or empty, or one an earlier bench ui filled with the same "
                    + "sizes (then reused as it is). Default: a temporary one, deleted.")
    Path workDir;

    /**
     * Everything {@code --json} writes.
     *
     * @param setupSeconds  writing the history: {@code experiment} (the real task), {@code pins}, {@code rounds}
     * @param windowSeconds window shown → ready ({@code ready}), and per pane tab selected → table filled
     * @param loadAverage   the system's 1-minute load average before and after (the machine may be shared)
     */
    record Report(int peers, int rounds, int pins, int pinnedRoots, Map<String, Double> setupSeconds,
                  double readySeconds, Map<String, Double> fillSeconds, long heapLiveBytes, long heapPeakBytes,
                  long heapMaxBytes, String renderer, String prismOrder, int cpus, double[] loadAverage,
                  double goalP99Ms, FrameTimes.Stats overall, FrameTimes.Stats scrollAndSort,
                  List<FrameTimes.Stats> frames, List<String> notes) {
    }

    @Override
    public Integer call() throws Exception {
        UiBenchHistory.validate(peers, rounds, pins);
        if (!"Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))
                && (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank())) {
            throw new IllegalStateException("no DISPLAY to open the window on; run it under "
                    + "xvfb-run -a -s '-screen 0 1280x800x24'");
        }
        PrintStream out = System.out;
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("defl-bench-ui") : workDir;
        java.util.Optional<UiBenchHistory.Written> earlier = temporary ? java.util.Optional.empty()
                : UiBenchHistory.earlier(dir, peers, rounds, pins);
        if (!temporary && earlier.isEmpty() && Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--work-dir " + dir + " is not empty and holds no bench ui history of "
                            + "these sizes; give a new directory");
                }
            }
        }
        try {
            if (earlier.isPresent()) out.println("setup: reusing the history in " + dir);
            UiBenchHistory.Written written = earlier.isPresent() ? earlier.get()
                    : UiBenchHistory.write(dir, peers, rounds, pins, out);
            out.printf(Locale.ROOT, "setup%s: task %.1f s, %,d pins %.1f s, %,d rounds %.1f s; opening the window…%n",
                    earlier.isPresent() ? " (when the history was written)" : "", written.experimentSeconds(), pins,
                    written.pinsSeconds(), rounds, written.roundsSeconds());
            UiBenchScript script = new UiBenchScript(peers, rounds, pins, written.bigRunName(), screenshots);
            int code = WorkbenchApp.launch(new WorkbenchApp.Options(dir, null, null, false, null, script));
            UiBenchScript.Result r = script.result();
            if (r == null) throw new IllegalStateException("the window closed before the bench ended (exit code " + code + ")");
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Report report = new Report(peers, rounds, pins, written.pinnedRoots(),
                    Map.of("experiment", written.experimentSeconds(), "pins", written.pinsSeconds(),
                            "rounds", written.roundsSeconds()),
                    r.readySeconds(), r.fillSeconds(), r.heapLiveBytes(), r.heapPeakBytes(), r.heapMaxBytes(),
                    r.renderer(), System.getProperty("prism.order", "(default)"),
                    Runtime.getRuntime().availableProcessors(), new double[]{loadBefore, loadAfter}, GOAL_P99_MS,
                    r.overall(), r.scrollAndSort(), r.frames(), r.notes());
            print(report, out);
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            }
            return code;
        } finally {
            if (temporary) TempDirs.deleteRecursively(dir);
        }
    }

    private static void print(Report r, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%,d peers, %,d rounds, %,d pins (%,d pinned roots); %s rendering (prism.order %s), "
                        + "%d CPUs, load average %.2f → %.2f%n", r.peers(), r.rounds(), r.pins(), r.pinnedRoots(),
                r.renderer(), r.prismOrder(), r.cpus(), r.loadAverage()[0], r.loadAverage()[1]);
        out.println();
        out.println("| pane | action | frames | p50 ms | p99 ms | max ms | frames > 20 ms | of which in a GC | FX work p99 ms | FX work max ms | FX CPU p99 ms | FX CPU max ms |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (FrameTimes.Stats s : r.frames()) row(out, s);
        row(out, r.scrollAndSort());
        row(out, r.overall());
        out.println();
        out.printf(Locale.ROOT, "window ready %.1f s after it was shown; filled: %s%n", r.readySeconds(),
                String.join(", ", r.fillSeconds().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue())).toList()));
        out.printf(Locale.ROOT, "heap: %.0f MiB in use after a full GC (everything shown), peak %.0f MiB, max %.0f MiB%n",
                r.heapLiveBytes() / 1048576.0, r.heapPeakBytes() / 1048576.0, r.heapMaxBytes() / 1048576.0);
        long over = r.frames().stream().filter(s -> s.p99Ms() > r.goalP99Ms()).count();
        out.printf(Locale.ROOT, "goal p99 ≤ %.0f ms: %s%n", r.goalP99Ms(),
                over == 0 ? "met by every action" : over + " of " + r.frames().size() + " actions over");
        for (FrameTimes.Stats s : List.of(r.scrollAndSort(), r.overall())) {
            out.printf(Locale.ROOT, "%s frames: p99 %.1f ms; %,d of %,d frames over %.0f ms (p99 ≤ %.0f ms allows %,d),"
                            + " %,d of them with a garbage collection%n",
                    s.pane(), s.p99Ms(), s.slow(), s.frames(), r.goalP99Ms(), r.goalP99Ms(), s.frames() / 100, s.slowInGc());
        }
        for (String note : r.notes()) out.println("note: " + note);
    }

    private static void row(PrintStream out, FrameTimes.Stats s) {
        out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", s.pane(),
                s.action(), s.frames(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.slow(), s.slowInGc(), s.workP99Ms(), s.workMaxMs(), s.cpuP99Ms(), s.cpuMaxMs());
    }
}
