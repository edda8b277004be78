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
import java.util.Comparator;
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
 * <p>Each repeat measures, in this order: {@code openssl dgst -sha256} (the baseline; Java
 * {@link MessageDigest} if openssl cannot be run, labelled as such), Java {@code MessageDigest} SHA-256
 * streamed over the file, {@code add --only-hash} with {@link ImportProfile#CIDV1_RAW_LEAVES} and with
 * {@link ImportProfile#CIDV0}, add into a fresh {@link EmbeddedContentStore} (a new store directory each
 * repeat), and {@code cat} of that file from a newly opened store into a counting null stream (every block
 * read from disk and hash-verified). The file is read once before timing, so it is in the page cache.
 * Throughput is in MB/s with MB = 10<sup>6</sup> bytes; the table gives median, min and max over the repeats.
 */
@Command(name = "content", mixinStandardHelpOptions = true,
        description = "Throughput of add --only-hash, add into the embedded store and cat (get+verify) on one file, "
                + "as ratios to `openssl dgst -sha256` of the same file in the same run. MB = 10^6 bytes.")
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
     * @param name             the operation, as in the table
     * @param seconds          wall-clock time of each repeat, in seconds
     * @param medianMBps       median throughput, MB/s (MB = 10^6 bytes)
     * @param minMBps          slowest repeat, MB/s
     * @param maxMBps          fastest repeat, MB/s
     * @param ratioToBaseline  median throughput divided by the baseline's median
     * @param result           the CID (or hex SHA-256 digest for the hashing baselines), the same in every repeat
     */
    record OperationResult(String name, List<Double> seconds, double medianMBps, double minMBps, double maxMBps,
                           double ratioToBaseline, String result) {
    }

    /**
     * The whole run, as written by {@code --json}.
     *
     * @param file        the measured file
     * @param sizeBytes   its size in bytes
     * @param generated   whether the file was generated (deterministic pseudo-random content) rather than given
     * @param repeats     measurements per operation
     * @param baseline    the operation the ratios divide by
     * @param pageCache   whether the file was read once before timing (always true)
     * @param units       what MB/s means
     * @param operations  the figures, in measuring order
     */
    record Report(String file, long sizeBytes, boolean generated, int repeats, String baseline, boolean pageCache,
                  String units, List<OperationResult> operations) {
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) throw new IllegalArgumentException("--repeat must be at least 1, not " + repeat);
        var console = System.console();
        boolean progress = console != null && console.isTerminal();
        PrintStream err = System.err;

        boolean tempDir = workDir == null;
        Path dir = tempDir ? Files.createTempDirectory("defl-bench-") : Files.createDirectories(workDir);
        boolean generated = file == null;
        Path input = generated ? dir.resolve("bench-" + sizeBytes + ".bin") : file;
        List<Path> created = new ArrayList<>();
        try {
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
            sha256(input); // warm-up: puts the file in the page cache and the digest code through the JIT

            boolean haveOpenssl = opensslRuns();
            String baseline = haveOpenssl ? OPENSSL : JAVA_SHA256 + " (openssl not found)";
            Measurements m = new Measurements();
            for (int r = 1; r <= repeat; r++) {
                String of = " (" + r + "/" + repeat + ")";
                if (haveOpenssl) {
                    if (progress) status(err, OPENSSL + of);
                    m.time(OPENSSL, r, () -> opensslSha256(input));
                }
                if (progress) status(err, JAVA_SHA256 + of);
                m.time(JAVA_SHA256, r, () -> sha256(input));
                if (progress) status(err, ONLY_HASH_V1 + of);
                m.time(ONLY_HASH_V1, r, () -> onlyHash(input, ImportProfile.CIDV1_RAW_LEAVES));
                if (progress) status(err, ONLY_HASH_V0 + of);
                m.time(ONLY_HASH_V0, r, () -> onlyHash(input, ImportProfile.CIDV0));

                Path store = dir.resolve("bench-store-" + r);
                TempDirs.deleteRecursively(store);
                created.add(store);
                if (progress) status(err, ADD_STORE + of);
                String cid = m.time(ADD_STORE, r, () -> addToStore(input, store));
                if (progress) status(err, CAT + of);
                m.time(CAT, r, () -> catFromStore(store, Cid.parse(cid), size));
                if (r < repeat || !keep) {
                    TempDirs.deleteRecursively(store);
                    created.remove(store);
                }
            }
            if (progress) err.print("\r\033[K");
            if (haveOpenssl) m.requireSame(OPENSSL, JAVA_SHA256, "SHA-256 digest");
            m.requireSame(ONLY_HASH_V1, ADD_STORE, "CID");

            Report report = m.report(input, size, generated, repeat, haveOpenssl ? OPENSSL : JAVA_SHA256, baseline);
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

    private static void status(PrintStream err, String what) {
        err.print("\r\033[K[bench] " + what + "…");
        err.flush();
    }

    /** The timings and results of every operation, checking that each gives the same result in every repeat. */
    private static final class Measurements {
        private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
        private final Map<String, String> results = new LinkedHashMap<>();

        @FunctionalInterface
        interface Measured {
            String run() throws Exception;
        }

        /**
         * Runs {@code op} once, timed.
         *
         * @throws IllegalStateException if its result differs from an earlier repeat's
         */
        String time(String name, int repeatNumber, Measured op) throws Exception {
            long start = System.nanoTime();
            String result = op.run();
            long nanos = System.nanoTime() - start;
            String earlier = results.putIfAbsent(name, result);
            if (earlier != null && !earlier.equals(result)) {
                throw new IllegalStateException(name + " gave " + earlier + " in repeat 1 but " + result
                        + " in repeat " + repeatNumber + ": the result must not depend on the run");
            }
            seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(nanos / 1e9);
            return result;
        }

        void requireSame(String a, String b, String what) {
            if (!results.get(a).equals(results.get(b))) {
                throw new IllegalStateException(what + " of " + a + " (" + results.get(a) + ") differs from " + b
                        + " (" + results.get(b) + ")");
            }
        }

        Report report(Path file, long size, boolean generated, int repeats, String baselineKey, String baselineName) {
            double megabytes = size / 1e6;
            double baselineMedian = median(seconds.get(baselineKey).stream().map(s -> megabytes / s).toList());
            List<OperationResult> ops = new ArrayList<>();
            for (var entry : seconds.entrySet()) {
                List<Double> rates = entry.getValue().stream().map(s -> megabytes / s).toList();
                double med = median(rates);
                String name = entry.getKey().equals(baselineKey) ? baselineName : entry.getKey();
                ops.add(new OperationResult(name, List.copyOf(entry.getValue()), med,
                        rates.stream().min(Comparator.naturalOrder()).orElseThrow(),
                        rates.stream().max(Comparator.naturalOrder()).orElseThrow(),
                        med / baselineMedian, results.get(entry.getKey())));
            }
            return new Report(file.toAbsolutePath().toString(), size, generated, repeats, baselineName, true,
                    "MB/s, MB = 10^6 bytes", List.copyOf(ops));
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
        out.printf(Locale.ROOT, "MB/s with MB = 10^6 bytes; median, min and max of %d repeat%s; ratio = median / median of %s.%n%n",
                report.repeats(), report.repeats() == 1 ? "" : "s", report.baseline());
        int width = report.operations().stream().mapToInt(o -> o.name().length()).max().orElse(9);
        String row = "%-" + width + "s  %9s  %9s  %9s  %6s%n";
        out.printf(Locale.ROOT, row, "operation", "MB/s", "min", "max", "ratio");
        for (OperationResult o : report.operations()) {
            out.printf(Locale.ROOT, row, o.name(), String.format(Locale.ROOT, "%.1f", o.medianMBps()),
                    String.format(Locale.ROOT, "%.1f", o.minMBps()), String.format(Locale.ROOT, "%.1f", o.maxMBps()),
                    String.format(Locale.ROOT, "%.2f", o.ratioToBaseline()));
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
