package dev.defl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.content.UnixFsImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code defl bench content}: throughput of the content layer on one file, as ratios to
 * {@code openssl dgst -sha256} of the same file measured in the same run (the SHA-256 limit of the machine).
 *
 * <p>Each repeat first adds the file into a fresh {@link EmbeddedContentStore} (a new store directory each repeat),
 * then measures, back to back: {@code openssl dgst -sha256} (the baseline; Java {@link MessageDigest} if openssl
 * cannot be run, labelled as such), {@code cat} of that file from a newly opened store into a counting null stream
 * (every block read from disk and hash-verified), {@code add --only-hash} with {@link ImportProfile#CIDV1_RAW_LEAVES}
 * and with {@link ImportProfile#CIDV0}, and Java {@code MessageDigest} SHA-256 streamed over the file. The baseline
 * runs right before {@code cat}, so that each repeat also gives a paired ratio (the operation's throughput over the
 * baseline's in the same repeat), which a machine whose load changes from second to second disturbs least.
 *
 * <p>Before timing, the file is read once (so it is in the page cache) and {@code --warmup} untimed rounds of every
 * operation run (so the JIT has compiled the Java paths: a repeat then measures the code, not the compiler).
 * {@code --load N} runs N threads that only burn CPU for the whole measurement, so that "under load" is
 * reproducible. Throughput is in MB/s with MB = 10<sup>6</sup> bytes; the table gives best, median and slowest over
 * the repeats, best over best and median over median of the baseline, and the smallest paired ratio.
 */
@Command(name = "content", mixinStandardHelpOptions = true,
        description = "Throughput of add --only-hash, add into the embedded store and cat (get+verify) on one file, "
                + "as ratios to `openssl dgst -sha256` of the same file in the same run (best, median, and the smallest "
                + "ratio within one repeat). MB = 10^6 bytes.")
final class ContentBenchCommand implements Callable<Integer> {
    /** Seed of the generated content: the same size always gives the same bytes, hence the same CIDs. */
    static final long CONTENT_SEED = 0x5EED_DEF1L;
    private static final int IO_BUFFER_BYTES = 1 << 20;

    static final String OPENSSL = "openssl dgst -sha256";
    static final String JAVA_SHA256 = "java MessageDigest SHA-256";
    static final String ONLY_HASH_V1 = "add --only-hash (CIDv1, raw leaves)";
    static final String ONLY_HASH_V0 = "add --only-hash (CIDv0)";
    static final String ADD_STORE = "add into embedded store (CIDv1, raw leaves)";
    static final String CAT = "cat from store, every block verified";

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "1GiB", converter = ByteSizeConverter.class,
            description = "Size of the generated test file: bytes, or with a unit KiB/MiB/GiB (2^10…) or KB/MB/GB (10^3…); "
                    + "default ${DEFAULT-VALUE}. Ignored with --file.")
    long sizeBytes;

    @Option(names = "--file", paramLabel = "F", description = "Measure this existing file instead of generating one (never deleted).")
    Path file;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "Measurements of each operation (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Untimed rounds of every operation before the timed repeats, so the JIT has compiled the Java "
                    + "paths (default ${DEFAULT-VALUE}; 0 times the first, cold round too).")
    int warmup;

    @Option(names = "--load", paramLabel = "N", defaultValue = "0",
            description = "Run N threads that only burn CPU during the warm-up and every measurement, openssl's "
                    + "included: a reproducible loaded machine (default ${DEFAULT-VALUE}: none).")
    int load;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the test file and the stores go (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the generated file and the last store instead of deleting them.")
    boolean keep;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
    Path json;

    @Option(names = "--openssl", paramLabel = "CMD", defaultValue = "openssl",
            description = "The openssl executable (default: ${DEFAULT-VALUE} on the PATH).")
    String openssl;

    /**
     * One operation's figures.
     *
     * @param name              the operation, as in the table
     * @param seconds           wall-clock time of each repeat, in seconds
     * @param bestMBps          fastest repeat, MB/s (MB = 10^6 bytes)
     * @param medianMBps        median throughput, MB/s
     * @param minMBps           slowest repeat, MB/s
     * @param maxMBps           fastest repeat, MB/s (the same as {@code bestMBps})
     * @param ratioBest         best throughput divided by the baseline's best
     * @param ratioToBaseline   median throughput divided by the baseline's median
     * @param pairedRatios      for each repeat, this operation's throughput divided by the baseline's in the same repeat
     * @param pairedRatioMin    the smallest of {@code pairedRatios}: how far the worst repeat fell behind
     * @param result            the CID (or hex SHA-256 digest for the hashing baselines), the same in every repeat
     */
    record OperationResult(String name, List<Double> seconds, double bestMBps, double medianMBps, double minMBps,
                           double maxMBps, double ratioBest, double ratioToBaseline, List<Double> pairedRatios,
                           double pairedRatioMin, String result) {
    }

    /**
     * The whole run, as written by {@code --json}.
     *
     * @param file          the measured file
     * @param sizeBytes     its size in bytes
     * @param generated     whether the file was generated (deterministic pseudo-random content) rather than given
     * @param repeats       measurements per operation
     * @param warmupRounds  untimed rounds of every operation before the repeats
     * @param loadThreads   CPU-burning threads run during the measurement ({@code --load})
     * @param loadAverage   the 1-minute load average of the machine ({@code /proc/loadavg}) at the start and at the end
     *                      of the timed repeats; empty where it cannot be read
     * @param cpus          processors available to the JVM
     * @param baseline      the operation the ratios divide by
     * @param pageCache     whether the file was read once before timing (always true)
     * @param units         what MB/s means
     * @param operations    the figures, in the table's order
     */
    record Report(String file, long sizeBytes, boolean generated, int repeats, int warmupRounds, int loadThreads,
                  List<Double> loadAverage, int cpus, String baseline, boolean pageCache, String units,
                  List<OperationResult> operations) {
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must not be negative, not " + warmup);
        if (load < 0) throw new IllegalArgumentException("--load must not be negative, not " + load);
        var console = System.console();
        boolean progress = console != null && console.isTerminal();
        PrintStream err = System.err;

        boolean tempDir = workDir == null;
        Path dir = tempDir ? Files.createTempDirectory("defl-bench-") : Files.createDirectories(workDir);
        boolean generated = file == null;
        Path input = generated ? dir.resolve("bench-" + sizeBytes + ".bin") : file;
        List<Path> created = new ArrayList<>();
        try (CpuBurner burner = new CpuBurner(load)) {
            if (generated) {
                if (progress) status(err, "writing " + String.format(Locale.ROOT, "%,d", sizeBytes) + " bytes to " + input);
                created.add(input);
                writePseudoRandom(input, sizeBytes, CONTENT_SEED);
            } else if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException("--file " + input + (Files.isDirectory(input) ? " is a directory" : " does not exist"));
            } else if (Files.size(input) == 0) {
                throw new IllegalArgumentException("--file " + input + " is empty; throughput needs at least one byte");
            }
            long size = Files.size(input);
            if (progress) status(err, "warming the page cache");
            sha256(input); // puts the file in the page cache

            boolean haveOpenssl = opensslRuns();
            String baselineKey = haveOpenssl ? OPENSSL : JAVA_SHA256;
            String baseline = haveOpenssl ? OPENSSL : JAVA_SHA256 + " (openssl not found)";
            burner.start();
            for (int w = 1; w <= warmup; w++) {
                Path store = dir.resolve("bench-store-warmup");
                created.add(store);
                round(new Measurements(haveOpenssl), input, size, store, haveOpenssl,
                        progress ? what -> status(err, "warm-up: " + what) : what -> { });
                TempDirs.deleteRecursively(store);
                created.remove(store);
            }
            Measurements m = new Measurements(haveOpenssl);
            List<Double> loadAverage = new ArrayList<>();
            loadAverage1().ifPresent(loadAverage::add);
            for (int r = 1; r <= repeat; r++) {
                String of = " (" + r + "/" + repeat + ")";
                Path store = dir.resolve("bench-store-" + r);
                TempDirs.deleteRecursively(store);
                created.add(store);
                round(m, input, size, store, haveOpenssl, progress ? what -> status(err, what + of) : what -> { });
                if (r < repeat || !keep) {
                    TempDirs.deleteRecursively(store);
                    created.remove(store);
                }
            }
            loadAverage1().ifPresent(loadAverage::add);
            burner.close();
            if (progress) err.print("\r\033[K");
            if (haveOpenssl) m.requireSame(OPENSSL, JAVA_SHA256, "SHA-256 digest");
            m.requireSame(ONLY_HASH_V1, ADD_STORE, "CID");

            Report report = m.report(input, size, generated, repeat, warmup, load, loadAverage, baselineKey, baseline);
            print(report, System.out);
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            }
            if (keep) System.out.println("kept: " + (tempDir ? dir : String.join(", ", created.stream().map(Path::toString).toList())));
            return 0;
        } finally {
            if (!keep) {
                for (Path p : created) TempDirs.deleteRecursively(p);
                if (tempDir) TempDirs.deleteRecursively(dir);
            }
        }
    }

    /**
     * One round: adds {@code input} into a fresh store in {@code store}, then times the baseline, cat from that store,
     * add --only-hash (both profiles) and Java SHA-256 back to back, recording into {@code m}.
     */
    private void round(Measurements m, Path input, long size, Path store, boolean haveOpenssl,
                       java.util.function.Consumer<String> progress) throws Exception {
        progress.accept(ADD_STORE);
        String cid = m.time(ADD_STORE, () -> addToStore(input, store));
        if (haveOpenssl) {
            progress.accept(OPENSSL);
            m.time(OPENSSL, () -> opensslSha256(input));
        }
        progress.accept(CAT);
        m.time(CAT, () -> catFromStore(store, Cid.parse(cid), size));
        progress.accept(ONLY_HASH_V1);
        m.time(ONLY_HASH_V1, () -> onlyHash(input, ImportProfile.CIDV1_RAW_LEAVES));
        progress.accept(ONLY_HASH_V0);
        m.time(ONLY_HASH_V0, () -> onlyHash(input, ImportProfile.CIDV0));
        progress.accept(JAVA_SHA256);
        m.time(JAVA_SHA256, () -> sha256(input));
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or empty where there is none (not Linux). */
    static java.util.Optional<Double> loadAverage1() {
        try {
            String line = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).strip();
            return java.util.Optional.of(Double.parseDouble(line.split("\\s+")[0]));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static void status(PrintStream err, String what) {
        err.print("\r\033[K[bench] " + what + "…");
        err.flush();
    }

    /** The timings and results of every operation, checking that each gives the same result in every repeat. */
    private static final class Measurements {
        private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
        private final Map<String, String> results = new LinkedHashMap<>();

        /** The table's order (not the measuring order), the baseline first. */
        Measurements(boolean haveOpenssl) {
            if (haveOpenssl) seconds.put(OPENSSL, new ArrayList<>());
            for (String name : List.of(JAVA_SHA256, ONLY_HASH_V1, ONLY_HASH_V0, ADD_STORE, CAT)) {
                seconds.put(name, new ArrayList<>());
            }
        }

        @FunctionalInterface
        interface Measured {
            String run() throws Exception;
        }

        /**
         * Runs {@code op} once, timed.
         *
         * @throws IllegalStateException if its result differs from an earlier repeat's
         */
        String time(String name, Measured op) throws Exception {
            long start = System.nanoTime();
            String result = op.run();
            long nanos = System.nanoTime() - start;
            String earlier = results.putIfAbsent(name, result);
            List<Double> times = seconds.get(name);
            if (earlier != null && !earlier.equals(result)) {
                throw new IllegalStateException(name + " gave " + earlier + " in repeat 1 but " + result
                        + " in repeat " + (times.size() + 1) + ": the result must not depend on the run");
            }
            times.add(nanos / 1e9);
            return result;
        }

        void requireSame(String a, String b, String what) {
            if (!results.get(a).equals(results.get(b))) {
                throw new IllegalStateException(what + " of " + a + " (" + results.get(a) + ") differs from " + b
                        + " (" + results.get(b) + ")");
            }
        }

        Report report(Path file, long size, boolean generated, int repeats, int warmupRounds, int loadThreads,
                      List<Double> loadAverage, String baselineKey, String baselineName) {
            double megabytes = size / 1e6;
            List<Double> baselineRates = seconds.get(baselineKey).stream().map(s -> megabytes / s).toList();
            double baselineMedian = median(baselineRates);
            double baselineBest = Collections.max(baselineRates);
            List<OperationResult> ops = new ArrayList<>();
            for (var entry : seconds.entrySet()) {
                List<Double> rates = entry.getValue().stream().map(s -> megabytes / s).toList();
                List<Double> paired = new ArrayList<>();
                for (int i = 0; i < rates.size(); i++) paired.add(rates.get(i) / baselineRates.get(i));
                double med = median(rates);
                double best = Collections.max(rates);
                String name = entry.getKey().equals(baselineKey) ? baselineName : entry.getKey();
                ops.add(new OperationResult(name, List.copyOf(entry.getValue()), best, med, Collections.min(rates), best,
                        best / baselineBest, med / baselineMedian, List.copyOf(paired), Collections.min(paired),
                        results.get(entry.getKey())));
            }
            return new Report(file.toAbsolutePath().toString(), size, generated, repeats, warmupRounds, loadThreads,
                    List.copyOf(loadAverage), Runtime.getRuntime().availableProcessors(), baselineName, true,
                    "MB/s, MB = 10^6 bytes", List.copyOf(ops));
        }
    }

    /**
     * {@code threads} platform threads that only burn CPU (integer arithmetic, no memory traffic) from {@link #start()}
     * until {@link #close()}: the load of {@code --load}.
     */
    private static final class CpuBurner implements AutoCloseable {
        private final int threads;
        private final List<Thread> running = new ArrayList<>();
        private volatile boolean stop;

        CpuBurner(int threads) {
            this.threads = threads;
        }

        void start() {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(this::burn, "bench-load-" + (i + 1));
                t.setDaemon(true);
                t.start();
                running.add(t);
            }
        }

        private void burn() {
            long x = Thread.currentThread().threadId();
            while (!stop) {
                for (int i = 0; i < 1_000_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
            }
            if (x == 42) System.err.print(""); // keeps the loop from being optimised away
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            for (Thread t : running) t.join();
            running.clear();
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(Report report, PrintStream out) {
        out.printf(Locale.ROOT, "defl bench content: %s, %,d bytes%s%n", report.file(), report.sizeBytes(),
                report.generated() ? " of deterministic pseudo-random content" : "");
        out.println("The file is in the page cache (read once before timing): these figures measure CPU and memory, not the disk.");
        out.printf(Locale.ROOT, "%d CPU%s; %d warm-up round%s before timing; %s; 1-min load average %s.%n", report.cpus(),
                report.cpus() == 1 ? "" : "s", report.warmupRounds(), report.warmupRounds() == 1 ? "" : "s",
                report.loadThreads() == 0 ? "no added load" : "--load " + report.loadThreads() + " CPU-burning thread"
                        + (report.loadThreads() == 1 ? "" : "s") + " running",
                report.loadAverage().isEmpty() ? "unknown" : String.join(" at the start, ",
                        report.loadAverage().stream().map(l -> String.format(Locale.ROOT, "%.2f", l)).toList())
                        + (report.loadAverage().size() > 1 ? " at the end" : ""));
        out.printf(Locale.ROOT, "MB/s with MB = 10^6 bytes over %d repeat%s; ratios to %s: best/best, median/median, and the "
                        + "smallest ratio within one repeat (paired min).%n%n",
                report.repeats(), report.repeats() == 1 ? "" : "s", report.baseline());
        int width = report.operations().stream().mapToInt(o -> o.name().length()).max().orElse(9);
        String row = "%-" + width + "s  %9s  %9s  %9s  %10s  %12s  %10s%n";
        out.printf(Locale.ROOT, row, "operation", "best MB/s", "median", "slowest", "ratio best", "ratio median", "paired min");
        for (OperationResult o : report.operations()) {
            out.printf(Locale.ROOT, row, o.name(), String.format(Locale.ROOT, "%.1f", o.bestMBps()),
                    String.format(Locale.ROOT, "%.1f", o.medianMBps()), String.format(Locale.ROOT, "%.1f", o.minMBps()),
                    String.format(Locale.ROOT, "%.2f", o.ratioBest()), String.format(Locale.ROOT, "%.2f", o.ratioToBaseline()),
                    String.format(Locale.ROOT, "%.2f", o.pairedRatioMin()));
        }
        out.println();
        out.println("Results (the same in every repeat):");
        for (OperationResult o : report.operations()) {
            out.printf(Locale.ROOT, "%-" + width + "s  %s%n", o.name(), o.result());
        }
    }

    /** Writes {@code size} bytes from a {@link SplittableRandom} seeded with {@code seed} (little-endian longs), 1 MiB at a time. */
    static void writePseudoRandom(Path target, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buffer = ByteBuffer.allocate(IO_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = size;
            while (left > 0) {
                buffer.clear();
                while (buffer.remaining() >= Long.BYTES) buffer.putLong(random.nextLong());
                buffer.flip();
                if (left < buffer.limit()) buffer.limit((int) left);
                left -= buffer.remaining();
                while (buffer.hasRemaining()) out.write(buffer);
            }
        }
    }

    /** Hex SHA-256 of the file, streamed through a 1 MiB buffer. */
    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256, which every Java platform must provide", e);
        }
        byte[] buffer = new byte[IO_BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private boolean opensslRuns() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(openssl, "version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static final Pattern OPENSSL_DIGEST = Pattern.compile("= ?([0-9a-f]{64})\\s*$");

    /** Runs {@code openssl dgst -sha256 FILE} and returns the hex digest it prints (process start included in the time). */
    private String opensslSha256(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(openssl, "dgst", "-sha256", file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(openssl + " dgst -sha256 " + file + " did not finish in 10 minutes");
        }
        Matcher digest = OPENSSL_DIGEST.matcher(output.strip());
        if (p.exitValue() != 0 || !digest.find()) {
            throw new IOException(openssl + " dgst -sha256 " + file + " failed (exit " + p.exitValue() + "): " + output.strip());
        }
        return digest.group(1);
    }

    /** As {@code defl add --only-hash}: the file through a 64 KiB {@link BufferedInputStream}, as {@link AddCommand} reads it. */
    private static String onlyHash(Path file, ImportProfile profile) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return UnixFsImporter.onlyHash(profile).add(in).toString();
        }
    }

    private static String addToStore(Path file, Path storeDir) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new EmbeddedContentStore(storeDir, ImportProfile.CIDV1_RAW_LEAVES).add(in).toString();
        }
    }

    /** Cats from a newly opened store (empty memory cache), counting the bytes; returns the CID. */
    private static String catFromStore(Path storeDir, Cid cid, long expectedBytes) throws IOException {
        CountingNullStream out = new CountingNullStream();
        new EmbeddedContentStore(storeDir).cat(cid, out);
        if (out.count != expectedBytes) {
            throw new IllegalStateException("cat " + cid + " gave " + out.count + " bytes, but the file has " + expectedBytes);
        }
        return cid.toString();
    }

    private static final class CountingNullStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Parses {@code 1048576}, {@code 4MiB}, {@code 1GiB}, {@code 512KiB}, {@code 1GB} (10^9), {@code 100B} into bytes. */
    static final class ByteSizeConverter implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.strip());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size (e.g. 4MiB, 1GiB, 1000000)");
            }
            long unit = m.group(2) == null ? 1 : switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "kib" -> 1L << 10;
                case "mib" -> 1L << 20;
                case "gib" -> 1L << 30;
                case "kb" -> 1_000L;
                case "mb" -> 1_000_000L;
                case "gb" -> 1_000_000_000L;
                default -> 1L;
            };
            long bytes;
            try {
                bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is too large a size");
            }
            if (bytes < 1) throw new TypeConversionException("size must be at least 1 byte, not '" + value + "'");
            return bytes;
        }
    }
}
