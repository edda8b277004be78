package dev.defl.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.learning.AggregationStrategy;
import dev.defl.engine.learning.FedMedian;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.StreamingAggregation;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.WeightedUpdate;
import dev.defl.engine.ledger.UpdateEntry;
import dev.defl.engine.round.ModelFetcher;
import dev.defl.engine.round.StreamedRound;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code defl bench aggregate}: the time of the aggregation strategies on seeded random updates
 * ({@link SyntheticUpdates}), in memory and from the content store, against numpy baselines and a parallel-sum
 * memory-bandwidth reference measured in the same run.
 *
 * <p>Set-up (not timed): each client's update is generated, written raw for numpy ({@code client-K.f32}) and added
 * as a safetensors file ({@link SafetensorsCodec}) to an {@link EmbeddedContentStore} in the work directory. Then,
 * in this order: the numpy baselines ({@link NumpyAggregateBaseline}, a separate process, before this JVM holds the
 * updates); in memory: the updates read back as {@link ModelWeights} (not timed), the {@link ParallelSumReference}
 * and each strategy, best of R; from the store: each repeat opens the store afresh (empty block cache), fetches every
 * update with every block hash-verified, decodes it and aggregates, all timed.
 *
 * <p>Each repeat of a stateful strategy runs on a fresh instance ({@link StrategySpec#create()}), so all repeats
 * compute the same thing; the global model passed is update 0's weights. A full GC runs (untimed) before each
 * row and between repeats, so one repeat's garbage does not slow the next. Seconds are wall-clock; GB/s is
 * {@code N·P·4} bytes (10<sup>9</sup> bytes per GB) over the best time.
 */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Seconds, GB/s of update bytes and peak memory of the aggregation strategies on seeded random "
                + "float32 updates, in memory and read from the embedded content store, with ratios to numpy "
                + "(float64 accumulator; Flower's aggregate shown too) and a parallel sum measured in the same run.")
final class AggregateBenchCommand implements Callable<Integer> {
    static final String IN_MEMORY = "in-memory";
    static final String FROM_STORE = "from-store";
    static final String FROM_STORE_STREAMING = "from-store-streaming";
    static final List<String> PATHS = List.of(IN_MEMORY, FROM_STORE, FROM_STORE_STREAMING);
    static final String PYTHON_PATH = "numpy";
    static final String PARALLEL_SUM = "java parallel sum (reference)";
    static final String READ_ONLY = "read only (reference)";
    static final String NUMPY_FLOAT64 = "numpy float64 acc += n_k*w_k";
    static final String NUMPY_FLOWER = "Flower aggregate (float32 reduce)";
    static final String FROM_STORE_HOLDS = "all N decoded updates (N·P·4 bytes) plus one encoded update file at a time; "
            + "AggregationStrategy.aggregate takes every update as a ModelWeights";
    static final String STREAMING_HOLDS = "per thread one coordinate range of each update (FedAvg: of one update at a "
            + "time) within " + (StreamingAggregation.DEFAULT_BUFFER_BYTES >> 20) + " MiB of range buffers in all, plus "
            + "the output (P·4 bytes) and each update's root block and header; never a whole update";

    @Option(names = "--clients", paramLabel = "N", defaultValue = "100", description = "Clients, i.e. updates (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--params", paramLabel = "P", defaultValue = "10010000",
            description = "Parameters per update, in 4 tensors (default ${DEFAULT-VALUE}).")
    long params;

    @Option(names = "--strategy", paramLabel = "NAME", split = ",", arity = "1..*",
            description = "Strategies to measure, in order (repeat the option or separate with commas): "
                    + "fedavg, fedprox, fedavgm, fedadam, fedyogi, fedadagrad, fedmedian, trimmed-mean, krum, multi-krum, "
                    + "bulyan, centered-clipping, geometric-median, norm-bounding (fltrust needs a task's root dataset) "
                    + "with their default parameters (default: fedavg).")
    List<String> strategies;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3", description = "Measurements of each; best and median reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "17", description = "Seed of the updates and sample counts (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
    Path json;

    @Option(names = "--python", paramLabel = "CMD", defaultValue = "python3",
            description = "Python with numpy for the baselines (default: ${DEFAULT-VALUE} on the PATH); without numpy the bench runs without them.")
    String python;

    @Option(names = "--paths", paramLabel = "PATH", split = ",", arity = "1..*",
            description = "Paths to measure: in-memory, from-store (every update read and decoded whole), "
                    + "from-store-streaming (range by range, as an aggregator does: round.StreamedRound); default: all. "
                    + "Only from-store-streaming needs no heap for the N updates (e.g. -Xmx1g at N=100, P=10M).")
    List<String> paths;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the update files and the store go (default: a new temporary directory; deleted afterwards).")
    Path workDir;

    /**
     * One measured row.
     *
     * @param path              {@value #IN_MEMORY}, {@value #FROM_STORE}, {@value #FROM_STORE_STREAMING} or {@value #PYTHON_PATH}
     * @param method            strategy name or baseline
     * @param seconds           each repeat, seconds
     * @param bestSeconds       the fastest repeat, seconds
     * @param medianSeconds     median, seconds
     * @param gbPerSecond       N·P·4 bytes / best seconds / 10^9
     * @param peakRssBytes      peak resident set of the measuring process during the repeats, bytes (updates held
     *                          included); -1 if unknown
     * @param peakHeapBytes     JVM heap peak during the repeats (sum of the heap pools' peaks), bytes; null for numpy
     * @param ratioToNumpyFloat64 numpy float64's best seconds / this row's best seconds (higher = faster); null without numpy
     * @param resultSha256      SHA-256 of the result's float32 values (little-endian, tensors in name order); null for numpy
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Row(String path, String method, List<Double> seconds, double bestSeconds, double medianSeconds,
               double gbPerSecond, long peakRssBytes, Long peakHeapBytes, Double ratioToNumpyFloat64, String resultSha256) {
    }

    /**
     * The numpy baselines' status.
     *
     * @param available whether they ran
     * @param reason    why not, when not
     * @param python    the interpreter command
     * @param pythonVersion version, when they ran
     * @param numpyVersion  version, when they ran
     * @param loadedRssBytes RSS of the Python process with the updates loaded, bytes
     * @param float64MatchesFedAvg whether numpy's float64 result equals in-memory FedAvg's bit for bit (null when
     *                             either is absent)
     */
    record NumpyStatus(boolean available, String reason, String python, String pythonVersion, String numpyVersion,
                       Long loadedRssBytes, Boolean float64MatchesFedAvg) {
    }

    /**
     * The whole run, as {@code --json} writes it.
     *
     * @param machine        cores, CPU model, OS, Java version and maximum heap (bytes)
     * @param clients        N
     * @param params         P
     * @param tensors        element count per tensor, name order
     * @param updateBytes    N·P·4
     * @param seed           the seed
     * @param samples        n_k per client
     * @param repeats        R
     * @param rssPeaksPerRow whether each row's RSS peak was reset at its start (else: since the process started)
     * @param fromStoreHolds what the from-store path holds in memory
     * @param streamingHolds what the from-store-streaming path holds in memory
     * @param identity       for each method, the paths whose results were compared bit for bit and found equal
     * @param numpy          the baselines' status
     * @param fedAvgFractionOfParallelSum parallel sum's best seconds / in-memory FedAvg's best seconds (null without fedavg)
     * @param rows           the figures, in measuring order
     */
    record Report(Map<String, Object> machine, int clients, long params, Map<String, Integer> tensors, long updateBytes,
                  long seed, List<Long> samples, int repeats, boolean rssPeaksPerRow, String fromStoreHolds,
                  String streamingHolds, Map<String, List<String>> identity, NumpyStatus numpy,
                  Double fedAvgFractionOfParallelSum, List<Row> rows) {
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1) throw new IllegalArgumentException("--clients must be at least 1, not " + clients);
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be at least 1, not " + repeats);
        List<String> names = strategies == null || strategies.isEmpty() ? List.of("fedavg") : List.copyOf(strategies);
        List<StrategySpec> specs = new ArrayList<>();
        for (String name : names) {
            StrategySpec spec;
            try {
                spec = StrategySpec.of(name.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--strategy: " + e.getMessage());
            }
            if (spec.minUpdates() > clients) {
                throw new IllegalArgumentException("--strategy " + name + " needs at least " + spec.minUpdates()
                        + " clients, but --clients is " + clients);
            }
            specs.add(spec);
        }
        List<String> selected = paths == null || paths.isEmpty() ? PATHS : paths.stream().map(String::strip).distinct().toList();
        for (String p : selected) {
            if (!PATHS.contains(p)) throw new IllegalArgumentException("--paths: unknown path '" + p + "' (known: " + String.join(", ", PATHS) + ")");
        }
        boolean inMemoryPath = selected.contains(IN_MEMORY);
        boolean wholeFromStore = selected.contains(FROM_STORE);
        boolean streamingPath = selected.contains(FROM_STORE_STREAMING);
        SyntheticUpdates gen = new SyntheticUpdates(params, seed);
        long updateBytes = Math.multiplyExact(4L * params, clients);
        long neededHeap = inMemoryPath || wholeFromStore ? updateBytes + 40L * params + (256L << 20)
                : 16L * params + StreamingAggregation.DEFAULT_BUFFER_BYTES + (256L << 20); // set-up: one update, its file
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap < neededHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--clients %d --params %d needs about %.1f GiB of Java heap (the updates are %,d bytes), but the JVM "
                            + "has %.1f GiB: run it with JDK_JAVA_OPTIONS=-Xmx%dg", clients, params, neededHeap / GIB,
                    updateBytes, maxHeap / GIB, (long) Math.ceil(neededHeap / GIB)));
        }
        long[] samples = gen.samples(clients);
        boolean progress = ProgressLine.stderrIsTerminal();
        PrintStream err = System.err;
        MemoryPeaks peaks = new MemoryPeaks();

        boolean tempDir = workDir == null;
        Path dir = tempDir ? Files.createTempDirectory("defl-bench-aggregate-") : Files.createDirectories(workDir);
        List<Path> created = new ArrayList<>();
        try {
            // --- set-up: raw files for numpy, safetensors files in the store ---------------------------------------
            Path storeDir = dir.resolve("store");
            TempDirs.deleteRecursively(storeDir);
            created.add(storeDir);
            List<Cid> cids = new ArrayList<>();
            int encodedLength = -1;
            EmbeddedContentStore store = new EmbeddedContentStore(storeDir, ImportProfile.CIDV1_RAW_LEAVES);
            for (int k = 0; k < clients; k++) {
                if (progress) status(err, "generating update " + (k + 1) + "/" + clients);
                ModelWeights w = gen.client(k);
                Path raw = dir.resolve("client-" + k + ".f32");
                created.add(raw);
                SyntheticUpdates.writeRaw(w, raw);
                byte[] encoded = SafetensorsCodec.encode(w, Map.of());
                if (encodedLength >= 0 && encoded.length != encodedLength) {
                    throw new IllegalStateException("update " + k + " encodes to " + encoded.length + " bytes, update 0 to " + encodedLength);
                }
                encodedLength = encoded.length;
                cids.add(store.add(encoded));
            }
            store = null;

            // --- numpy, in its own process, before this JVM holds the updates ------------------------------------
            String[] why = {null};
            Optional<String> numpyVersion = NumpyAggregateBaseline.numpyVersion(python, why);
            NumpyAggregateBaseline.Figures numpy = null;
            String numpyReason = null;
            if (numpyVersion.isPresent()) {
                if (progress) status(err, "numpy baselines (" + python + ", best of " + repeats + ")");
                created.add(dir.resolve(NumpyAggregateBaseline.SCRIPT));
                created.add(dir.resolve("numpy-stderr.txt"));
                created.add(dir.resolve(NumpyAggregateBaseline.FLOAT64_RESULT));
                numpy = NumpyAggregateBaseline.run(python, dir, clients, repeats, gen.sizeList(), samples);
            } else {
                numpyReason = why[0];
            }
            Double numpyBest = numpy == null ? null : best(numpy.float64Seconds());

            List<Row> rows = new ArrayList<>();
            Row sumRow = null;
            Boolean float64Matches = null;
            Row fedAvgRow = null;
            if (inMemoryPath) {
                // --- in memory ------------------------------------------------------------------------------------------
                List<ModelWeights> weights = new ArrayList<>();
                for (int k = 0; k < clients; k++) {
                    if (progress) status(err, "reading update " + (k + 1) + "/" + clients + " into memory");
                    weights.add(gen.readRaw(dir.resolve("client-" + k + ".f32")));
                }
                List<WeightedUpdate> updates = new ArrayList<>();
                for (int k = 0; k < clients; k++) updates.add(new WeightedUpdate(weights.get(k), samples[k]));
                sumRow = measure(IN_MEMORY, PARALLEL_SUM + ", " + ParallelSumReference.threads() + " threads", updateBytes,
                        numpyBest, peaks, progress, err, () -> digest(ParallelSumReference.sum(weights)));
                rows.add(sumRow);
                for (StrategySpec spec : specs) {
                    Row r = measure(IN_MEMORY, spec.name(), updateBytes, numpyBest, peaks, progress, err,
                            () -> digest(spec.create().aggregate(updates.getFirst().weights(), updates)));
                    rows.add(r);
                    if (spec.name().equals("fedavg") && fedAvgRow == null) {
                        fedAvgRow = r;
                        if (numpy != null) {
                            ModelWeights numpyResult = gen.readRaw(dir.resolve(NumpyAggregateBaseline.FLOAT64_RESULT));
                            float64Matches = digest(numpyResult).equals(r.resultSha256());
                        }
                    }
                }
                weights.clear();
                updates.clear();
                System.gc();
            }

            // --- from the store -------------------------------------------------------------------------------------
            int fileBytes = encodedLength;
            for (StrategySpec spec : wholeFromStore ? specs : List.<StrategySpec>of()) {
                Row r = measure(FROM_STORE, spec.name(), updateBytes, numpyBest, peaks, progress, err, () -> {
                    List<WeightedUpdate> fetched = new ArrayList<>();
                    EmbeddedContentStore s = new EmbeddedContentStore(storeDir);
                    byte[] buffer = new byte[fileBytes];
                    for (int k = 0; k < clients; k++) {
                        FixedBuffer out = new FixedBuffer(buffer);
                        s.cat(cids.get(k), out);
                        if (out.count != fileBytes) {
                            throw new IllegalStateException("update " + k + " (" + cids.get(k) + ") read " + out.count + " bytes, expected " + fileBytes);
                        }
                        fetched.add(new WeightedUpdate(SafetensorsCodec.decode(buffer).weights(), samples[k]));
                    }
                    return digest(spec.create().aggregate(fetched.getFirst().weights(), fetched));
                });
                rows.add(r);
            }
            // --- from the store, range by range -------------------------------------------------------------------
            List<String> notStreamed = new ArrayList<>();
            if (streamingPath) {
                ModelWeights reference = gen.shapesOnly();
                List<UpdateEntry> entries = new ArrayList<>();
                for (int k = 0; k < clients; k++) entries.add(new UpdateEntry("client-" + k, cids.get(k), samples[k]));
                int threads = StreamedRound.defaultParallelism();
                rows.add(measure(FROM_STORE_STREAMING, READ_ONLY + ", " + threads + " threads", updateBytes, numpyBest, peaks,
                        progress, err, () -> readAll(new EmbeddedContentStore(storeDir), cids, threads)));
                for (StrategySpec spec : specs) {
                    if (!StreamingAggregation.supports(spec.create())) {
                        notStreamed.add(spec.name());
                        continue;
                    }
                    rows.add(measure(FROM_STORE_STREAMING, spec.name(), updateBytes, numpyBest, peaks, progress, err, () -> {
                        EmbeddedContentStore s = new EmbeddedContentStore(storeDir);
                        StreamedRound round = new StreamedRound(s.rangeReader().orElseThrow(), ModelFetcher.forModel(s, reference),
                                StreamingAggregation.of(spec.create()).orElseThrow(), StreamingAggregation.DEFAULT_BUFFER_BYTES,
                                StreamedRound.defaultParallelism());
                        return digest(round.aggregate(1, entries, reference).weights());
                    }));
                }
            }
            if (float64Matches == null && numpy != null) {
                Row streamedFedAvg = rows.stream().filter(x -> x.method().equals("fedavg") && x.resultSha256() != null).findFirst().orElse(null);
                if (streamedFedAvg != null) {
                    float64Matches = digest(gen.readRaw(dir.resolve(NumpyAggregateBaseline.FLOAT64_RESULT))).equals(streamedFedAvg.resultSha256());
                }
            }
            Map<String, List<String>> identity = identity(rows);
            if (numpy != null) {
                rows.add(pythonRow(NUMPY_FLOAT64, numpy.float64Seconds(), numpy.float64PeakRss(), updateBytes, numpyBest));
                rows.add(pythonRow(NUMPY_FLOWER, numpy.flowerSeconds(), numpy.flowerPeakRss(), updateBytes, numpyBest));
            }
            if (progress) err.print("\r\033[K");

            Double fraction = fedAvgRow == null || sumRow == null ? null : sumRow.bestSeconds() / fedAvgRow.bestSeconds();
            NumpyStatus numpyStatus = numpy == null
                    ? new NumpyStatus(false, numpyReason, python, null, null, null, null)
                    : new NumpyStatus(true, null, python, numpy.python(), numpy.numpy(), numpy.loadedRss(), float64Matches);
            List<Long> sampleList = Arrays.stream(samples).boxed().toList();
            Report report = new Report(machine(maxHeap), clients, params, gen.sizes(), updateBytes, seed, sampleList, repeats,
                    peaks.rssResetWorks(), FROM_STORE_HOLDS, STREAMING_HOLDS, identity, numpyStatus, fraction, List.copyOf(rows));
            print(report, System.out);
            if (!notStreamed.isEmpty()) {
                System.out.println("no " + FROM_STORE_STREAMING + " row for " + String.join(", ", notStreamed)
                        + ": no streaming form (Krum needs whole updates, the server optimizers full-size state)");
            }
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
            }
            return 0;
        } finally {
            for (Path p : created) TempDirs.deleteRecursively(p);
            if (tempDir) TempDirs.deleteRecursively(dir);
        }
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /**
     * The reading floor of the streaming path: every update read through the store's ranged reader in 4 MiB ranges,
     * every block hash-verified, updates shared among {@code threads} threads, nothing aggregated.
     *
     * @return the SHA-256 of nothing (this row computes no result)
     */
    private static String readAll(EmbeddedContentStore store, List<Cid> cids, int threads) throws Exception {
        var reader = store.rangeReader().orElseThrow();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    byte[] buffer = new byte[4 << 20];
                    for (int k; (k = next.getAndIncrement()) < cids.size(); ) {
                        var file = reader.open(cids.get(k));
                        for (long at = 0; at < file.size(); at += buffer.length) {
                            file.read(at, buffer, 0, (int) Math.min(buffer.length, file.size() - at));
                        }
                    }
                    return null;
                }));
            }
            for (var f : done) f.get();
        }
        return digest(List.of());
    }

    /**
     * For each method measured on several paths, the paths in measuring order, once all their results are checked to
     * be the same bits.
     *
     * @throws IllegalStateException when a method gave different results on two paths (names both)
     */
    static Map<String, List<String>> identity(List<Row> rows) {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        Map<String, Row> first = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.resultSha256() == null || r.method().startsWith(PARALLEL_SUM)) continue;
            Row f = first.putIfAbsent(r.method(), r);
            if (f != null && !f.resultSha256().equals(r.resultSha256())) {
                throw new IllegalStateException(r.method() + " " + r.path() + " gave result " + r.resultSha256() + " but "
                        + f.path() + " gave " + f.resultSha256());
            }
            paths.computeIfAbsent(r.method(), m -> new ArrayList<>()).add(r.path());
        }
        paths.values().removeIf(l -> l.size() < 2);
        return paths;
    }

    private Row measure(String path, String method, long updateBytes, Double numpyBest, MemoryPeaks peaks,
                        boolean progress, PrintStream err, ThrowingSupplier op) throws Exception {
        List<Double> seconds = new ArrayList<>();
        String result = null;
        System.gc();
        peaks.reset();
        for (int r = 1; r <= repeats; r++) {
            if (progress) status(err, path + " " + method + " (" + r + "/" + repeats + ")");
            if (r > 1) System.gc(); // the last repeat's garbage (N decoded updates from the store), not timed
            long start = System.nanoTime();
            String digest = op.get();
            seconds.add((System.nanoTime() - start) / 1e9);
            if (result != null && !result.equals(digest)) {
                throw new IllegalStateException(path + " " + method + " gave result " + result + " in repeat 1 but "
                        + digest + " in repeat " + r);
            }
            result = digest;
        }
        long rss = MemoryPeaks.peakRssBytes();
        long heap = MemoryPeaks.peakHeapBytes();
        double best = best(seconds);
        return new Row(path, method, List.copyOf(seconds), best, ContentBenchCommand.median(seconds), updateBytes / best / 1e9,
                rss, heap, numpyBest == null ? null : numpyBest / best, result);
    }

    private static Row pythonRow(String method, List<Double> seconds, long rss, long updateBytes, double numpyBest) {
        double best = best(seconds);
        return new Row(PYTHON_PATH, method, seconds, best, ContentBenchCommand.median(seconds), updateBytes / best / 1e9,
                rss, null, numpyBest / best, null);
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        String get() throws Exception;
    }

    private static double best(List<Double> seconds) {
        return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static void status(PrintStream err, String what) {
        err.print("\r\033[K[bench] " + what + "…");
        err.flush();
    }

    /** SHA-256 (hex) of the weights' float32 values, little-endian, tensors in name order. */
    static String digest(ModelWeights w) {
        List<float[]> arrays = new ArrayList<>();
        for (Tensor t : w.tensors().values()) arrays.add(t.values());
        return digest(arrays);
    }

    private static String digest(List<float[]> arrays) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-256, which every Java platform must provide", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] v : arrays) {
            for (int i = 0; i < v.length; ) {
                buf.clear();
                int n = Math.min(v.length - i, buf.capacity() / 4);
                buf.asFloatBuffer().put(v, i, n);
                md.update(buf.array(), 0, 4 * n);
                i += n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, Object> machine(long maxHeap) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("orderStatisticSorter", FedMedian.orderStatisticSorter());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("maxHeapBytes", maxHeap);
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "defl bench aggregate: %d clients × %,d parameters in %d tensors (float32), %,d bytes of updates; seed %d; best of %d%n",
                r.clients(), r.params(), r.tensors().size(), r.updateBytes(), r.seed(), r.repeats());
        out.printf(Locale.ROOT, "machine: %s cores, %s, %s, %s, max heap %.1f GiB%n", r.machine().get("cores"), r.machine().get("cpu"),
                r.machine().get("os"), r.machine().get("java"), ((Long) r.machine().get("maxHeapBytes")) / GIB);
        out.println("fedmedian and trimmed-mean sort with: " + r.machine().get("orderStatisticSorter"));
        NumpyStatus n = r.numpy();
        if (n.available()) {
            out.printf(Locale.ROOT, "numpy baselines: %s (Python %s, numpy %s); ratio = numpy float64's best seconds / the row's best (higher = faster)%n",
                    n.python(), n.pythonVersion(), n.numpyVersion());
        } else {
            out.println("numpy baselines: ABSENT (" + n.reason() + "); no ratios to numpy in this run");
        }
        out.println("GB/s = N·P·4 bytes / best seconds / 10^9; RSS = VmHWM of the measuring process"
                + (r.rssPeaksPerRow() ? ", reset before each row" : " since it started (the kernel refused the reset)")
                + "; heap = JVM heap peak; both include the updates held");
        out.println("from-store: the store reopened each repeat, every block hash-verified, each update decoded; holds " + r.fromStoreHolds());
        out.println(FROM_STORE_STREAMING + ": the store reopened each repeat, every block hash-verified, each update's header "
                + "checked, then ranges read and aggregated in parallel (round.StreamedRound); holds " + r.streamingHolds());
        out.println();
        int width = r.rows().stream().mapToInt(x -> x.method().length()).max().orElse(6);
        int pathWidth = r.rows().stream().mapToInt(x -> x.path().length()).max().orElse(4);
        String row = "%-" + pathWidth + "s  %-" + width + "s  %8s  %8s  %6s  %9s  %9s  %6s%n";
        out.printf(Locale.ROOT, row, "path", "method", "best s", "median s", "GB/s", "peak RSS", "peak heap", "ratio");
        for (Row x : r.rows()) {
            out.printf(Locale.ROOT, row, x.path(), x.method(), fmt("%.3f", x.bestSeconds()), fmt("%.3f", x.medianSeconds()),
                    fmt("%.2f", x.gbPerSecond()), x.peakRssBytes() < 0 ? "?" : ProgressLine.bytes(x.peakRssBytes()),
                    x.peakHeapBytes() == null ? "-" : ProgressLine.bytes(x.peakHeapBytes()),
                    x.ratioToNumpyFloat64() == null ? "-" : fmt("%.2f", x.ratioToNumpyFloat64()));
        }
        out.println();
        if (r.fedAvgFractionOfParallelSum() != null) {
            out.printf(Locale.ROOT, "fedavg in memory runs at %.2f of the parallel sum's throughput%n", r.fedAvgFractionOfParallelSum());
        }
        r.identity().forEach((method, same) -> out.println(method + ": the same bits on " + String.join(", ", same)));
        if (n.float64MatchesFedAvg() != null) {
            out.println("numpy float64 result equals fedavg's bit for bit: " + (n.float64MatchesFedAvg() ? "yes" : "NO"));
        }
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    /** Receives a file of known size into a preallocated array (reused across updates). */
    private static final class FixedBuffer extends OutputStream {
        private final byte[] buffer;
        int count;

        FixedBuffer(byte[] buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(int b) throws IOException {
            if (count >= buffer.length) throw new IOException("update is longer than " + buffer.length + " bytes");
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (count + len > buffer.length) throw new IOException("update is longer than " + buffer.length + " bytes");
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }
    }
}
