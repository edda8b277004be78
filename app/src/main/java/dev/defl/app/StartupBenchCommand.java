package dev.defl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code defl bench startup}: how long the window takes to show its first frame and to have its chain ready, from
 * process spawn, for a first start (empty data directory, empty {@code XDG_CACHE_HOME}: no AppCDS archive yet) and a
 * second start (same directories: the archive, if the launcher makes one, and the chain state exist).
 *
 * <p>Each run starts the window twice as a child process under the current {@code DISPLAY}, with
 * {@code --data-dir DIR --smoke-screenshot FILE --startup-report}, and times from spawning the process to reading its
 * {@code startup first-frame} and {@code startup ready} lines (see {@link StartupReport}) and its
 * {@code smoke: ready} line (store, chain and training engine ready, see {@link SmokeScreenshot}). Milliseconds.
 * A benchmark, not a test: the figures depend on the machine's load; compare ratios measured in one run.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Time from process spawn to the window's first frame and to the chain being ready, first start "
                + "(fresh data and cache directories) and second start (warm); needs a display (e.g. xvfb-run -a).")
final class StartupBenchCommand implements Callable<Integer> {

    @Option(names = "--launcher", paramLabel = "CMD",
            description = "Command that opens the window, split at spaces (e.g. /usr/bin/defl-workbench); default: "
                    + "this JVM's java with its class path and main class.")
    String launcher;

    @Option(names = "--app-cds", description = "With the default launcher: add -XX:+AutoCreateSharedArchive "
            + "-XX:SharedArchiveFile=$XDG_CACHE_HOME/defl-workbench/app.jsa, as the installed launcher does.")
    boolean appCds;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "2",
            description = "Pairs of starts (first, second), each in fresh directories (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "Limit of one start (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the data and cache directories go (default: "
            + "a new temporary directory, deleted afterwards).")
    Path workDir;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
    Path json;

    /**
     * One start's figures, in milliseconds from spawn (-1: the line never came).
     *
     * @param kind       {@code first} or {@code second}
     * @param run        1-based run number
     * @param firstFrame spawn → {@code startup first-frame}
     * @param ready      spawn → {@code startup ready} (the chain)
     * @param allReady   spawn → {@code smoke: ready} (store, chain, training engine)
     * @param exitCode   the child's exit code
     */
    record Start(String kind, int run, long firstFrame, long ready, long allReady, int exitCode) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
        if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
            throw new IllegalStateException("no DISPLAY to open the window on; run it under xvfb-run -a");
        }
        boolean tempDir = workDir == null;
        Path dir = tempDir ? Files.createTempDirectory("defl-bench-startup") : Files.createDirectories(workDir);
        List<Start> starts = new ArrayList<>();
        try {
            for (int run = 1; run <= runs; run++) {
                Path runDir = Files.createDirectories(dir.resolve("run-" + run));
                for (String kind : List.of("first", "second")) {
                    Start start = startOnce(kind, run, runDir);
                    starts.add(start);
                    System.out.printf(Locale.ROOT, "%-6s run %d: first frame %s, chain ready %s, all ready %s%s%n", kind, run,
                            ms(start.firstFrame()), ms(start.ready()), ms(start.allReady()),
                            start.exitCode() == 0 ? "" : " (exit code " + start.exitCode() + ")");
                }
            }
        } finally {
            if (tempDir) TempDirs.deleteRecursively(dir);
        }
        printTable(starts);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), starts);
        }
        return starts.stream().allMatch(s -> s.exitCode() == 0) ? 0 : 1;
    }

    private Start startOnce(String kind, int run, Path runDir) throws IOException, InterruptedException {
        Path cache = Files.createDirectories(runDir.resolve("cache"));
        List<String> command = new ArrayList<>(launcherCommand(cache));
        command.addAll(List.of("--data-dir", runDir.resolve("data").toString(),
                "--smoke-screenshot", runDir.resolve(kind + ".png").toString(), "--startup-report"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(runDir.resolve(kind + ".stderr.log").toFile());
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        long spawned = System.nanoTime();
        Process process = builder.start();
        long[] at = {-1, -1, -1};
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    long now = (System.nanoTime() - spawned) / 1_000_000;
                    synchronized (at) {
                        if (line.startsWith("startup first-frame ")) at[0] = now;
                        else if (line.startsWith("startup ready ")) at[1] = now;
                        else if (line.startsWith("smoke: ready ")) at[2] = now;
                    }
                }
            } catch (IOException ignored) {
                // the child went away: its exit code says how
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
        reader.join(5_000);
        synchronized (at) {
            return new Start(kind, run, at[0], at[1], at[2], process.exitValue());
        }
    }

    private List<String> launcherCommand(Path cache) {
        if (launcher != null) return Arrays.asList(launcher.trim().split("\\s+"));
        List<String> options = new ArrayList<>();
        if (appCds) {
            try {
                Files.createDirectories(cache.resolve("defl-workbench")); // the JVM does not create it
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            options.add("-XX:+AutoCreateSharedArchive");
            options.add("-XX:SharedArchiveFile=" + cache.resolve("defl-workbench").resolve("app.jsa"));
        }
        return SelfLauncher.java(options);
    }

    private static String ms(long millis) {
        return millis < 0 ? "—" : millis + " ms";
    }

    private static void printTable(List<Start> starts) {
        System.out.println();
        System.out.println("| start | first frame (median, ms) | chain ready (median, ms) | all ready (median, ms) |");
        System.out.println("|---|---|---|---|");
        long[] first = medians(starts, "first"), second = medians(starts, "second");
        System.out.printf(Locale.ROOT, "| first | %s | %s | %s |%n", cell(first[0]), cell(first[1]), cell(first[2]));
        System.out.printf(Locale.ROOT, "| second | %s | %s | %s |%n", cell(second[0]), cell(second[1]), cell(second[2]));
        System.out.printf(Locale.ROOT, "| second / first | %s | %s | %s |%n", ratio(second[0], first[0]),
                ratio(second[1], first[1]), ratio(second[2], first[2]));
    }

    private static long[] medians(List<Start> starts, String kind) {
        List<Start> of = starts.stream().filter(s -> s.kind().equals(kind)).toList();
        return new long[]{median(of.stream().mapToLong(Start::firstFrame).toArray()),
                median(of.stream().mapToLong(Start::ready).toArray()), median(of.stream().mapToLong(Start::allReady).toArray())};
    }

    /** The median of the non-negative values (the lower middle one of an even count), or -1 when there are none. */
    static long median(long[] values) {
        long[] known = Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
        return known.length == 0 ? -1 : known[(known.length - 1) / 2];
    }

    private static String cell(long millis) {
        return millis < 0 ? "—" : Long.toString(millis);
    }

    private static String ratio(long a, long b) {
        return a < 0 || b <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", (double) a / b);
    }
}
