package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The numpy baselines of {@code defl bench aggregate}: runs the bundled {@code numpy_aggregate.py} with a Python
 * interpreter on the update files the bench wrote ({@code client-K.f32}, little-endian float32, tensors concatenated
 * in name order), which times Flower's {@code aggregate} code path and a float64-accumulator FedAvg inside Python
 * ({@code time.perf_counter}, reading excluded).
 */
final class NumpyAggregateBaseline {
    static final String SCRIPT = "numpy_aggregate.py";
    /** The file the script writes the float64 version's result to, in the work directory. */
    static final String FLOAT64_RESULT = "numpy-float64-result.f32";

    private NumpyAggregateBaseline() {
    }

    /**
     * What the script measured.
     *
     * @param python             Python version
     * @param numpy              numpy version
     * @param flowerSeconds      Flower's aggregate, each repeat, seconds
     * @param flowerPeakRss      peak RSS of the Python process while it ran, bytes (updates loaded included)
     * @param float64Seconds     the float64 accumulator, each repeat, seconds
     * @param float64PeakRss     peak RSS while it ran, bytes
     * @param loadedRss          RSS with the updates loaded, before aggregating, bytes
     * @param peakResetWorked    whether the peaks are per method ({@code /proc/self/clear_refs} accepted the reset);
     *                           otherwise they are peaks since the process started
     */
    record Figures(String python, String numpy, List<Double> flowerSeconds, long flowerPeakRss,
                   List<Double> float64Seconds, long float64PeakRss, long loadedRss, boolean peakResetWorked) {
    }

    /**
     * Whether {@code python} runs and imports numpy.
     *
     * @return the numpy version, or empty with the reason in {@code why[0]}
     */
    static Optional<String> numpyVersion(String python, String[] why) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy; print(numpy.__version__)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why[0] = python + " did not answer in 60 s";
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                why[0] = out.contains("No module named") ? python + " has no numpy" : python + " failed: " + lastLine(out);
                return Optional.empty();
            }
            return Optional.of(lastLine(out));
        } catch (IOException e) {
            why[0] = python + " not found";
            return Optional.empty();
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /**
     * Runs the script on the files in {@code dir}.
     *
     * @param sizes   element counts of the tensors, in name order
     * @param samples {@code n_k} of each client
     * @throws IOException if the script cannot be written or run, exits non-zero (its last stderr line is in the
     *                     message) or prints no JSON
     */
    static Figures run(String python, Path dir, int clients, int repeats, List<Integer> sizes, long[] samples)
            throws IOException, InterruptedException {
        Path script = dir.resolve(SCRIPT);
        try (InputStream in = NumpyAggregateBaseline.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IOException("the bundled " + SCRIPT + " is missing from the class path");
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString(), dir.toString(), Integer.toString(clients),
                Integer.toString(repeats), sizes.stream().map(String::valueOf).collect(Collectors.joining(",")),
                LongStream.of(samples).mapToObj(String::valueOf).collect(Collectors.joining(","))));
        Path errFile = dir.resolve("numpy-stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(python + " " + SCRIPT + " did not finish in 30 minutes");
        }
        String err = Files.readString(errFile, StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(python + " " + SCRIPT + " failed (exit " + p.exitValue() + "): "
                    + (err.isEmpty() ? "no message" : lastLine(err)));
        }
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(lastLine(out));
        } catch (IOException e) {
            throw new IOException(python + " " + SCRIPT + " printed no JSON result: '" + lastLine(out) + "'", e);
        }
        return new Figures(j.path("python").asText(), j.path("numpy").asText(), doubles(j.path("flowerSeconds")),
                j.path("flowerPeakRssBytes").asLong(), doubles(j.path("float64Seconds")), j.path("float64PeakRssBytes").asLong(),
                j.path("loadedRssBytes").asLong(), j.path("peakResetWorked").asBoolean());
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return List.copyOf(out);
    }
}
