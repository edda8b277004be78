package dev.defl.ui.ipfs;

import dev.defl.engine.content.CacheStats;
import dev.defl.engine.content.CarSummary;
import dev.defl.engine.content.CarWriter;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.DagPbLink;
import dev.defl.engine.content.DagPbNode;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.FileBlockStore;
import dev.defl.engine.content.GcResult;
import dev.defl.engine.content.MalformedCidException;
import dev.defl.engine.content.Pin;
import dev.defl.engine.content.PinMode;
import dev.defl.engine.content.RepoStat;
import dev.defl.engine.content.UnixFsData;
import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.EndpointHealthListener;
import dev.defl.engine.content.net.EndpointSettings;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.content.net.MultiEndpointBlockStore;
import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.status.StatusViewModel;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * IPFS pane state and logic over the embedded content store: the store browser (pinned roots, filtered and
 * sorted), uploads with progress and cancel, fetch of a CID into a file, the DAG inspector with a preview,
 * pin/unpin, garbage collection, CAR export, the store statistics, and the network endpoints (nodes and
 * trustless gateways, empty by default) that a fetch or an inspection of a CID the store lacks goes through,
 * with their health. Blocks read through the endpoints are hash-verified and kept in the store unpinned, as
 * kubo keeps the blocks it fetches: their root is listed as {@value PinRow#FETCHED} until a GC removes it or
 * a pin keeps it (see {@link #inspect} and {@link #pin}). Holds no controls. Every public method
 * is called on the UI thread; everything that touches the store runs on the background executor.
 *
 * <p>Cancelling an upload ({@link #cancelUpload()}) stops the add at the next read of the file being added
 * (the counting stream throws {@link InterruptedIOException}); the thread itself is not interrupted, since
 * an interrupt during a block write would close the block file's channel midway. Files of the upload
 * added before the cancel stay added and pinned; blocks already written for the file in progress have no
 * pin and no root, so they are harmless and go at the next GC.
 */
public final class IpfsViewModel {

    /** Progress events are posted to the UI at most this often, in nanoseconds (~10 per second). */
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    /** Text previews show at most this many bytes of a file. */
    public static final int TEXT_PREVIEW_BYTES = 4096;
    /** Files larger than this many bytes are not previewed. */
    public static final long PREVIEW_MAX_BYTES = 2L * 1024 * 1024;

    private final EmbeddedContentStore store;
    private final TaskExecutor tasks;

    private final ObservableList<PinRow> rows = FXCollections.observableArrayList();
    private final FilteredList<PinRow> filtered = new FilteredList<>(rows);
    private final SortedList<PinRow> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty("");
    private final Map<String, String> names = new HashMap<>();

    private final ReadOnlyStringWrapper stats = new ReadOnlyStringWrapper("Store statistics loading…");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper uploading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<UploadProgress> uploadProgress =
            new ReadOnlyObjectWrapper<>(new UploadProgress(0, 0, 0, -1));
    private final ReadOnlyStringWrapper uploadText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<DagNode> inspected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>(Preview.none(""));
    private final ReadOnlyObjectWrapper<GcResult> lastGc = new ReadOnlyObjectWrapper<>();

    private final ObservableList<String> endpoints = FXCollections.observableArrayList();
    private final ObservableList<EndpointHealth> endpointHealth = FXCollections.observableArrayList();
    private final StringProperty endpointInput = new SimpleStringProperty("");
    // one read-only view each, kept: a view made per call holds its listeners only as long as the caller keeps it
    private final ObservableList<PinRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<String> endpointsView = FXCollections.unmodifiableObservableList(endpoints);
    private final ObservableList<EndpointHealth> endpointHealthView = FXCollections.unmodifiableObservableList(endpointHealth);
    private final ReadOnlyBooleanWrapper transferring = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper transferText = new ReadOnlyStringWrapper("");
    private final RetryPolicy retryPolicy;
    private MultiEndpointBlockStore network;
    private final EndpointHealthListener healthListener = this::healthChanged;
    private final Path endpointsFile;
    /** UI thread: whether the settings file has been read (saving waits for it) and may be written. */
    private boolean endpointsLoaded;
    private boolean endpointsWritable;
    /** UI thread: the store a running fetch uses, and a retired one to close when that fetch ends. */
    private MultiEndpointBlockStore networkInTransfer;
    private MultiEndpointBlockStore closeAfterTransfer;
    private boolean closed;
    private final Object saveLock = new Object();
    private final AtomicReference<List<EndpointSpec>> pendingSave = new AtomicReference<>();

    /** Set by the endpoints' {@link AttributingSource}s to the endpoint that delivered the last block. */
    private final ThreadLocal<java.net.URI> delivered = new ThreadLocal<>();
    /** UI thread: roots fetched through the network this session; listed as {@value PinRow#FETCHED} while in the store. */
    private final java.util.Set<String> fetchedRoots = new java.util.LinkedHashSet<>();
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper readingText = new ReadOnlyStringWrapper("");
    /** UI thread: remote reads (inspect, children, preview, fetch before pin) running now. */
    private int remoteReads;
    private AtomicBoolean readCancel = new AtomicBoolean();
    private AtomicBoolean pinCancel = new AtomicBoolean();
    private long inspectGeneration;

    private AtomicBoolean uploadCancel = new AtomicBoolean();
    private AtomicBoolean transferCancel = new AtomicBoolean();
    private long previewGeneration;

    /**
     * @param store the embedded content store the pane shows (read and written on the background executor)
     * @param tasks background and UI executors
     */
    public IpfsViewModel(EmbeddedContentStore store, TaskExecutor tasks) {
        this(store, tasks, RetryPolicy.DEFAULT);
    }

    /**
     * @param store       the embedded content store the pane shows
     * @param tasks       background and UI executors
     * @param retryPolicy how the network endpoints are retried (attempt timeout, attempts, back-off)
     */
    public IpfsViewModel(EmbeddedContentStore store, TaskExecutor tasks, RetryPolicy retryPolicy) {
        this(store, tasks, retryPolicy, null);
    }

    /**
     * A pane that keeps its endpoint list in {@code endpointsFile} ({@link EndpointSettings}): read on the
     * background executor now, written there after every change. A file that cannot be read as settings is
     * moved aside ({@link EndpointSettings#setAside}) and the pane starts with no endpoints, the error naming
     * the file and the bad entry in {@link #errorProperty()}; if the file cannot even be read or moved, the
     * pane starts with no endpoints and never writes the file.
     *
     * @param store         the embedded content store the pane shows
     * @param tasks         background and UI executors
     * @param retryPolicy   how the network endpoints are retried (attempt timeout, attempts, back-off)
     * @param endpointsFile where the endpoint list is kept, or null to keep it in memory only
     */
    public IpfsViewModel(EmbeddedContentStore store, TaskExecutor tasks, RetryPolicy retryPolicy, Path endpointsFile) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.endpointsFile = endpointsFile;
        filter.addListener((obs, old, text) -> {
            String f = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(f.isEmpty() ? null : row -> row.matches(f));
        });
        if (endpointsFile != null) loadEndpoints();
    }

    // ---- store browser -----------------------------------------------------------------------------

    /** The pinned roots after filter and sort; bind the sort comparator to the table's. */
    public SortedList<PinRow> rows() {
        return sorted;
    }

    /** All rows, unfiltered, in listing order. */
    public ObservableList<PinRow> allRows() {
        return rowsView;
    }

    /** Filter text, matched case-insensitively against CID, name, pin mode and codec. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Lists the store's pins and refreshes the statistics, on the background executor. */
    public void refresh() {
        Map<String, String> knownNames = Map.copyOf(names);
        List<String> fetched = List.copyOf(fetchedRoots);
        tasks.execute(BackgroundTask.of(() -> listRows(store, knownNames, fetched))
                .onRunning(() -> loading.set(true))
                .onSuccess(rows::setAll)
                .onException(failure -> error.set("Could not list the pins of " + store.root() + ": " + messageOf(failure)))
                .onFinished(() -> loading.set(false)));
        refreshStats();
    }

    /** Re-reads the store statistics (blocks, bytes, pinned roots, cache hit ratio) on the background executor. */
    public void refreshStats() {
        tasks.execute(BackgroundTask.of(() -> statsText(store.stat(), store.cacheStats()))
                .onSuccess(stats::set)
                .onException(failure -> stats.set("Store statistics unavailable: " + messageOf(failure))));
    }

    /**
     * One row per pin of {@code store}, in CID order: reads each root block once (raw roots: only the block
     * file's length). Blocking; a root that cannot be read gets size -1.
     *
     * @param names file names by CID text, for the name column
     */
    static List<PinRow> listRows(EmbeddedContentStore store, Map<String, String> names) {
        return listRows(store, names, List.of());
    }

    /**
     * The rows of {@link #listRows(EmbeddedContentStore, Map)}, then one {@value PinRow#FETCHED} row for each of
     * {@code fetchedRoots} (CID text) that is still in the store and not pinned (a GC removes it).
     */
    static List<PinRow> listRows(EmbeddedContentStore store, Map<String, String> names, List<String> fetchedRoots) {
        List<Pin> pins = store.pins();
        List<PinRow> out = new ArrayList<>(pins.size());
        for (Pin pin : pins) {
            out.add(row(store, pin.cid(), pin.mode().kuboName(), names));
        }
        for (String text : fetchedRoots) {
            Cid cid = Cid.parse(text);
            if (store.has(cid) && !store.isPinned(cid)) out.add(row(store, cid, PinRow.FETCHED, names));
        }
        return out;
    }

    private static PinRow row(EmbeddedContentStore store, Cid cid, String mode, Map<String, String> names) {
        String text = cid.toString();
        long size;
        try {
            size = new DagReader(store, null, new ThreadLocal<>(), new AtomicBoolean(), c -> { })
                    .describe(cid, "", -1).sizeBytes();
        } catch (IOException | RuntimeException e) {
            size = -1;
        }
        return new PinRow(text, names.getOrDefault(text, ""), size, mode, codecName(cid.codec()));
    }

    static String statsText(RepoStat stat, CacheStats cache) {
        long lookups = cache.hits() + cache.misses();
        String ratio = lookups == 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * cache.hitRatio());
        return stat.numObjects() + (stat.numObjects() == 1 ? " block" : " blocks") + " · "
                + StatusViewModel.humanBytes(stat.repoSizeBytes()) + " · "
                + stat.pinnedRoots() + (stat.pinnedRoots() == 1 ? " pinned root" : " pinned roots")
                + " · cache hit ratio " + ratio;
    }

    // ---- upload ------------------------------------------------------------------------------------

    /**
     * Adds {@code paths} to the store on the background executor, pinned recursively: a file as itself,
     * a folder as every regular file inside it (recursively, in path order; named by its path relative to
     * the folder's parent). Progress goes to {@link #uploadProgressProperty()} (~10 times a second and once
     * at the end); the rows of the added files appear in the table. Ignored while an upload runs.
     */
    public void addFiles(List<Path> paths) {
        Objects.requireNonNull(paths, "paths");
        if (uploading.get()) {
            error.set("An upload is already running; cancel it or wait for it to finish.");
            return;
        }
        if (paths.isEmpty()) return;
        AtomicBoolean cancel = new AtomicBoolean();
        uploadCancel = cancel;
        List<Path> roots = List.copyOf(paths);
        tasks.execute(BackgroundTask.of(() -> upload(roots, cancel))
                .onRunning(() -> {
                    uploading.set(true);
                    error.set("");
                    message.set("");
                    publish(new UploadProgress(0, 0, 0, -1));
                })
                .onSuccess(added -> {
                    for (AddedFile file : added) {
                        names.put(file.row().cid(), file.row().name());
                        int at = indexOf(file.row().cid());
                        if (at >= 0) rows.set(at, file.row());
                        else rows.add(file.row());
                    }
                    long bytes = added.stream().mapToLong(AddedFile::bytes).sum();
                    message.set("Added " + added.size() + (added.size() == 1 ? " file" : " files") + " ("
                            + StatusViewModel.humanBytes(bytes) + ")");
                })
                .onException(failure -> {
                    if (cancel.get() && failure instanceof InterruptedIOException) {
                        UploadProgress p = uploadProgress.get();
                        message.set("Upload cancelled after " + StatusViewModel.humanBytes(p.bytesDone()) + " of "
                                + StatusViewModel.humanBytes(p.bytesTotal()) + "; files finished before stay "
                                + "pinned, the partial file's blocks go at the next GC.");
                        refresh();
                    } else {
                        error.set("Upload failed: " + messageOf(failure));
                    }
                })
                .onFinished(() -> {
                    uploading.set(false);
                    refreshStats();
                }));
    }

    /** Stops the running upload at its next read; see the class comment for what stays in the store. */
    public void cancelUpload() {
        uploadCancel.set(true);
    }

    private record AddedFile(PinRow row, long bytes) {}

    private record Source(Path file, String name, long bytes) {}

    private List<AddedFile> upload(List<Path> roots, AtomicBoolean cancel) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                Path base = root.toAbsolutePath().getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        String name = base == null ? file.toString() : base.relativize(file.toAbsolutePath()).toString();
                        sources.add(new Source(file, name.replace('\\', '/'), Files.size(file)));
                    }
                }
            } else if (Files.isRegularFile(root)) {
                sources.add(new Source(root, String.valueOf(root.getFileName()), Files.size(root)));
            } else {
                throw new IOException("not a file or folder: " + root);
            }
        }
        long total = sources.stream().mapToLong(Source::bytes).sum();
        Throttle throttle = new Throttle(total);
        List<AddedFile> added = new ArrayList<>();
        for (Source source : sources) {
            Cid cid;
            try (InputStream in = new ProgressInputStream(Files.newInputStream(source.file()), throttle::read, cancel::get)) {
                cid = store.add(in);
            }
            String text = cid.toString();
            added.add(new AddedFile(row(store, cid, PinMode.RECURSIVE.kuboName(), Map.of(text, source.name())),
                    source.bytes()));
        }
        throttle.finish();
        return added;
    }

    /** Turns byte counts from the worker into at most ~10 progress events a second on the UI executor. */
    private final class Throttle {
        private final long total;
        private final long start = System.nanoTime();
        private long done;
        private long lastPost = Long.MIN_VALUE;

        Throttle(long total) {
            this.total = total;
            post(System.nanoTime());
        }

        void read(long bytes) {
            done += bytes;
            long now = System.nanoTime();
            if (now - lastPost >= PROGRESS_INTERVAL_NANOS) post(now);
        }

        void finish() {
            post(System.nanoTime());
        }

        private void post(long now) {
            lastPost = now;
            double seconds = (now - start) / 1e9;
            double rate = seconds > 0 ? done / seconds : 0;
            long eta = rate > 0 ? (long) Math.ceil((total - done) / rate) : -1;
            UploadProgress p = new UploadProgress(done, total, rate, eta);
            tasks.ui().execute(() -> publish(p));
        }
    }

    private void publish(UploadProgress p) {
        uploadProgress.set(p);
        uploadText.set(p.bytesTotal() == 0 && p.bytesDone() == 0 ? "Preparing upload…" : progressText(p));
    }

    /** "1.2 MiB of 5.0 MiB · 3.4 MiB/s · ETA 2 s". */
    static String progressText(UploadProgress p) {
        String text = StatusViewModel.humanBytes(p.bytesDone()) + " of " + StatusViewModel.humanBytes(p.bytesTotal());
        if (p.bytesPerSecond() > 0) text += " · " + StatusViewModel.humanBytes((long) p.bytesPerSecond()) + "/s";
        if (p.etaSeconds() >= 0 && p.bytesDone() < p.bytesTotal()) text += " · ETA " + p.etaSeconds() + " s";
        return text;
    }

    // ---- fetch and export --------------------------------------------------------------------------

    /**
     * Writes the file {@code cidText} to {@code target} on the background executor: to a temporary file
     * beside it, renamed over {@code target} when complete. A CID the store lacks is fetched through the
     * {@linkplain #endpoints() endpoints} (every block verified, and kept in the store, unpinned, as
     * {@code ipfs get} does); with no endpoints it is an error naming the CID. Progress goes to
     * {@link #transferTextProperty()}; {@link #cancelTransfer()} stops it at the next block written (a
     * request to an endpoint already under way finishes or times out first). Ignored while a transfer runs.
     */
    public void fetch(String cidText, Path target) {
        Cid cid = parseOrReport(cidText);
        if (cid == null) return;
        Objects.requireNonNull(target, "target");
        MultiEndpointBlockStore remote = network;
        if (!transferring.get()) networkInTransfer = remote;
        transfer("Fetch", cid, counter -> {
            boolean local = store.has(cid);
            if (!local && remote == null) throw new ContentNotFoundException(cid, store.root()
                    + " (add IPFS endpoints under Network to fetch it)");
            writeAtomically(target, counter.wrap(out -> {
                if (local) store.cat(cid, out);
                else store.cat(cid, out, remote, true);
            }));
            if (!local) {
                PinRow fetchedRow = row(store, cid, PinRow.FETCHED, Map.of());
                tasks.ui().execute(() -> noteFetched(fetchedRow));
            }
            return "Saved " + cid + " to " + target + " (" + StatusViewModel.humanBytes(Files.size(target)) + ")"
                    + (local ? "" : " from the network; its blocks are kept in the store unpinned until the next GC");
        });
    }

    /**
     * Exports the DAG {@code cidText} as a CARv1 file to {@code target} (temporary file, then rename), on
     * the background executor; cancellable as {@link #fetch}; errors name the CID.
     */
    public void exportCar(String cidText, Path target) {
        Cid cid = parseOrReport(cidText);
        if (cid == null) return;
        Objects.requireNonNull(target, "target");
        transfer("Export", cid, counter -> {
            requirePresent(cid);
            CarSummary[] summary = new CarSummary[1];
            writeAtomically(target, counter.wrap(out -> summary[0] = new CarWriter(store.blockStore()).export(cid, out)));
            return "Exported " + cid + " to " + target + " (" + summary[0].blockCount() + " blocks, "
                    + StatusViewModel.humanBytes(summary[0].carBytes()) + ")";
        });
    }

    /** Stops the running save, fetch or export at its next write; the target file is left as it was. */
    public void cancelTransfer() {
        transferCancel.set(true);
    }

    @FunctionalInterface
    private interface TransferWork {
        String run(TransferCounter counter) throws IOException;
    }

    /** Bytes written by a transfer, posted to the UI at most ~10 times a second, and its cancel flag. */
    private final class TransferCounter {
        private final String verb;
        private final AtomicBoolean cancel;
        private long done;
        private long lastPost;

        TransferCounter(String verb, AtomicBoolean cancel) {
            this.verb = verb;
            this.cancel = cancel;
            this.lastPost = System.nanoTime() - PROGRESS_INTERVAL_NANOS; // the first write posts at once
        }

        Writer wrap(Writer writer) {
            return out -> writer.write(new CancellableOutputStream(out, this::wrote, cancel::get));
        }

        private void wrote(long bytes) {
            done += bytes;
            long now = System.nanoTime();
            if (now - lastPost >= PROGRESS_INTERVAL_NANOS) {
                lastPost = now;
                String text = verb + ": " + StatusViewModel.humanBytes(done) + " written";
                tasks.ui().execute(() -> transferText.set(text));
            }
        }
    }

    private void transfer(String verb, Cid cid, TransferWork work) {
        if (transferring.get()) {
            error.set("A save or export is already running; cancel it or wait for it to finish.");
            return;
        }
        AtomicBoolean cancel = new AtomicBoolean();
        transferCancel = cancel;
        TransferCounter counter = new TransferCounter(verb, cancel);
        tasks.execute(BackgroundTask.of(() -> work.run(counter))
                .onRunning(() -> {
                    transferring.set(true);
                    message.set("");
                    transferText.set(verb + " of " + shortCid(cid.toString()) + "…");
                })
                .onSuccess(message::set)
                .onException(failure -> {
                    if (cancel.get() && failure instanceof InterruptedIOException) {
                        message.set(verb + " of " + cid + " cancelled; the target file was not written.");
                    } else {
                        error.set("Could not " + verb.toLowerCase(Locale.ROOT) + " CID " + cid + ": " + messageOf(failure));
                    }
                })
                .onFinished(() -> {
                    transferring.set(false);
                    transferText.set("");
                    networkInTransfer = null;
                    if (closeAfterTransfer != null) {
                        closeInBackground(closeAfterTransfer);
                        closeAfterTransfer = null;
                    }
                    refreshStats();
                }));
    }

    // ---- network endpoints -------------------------------------------------------------------------

    /**
     * The IPFS endpoints (as {@link EndpointSpec#toString()} writes them) that {@link #fetch} uses for CIDs
     * the store lacks, in the order they are tried; empty (the default) means the embedded store only. With
     * an endpoints file (see the constructor) the list is restored from it and saved to it after each change.
     * Change it with {@link #addEndpoint()} and {@link #removeEndpoint}.
     */
    public ObservableList<String> endpoints() {
        return endpointsView;
    }

    /** The health of each endpoint, in endpoint order; updated on the UI thread after every attempt. */
    public ObservableList<EndpointHealth> endpointHealth() {
        return endpointHealthView;
    }

    /** The text of the endpoint to add: {@code kubo:http://host:port}, {@code gateway:https://host} or an http URL. */
    public StringProperty endpointInputProperty() {
        return endpointInput;
    }

    /**
     * Parses {@link #endpointInputProperty()} and appends it to the endpoints (clearing the input); a bad
     * entry or a duplicate goes to {@link #errorProperty()} naming it.
     */
    public void addEndpoint() {
        error.set("");
        EndpointSpec spec;
        try {
            spec = EndpointSpec.parse(endpointInput.get() == null ? "" : endpointInput.get());
        } catch (IllegalArgumentException e) {
            error.set("Not an IPFS endpoint: " + e.getMessage());
            return;
        }
        if (endpoints.contains(spec.toString())) {
            error.set("Endpoint " + spec + " is already in the list.");
            return;
        }
        endpoints.add(spec.toString());
        endpointInput.set("");
        endpointsChanged();
    }

    /** Removes {@code endpoint} (as listed in {@link #endpoints()}); does nothing if it is not listed. */
    public void removeEndpoint(String endpoint) {
        if (endpoints.remove(endpoint)) endpointsChanged();
    }

    /**
     * Lets the endpoints go, when the window closes: the network store (and its HTTP clients) is closed on
     * the background executor — after a fetch that uses it ends — and running transfers and uploads are
     * cancelled. An endpoint list already saved stays saved. Call on the UI thread; a second call does nothing.
     */
    public void close() {
        if (closed) return;
        closed = true;
        uploadCancel.set(true);
        transferCancel.set(true);
        if (network != null) {
            network.removeHealthListener(healthListener);
            retire(network);
            network = null;
        }
    }

    private record LoadedEndpoints(List<EndpointSpec> endpoints, String problem) {}

    private void loadEndpoints() {
        Path file = endpointsFile;
        tasks.execute(BackgroundTask.of(() -> readEndpoints(file))
                .onSuccess(loaded -> {
                    if (closed) return;
                    endpointsLoaded = true;
                    endpointsWritable = true;
                    List<String> merged = new ArrayList<>();
                    // the file's endpoints first, then any the user added while it was read
                    Stream.concat(loaded.endpoints().stream().map(EndpointSpec::toString), endpoints.stream())
                            .filter(e -> !merged.contains(e)).forEach(merged::add);
                    endpoints.setAll(merged);
                    rebuildNetwork();
                    if (loaded.problem() != null) error.set(loaded.problem());
                    if (loaded.problem() != null || merged.size() != loaded.endpoints().size()) saveEndpoints();
                })
                .onException(failure -> {
                    endpointsLoaded = true;
                    error.set("Could not read the IPFS endpoints: " + messageOf(failure)
                            + "; changes to the endpoints will not be saved.");
                }));
    }

    /** On the background executor: the settings, or none and the problem if the file was set aside. */
    private static LoadedEndpoints readEndpoints(Path file) throws IOException {
        try {
            return new LoadedEndpoints(EndpointSettings.load(file), null);
        } catch (EndpointSettings.MalformedSettingsException e) {
            Path aside = EndpointSettings.setAside(file);
            return new LoadedEndpoints(List.of(), "Could not read the IPFS endpoints: " + e.getMessage()
                    + ". The file was kept as " + aside + "; the pane starts with no endpoints.");
        }
    }

    private void endpointsChanged() {
        rebuildNetwork();
        saveEndpoints();
    }

    /** Writes the current list on the background executor; concurrent saves write the latest list last. */
    private void saveEndpoints() {
        if (endpointsFile == null || !endpointsLoaded || !endpointsWritable) return;
        Path file = endpointsFile;
        pendingSave.set(endpoints.stream().map(EndpointSpec::parse).toList());
        tasks.execute(BackgroundTask.<Void>of(() -> {
                    synchronized (saveLock) {
                        List<EndpointSpec> latest = pendingSave.getAndSet(null);
                        if (latest != null) EndpointSettings.save(file, latest);
                    }
                    return null;
                })
                .onException(failure -> error.set("Could not save the IPFS endpoints to " + file + ": " + messageOf(failure))));
    }

    /** Closes {@code old} now (in the background), or when the fetch that uses it ends. */
    private void retire(MultiEndpointBlockStore old) {
        if (old == networkInTransfer && transferring.get()) {
            closeAfterTransfer = old;
        } else {
            closeInBackground(old);
        }
    }

    /** Closing waits for HTTP requests under way, so it never runs on the UI thread. */
    private void closeInBackground(MultiEndpointBlockStore old) {
        tasks.execute(BackgroundTask.<Void>of(() -> {
                    old.close();
                    return null;
                })
                .onException(failure -> error.set("Could not close the IPFS endpoints: " + messageOf(failure))));
    }

    /** Probes every endpoint once on the background executor (see {@link MultiEndpointBlockStore#probe()}). */
    public void checkEndpoints() {
        MultiEndpointBlockStore remote = network;
        if (remote == null) {
            message.set("No IPFS endpoints: the pane uses the embedded store only.");
            return;
        }
        tasks.execute(BackgroundTask.of(remote::probe)
                .onSuccess(health -> {
                    if (remote == network) endpointHealth.setAll(health);
                })
                .onException(failure -> {
                    // a store replaced meanwhile was closed under the probe: nothing to report
                    if (remote == network) error.set("Could not check the endpoints: " + messageOf(failure));
                }));
    }

    private void rebuildNetwork() {
        if (network != null) {
            network.removeHealthListener(healthListener);
            retire(network);
        }
        if (endpoints.isEmpty() || closed) {
            network = null;
            endpointHealth.clear();
            return;
        }
        network = MultiEndpointBlockStore.owning(endpoints.stream()
                .map(e -> new AttributingSource(EndpointSpec.parse(e).open(retryPolicy.attemptTimeout()), delivered))
                .toList(), retryPolicy);
        network.addHealthListener(healthListener);
        endpointHealth.setAll(network.health());
    }

    /** From the worker thread of an attempt: hops to the UI thread and updates that endpoint's row. */
    private void healthChanged(EndpointHealth health) {
        tasks.ui().execute(() -> {
            for (int i = 0; i < endpointHealth.size(); i++) {
                if (endpointHealth.get(i).url().equals(health.url()) && endpointHealth.get(i).kind() == health.kind()) {
                    endpointHealth.set(i, health);
                    return;
                }
            }
        });
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        dev.defl.engine.io.AtomicFiles.write(target, writer::write);
    }

    private void requirePresent(Cid cid) throws ContentNotFoundException {
        if (!store.has(cid)) throw new ContentNotFoundException(cid, store.root().toString());
    }

    private Cid parseOrReport(String cidText) {
        error.set("");
        String text = cidText == null ? "" : cidText.strip();
        if (text.isEmpty()) {
            error.set("Enter a CID first.");
            return null;
        }
        try {
            return Cid.parse(text);
        } catch (MalformedCidException e) {
            error.set("Not a CID: " + e.getMessage());
            return null;
        }
    }

    // ---- pins and GC -------------------------------------------------------------------------------

    /**
     * Pins {@code row}'s CID recursively on the background executor (after an unpin: undoes it). Blocks of
     * the DAG the store lacks (a {@value PinRow#FETCHED} root whose leaves were not all read) are first
     * fetched through the endpoints, verified, as {@code ipfs pin add} does; that read shows in
     * {@link #readingProperty()} and {@link #cancelRead()} stops it (nothing is pinned then).
     */
    public void pin(PinRow row) {
        Cid cid = Cid.parse(row.cid());
        AtomicBoolean cancel = new AtomicBoolean();
        pinCancel = cancel;
        AtomicBoolean wentRemote = new AtomicBoolean();
        DagReader reader = reader(cancel, wentRemote);
        boolean fetchFirst = row.pinMode().equals(PinRow.FETCHED) && network != null;
        tasks.execute(BackgroundTask.of(() -> {
                    long fetched = fetchFirst ? reader.fetchAll(cid, n -> { }) : 0;
                    store.pin(cid, PinMode.RECURSIVE);
                    return fetched;
                })
                .onRunning(this::clearMessages)
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(fetched -> {
                    fetchedRoots.remove(cid.toString());
                    replace(row.withPinMode(PinMode.RECURSIVE.kuboName()));
                    message.set("Pinned " + cid + " recursively" + (fetched == 0 ? ""
                            : " after fetching " + fetched + (fetched == 1 ? " missing block" : " missing blocks")));
                    refreshStats();
                })
                .onException(failure -> {
                    if (cancel.get() && failure instanceof InterruptedIOException) {
                        message.set("Pin of " + cid + " cancelled while fetching its blocks; nothing was pinned.");
                    } else {
                        error.set(failureText("pin", cid, failure));
                    }
                }));
    }

    /**
     * Unpins {@code row}'s CID on the background executor; the row stays, marked {@value PinRow#UNPINNED},
     * and its blocks stay until the next GC.
     */
    public void unpin(PinRow row) {
        Cid cid = Cid.parse(row.cid());
        tasks.execute(BackgroundTask.of(() -> {
                    store.unpin(cid);
                    return row.withPinMode(PinRow.UNPINNED);
                })
                .onRunning(this::clearMessages)
                .onSuccess(unpinned -> {
                    replace(unpinned);
                    message.set("Unpinned " + cid + "; its blocks stay until the next GC");
                    refreshStats();
                })
                .onException(failure -> error.set("Could not unpin CID " + cid + ": " + messageOf(failure))));
    }

    /**
     * Runs garbage collection on the background executor (deletes every block no pin protects: data loss
     * for unpinned content; confirm first), then reports the result and re-lists the pins.
     */
    public void gc() {
        tasks.execute(BackgroundTask.of(store::gc)
                .onRunning(this::clearMessages)
                .onSuccess(result -> {
                    lastGc.set(result);
                    message.set("GC removed " + result.blocksRemoved() + (result.blocksRemoved() == 1 ? " block" : " blocks")
                            + " (" + StatusViewModel.humanBytes(result.bytesRemoved()) + ")");
                    refresh();
                })
                .onException(failure -> error.set("GC failed: " + messageOf(failure))));
    }

    private void replace(PinRow row) {
        int at = indexOf(row.cid());
        if (at >= 0) rows.set(at, row);
        else rows.add(row);
    }

    private int indexOf(String cid) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).cid().equals(cid)) return i;
        }
        return -1;
    }

    // ---- DAG inspector -----------------------------------------------------------------------------

    /**
     * Reads the root block of {@code cidText} on the background executor and shows it in the inspector
     * ({@link #inspectedProperty()}), with its preview. A CID the store lacks is read through the
     * {@linkplain #endpoints() endpoints} (in order, with failover; every block verified against its CID) and
     * its blocks are kept in the store unpinned, as kubo does for blocks it fetches: the root then appears in
     * the table as {@value PinRow#FETCHED} until a GC removes it or Pin pins it. While a block is fetched,
     * {@link #readingProperty()} is true and {@link #cancelRead()} abandons the read. Errors name the CID and,
     * for the network, each endpoint's failure.
     */
    public void inspect(String cidText) {
        Cid cid = parseOrReport(cidText);
        if (cid == null) return;
        long generation = ++inspectGeneration;
        readCancel.set(true); // abandon the previous inspection's remote reads
        AtomicBoolean cancel = new AtomicBoolean();
        readCancel = cancel;
        AtomicBoolean wentRemote = new AtomicBoolean();
        DagReader reader = reader(cancel, wentRemote);
        tasks.execute(BackgroundTask.of(() -> reader.describe(cid, "", -1))
                .onRunning(this::clearMessages)
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(node -> {
                    if (generation != inspectGeneration) return;
                    inspected.set(node);
                    select(node);
                    if (node.isRemote()) {
                        noteFetched(new PinRow(cid.toString(), names.getOrDefault(cid.toString(), ""), node.sizeBytes(),
                                PinRow.FETCHED, codecName(cid.codec())));
                        message.set("Read CID " + cid + " " + node.originText() + " (verified); its blocks are kept in "
                                + "the store unpinned until the next GC — Pin keeps them.");
                    }
                })
                .onException(failure -> {
                    if (generation != inspectGeneration) return;
                    inspected.set(null);
                    preview.set(Preview.none(""));
                    if (cancel.get() && failure instanceof InterruptedIOException) return;
                    error.set(failureText("inspect", cid, failure));
                }));
    }

    /**
     * Loads the children of {@code node} (its dag-pb links: dag-pb children read, from the network if the
     * store lacks them; raw leaves the store lacks fetched only under a file small enough to preview, else
     * described from the link without fetching) on the
     * background executor and hands them to {@code onLoaded} on the UI thread; errors name the node's CID.
     */
    public void loadChildren(DagNode node, Consumer<List<DagNode>> onLoaded) {
        Objects.requireNonNull(onLoaded, "onLoaded");
        long generation = inspectGeneration;
        AtomicBoolean cancel = readCancel;
        AtomicBoolean wentRemote = new AtomicBoolean();
        DagReader reader = reader(cancel, wentRemote);
        tasks.execute(BackgroundTask.of(() -> reader.children(node, PREVIEW_MAX_BYTES))
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(kids -> {
                    if (generation == inspectGeneration) onLoaded.accept(kids);
                })
                .onException(failure -> {
                    if (generation != inspectGeneration || cancel.get() && failure instanceof InterruptedIOException) return;
                    error.set(failureText("read the links of", node.cid(), failure));
                }));
    }

    /**
     * Shows the preview of {@code node} (text or image of a small file), loaded on the background executor;
     * a file the store lacks is fetched through the endpoints (and kept unpinned).
     */
    public void select(DagNode node) {
        long generation = ++previewGeneration;
        if (node == null) {
            preview.set(Preview.none(""));
            return;
        }
        AtomicBoolean wentRemote = new AtomicBoolean();
        DagReader reader = reader(readCancel, wentRemote);
        tasks.execute(BackgroundTask.of(() -> previewOf(reader, node))
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(p -> {
                    if (generation == previewGeneration) preview.set(p);
                })
                .onException(failure -> {
                    if (generation == previewGeneration) preview.set(Preview.none("No preview: " + messageOf(failure)));
                }));
    }

    /**
     * Stops the inspector's reads through the network: the inspection is abandoned at once (the inspector
     * is cleared), and the worker stops before its next block (a request already under way finishes or
     * times out first; a block it delivers is still verified and kept).
     */
    public void cancelRead() {
        readCancel.set(true);
        pinCancel.set(true);
        if (remoteReads > 0) {
            inspectGeneration++;
            previewGeneration++;
            inspected.set(null);
            preview.set(Preview.none(""));
            remoteReads = 0;
            reading.set(false);
            readingText.set("");
            message.set("Read through the network cancelled.");
        }
    }

    /**
     * A reader over the store and the current endpoints. Its first remote read counts in
     * {@link #readingProperty()} until {@link #readEnded} is called for it from the task's onFinished.
     */
    private DagReader reader(AtomicBoolean cancel, AtomicBoolean wentRemote) {
        return new DagReader(store, network, delivered, cancel, cid -> {
            boolean first = wentRemote.compareAndSet(false, true);
            String text = "Fetching block " + shortCid(cid.toString()) + " through the network…";
            // posted before the task's onFinished, so the count goes up before it comes down
            tasks.ui().execute(() -> {
                readingText.set(text);
                if (first && remoteReads++ == 0) reading.set(true);
            });
        });
    }

    /** UI thread, from a task's onFinished: the remote reads of that task are over. */
    private void readEnded(AtomicBoolean wentRemote) {
        if (!wentRemote.get()) return;
        refreshStats(); // fetched blocks were added to the store
        if (remoteReads == 0) return;
        if (--remoteReads == 0) {
            reading.set(false);
            readingText.set("");
        }
    }

    /**
     * Lists {@code row} (a root just read through the network, pin mode {@value PinRow#FETCHED}) in the table
     * without re-listing the store, so the table's selection stays where it is.
     */
    private void noteFetched(PinRow row) {
        fetchedRoots.add(row.cid());
        if (indexOf(row.cid()) < 0) rows.add(row);
        refreshStats();
    }

    private static Preview previewOf(DagReader reader, DagNode node) throws IOException {
        if (node.sizeBytes() > PREVIEW_MAX_BYTES) {
            return Preview.none("No preview: " + StatusViewModel.humanBytes(node.sizeBytes()) + " is over the "
                    + StatusViewModel.humanBytes(PREVIEW_MAX_BYTES) + " preview limit");
        }
        return previewOf(reader.content(node.cid()));
    }

    /**
     * "Could not inspect CID …: " and the failure: for the endpoints, one line per endpoint with its last
     * error (not found, connection refused, a block that did not hash to its CID); the messages name the CID.
     */
    static String failureText(String verb, Cid cid, Throwable failure) {
        if (failure instanceof dev.defl.engine.content.net.EndpointsFailedException e) {
            StringBuilder b = new StringBuilder("Could not " + verb + " CID " + cid + ": no endpoint delivered block "
                    + e.cid() + ":");
            for (var f : e.failures()) {
                b.append("\n  • ").append(f.url()).append(" (").append(kindName(f.kind())).append("): ").append(f.lastError());
            }
            return b.toString();
        }
        if (failure instanceof ContentNotFoundException e && e.getMessage().contains("any of the endpoints")) {
            return "Could not " + verb + " CID " + cid + ": not in the store, and every endpoint answered that it "
                    + "does not have block " + e.cid() + " (" + e.getMessage() + ")";
        }
        return "Could not " + verb + " CID " + cid + ": " + messageOf(failure);
    }

    /** "node" for a kubo RPC endpoint, "gateway" for a trustless gateway. */
    static String kindName(dev.defl.engine.content.net.EndpointKind kind) {
        return switch (kind) {
            case KUBO_RPC -> "node";
            case TRUSTLESS_GATEWAY -> "gateway";
        };
    }

    /**
     * Image preview for PNG and JPEG magic numbers, a summary of a safetensors model or update (tensors with shapes,
     * parameter count, {@code __metadata__}), text for UTF-8 (first 4 KiB), else none.
     */
    static Preview previewOf(byte[] bytes) {
        if (isPng(bytes) || isJpeg(bytes)) return new Preview(Preview.Kind.IMAGE, "", bytes);
        Preview model = safetensorsPreview(bytes);
        if (model != null) return model;
        int length = Math.min(bytes.length, TEXT_PREVIEW_BYTES);
        // a cut inside a multi-byte sequence: drop up to 3 trailing bytes
        for (int drop = 0; drop <= (length < bytes.length ? 3 : 0) && drop <= length; drop++) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length - drop)).toString();
                if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) break;
                String more = length < bytes.length ? "\n… (first " + (length - drop) + " of " + bytes.length + " bytes)" : "";
                return new Preview(Preview.Kind.TEXT, text + more, new byte[0]);
            } catch (CharacterCodingException e) {
                // try dropping one more byte
            }
        }
        return Preview.none("No preview: " + bytes.length + " bytes of binary data");
    }

    /** A safetensors file (8-byte LE header length, then a JSON object) summarised; null when it is not one. */
    private static Preview safetensorsPreview(byte[] bytes) {
        if (bytes.length < 10 || bytes[8] != '{') return null;
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > bytes.length - 8) return null;
        dev.defl.engine.learning.SafetensorsFile file;
        try {
            file = dev.defl.engine.learning.SafetensorsCodec.decode(bytes);
        } catch (IOException | RuntimeException e) {
            return Preview.none("Not a valid safetensors file: " + messageOf(e));
        }
        StringBuilder b = new StringBuilder("safetensors · ")
                .append(String.format(java.util.Locale.ROOT, "%,d", file.weights().parameterCount()))
                .append(" float32 parameters\n\n");
        file.weights().tensors().forEach((name, t) -> b.append(String.format(java.util.Locale.ROOT, "  %-12s %s%n",
                name, Arrays.toString(t.shape()))));
        if (!file.metadata().isEmpty()) {
            b.append("\n__metadata__\n");
            file.metadata().forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        return new Preview(Preview.Kind.TEXT, b.toString(), new byte[0]);
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && Arrays.equals(b, 0, 8, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, 8);
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    /** {@code raw}, {@code dag-pb}, or the multicodec number in hex. */
    public static String codecName(long codec) {
        if (codec == Cid.RAW) return "raw";
        if (codec == Cid.DAG_PB) return "dag-pb";
        return "0x" + Long.toHexString(codec);
    }

    /** The first 8 and last 6 characters of a long CID, joined by an ellipsis. */
    public static String shortCid(String cid) {
        return dev.defl.ui.CidText.shorten(cid);
    }

    private void clearMessages() {
        error.set("");
        message.set("");
    }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    // ---- properties --------------------------------------------------------------------------------

    /** "12 blocks · 1.5 MiB · 3 pinned roots · cache hit ratio 80 %". */
    public ReadOnlyStringProperty statsProperty() { return stats.getReadOnlyProperty(); }
    /** Empty, or the last failure, naming the CID or file involved. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** Empty, or the outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** Whether the pin list is being loaded. */
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    /** Whether an upload runs. */
    public ReadOnlyBooleanProperty uploadingProperty() { return uploading.getReadOnlyProperty(); }
    /** The latest upload progress. */
    public ReadOnlyObjectProperty<UploadProgress> uploadProgressProperty() { return uploadProgress.getReadOnlyProperty(); }
    /** The upload progress as text: bytes done of total, rate and ETA. */
    public ReadOnlyStringProperty uploadTextProperty() { return uploadText.getReadOnlyProperty(); }
    /** The root shown in the DAG inspector, or null. */
    public ReadOnlyObjectProperty<DagNode> inspectedProperty() { return inspected.getReadOnlyProperty(); }
    /** The preview of the selected inspector node. */
    public ReadOnlyObjectProperty<Preview> previewProperty() { return preview.getReadOnlyProperty(); }
    /** Whether the inspector is reading blocks through the network (cancel with {@link #cancelRead()}). */
    public ReadOnlyBooleanProperty readingProperty() { return reading.getReadOnlyProperty(); }
    /** The block being fetched for the inspector ("Fetching block bafy…x7 through the network…"), or empty. */
    public ReadOnlyStringProperty readingTextProperty() { return readingText.getReadOnlyProperty(); }
    /** Whether a save, fetch or export runs. */
    public ReadOnlyBooleanProperty transferringProperty() { return transferring.getReadOnlyProperty(); }
    /** The running transfer's progress as text ("Fetch: 1.2 MiB written"), or empty. */
    public ReadOnlyStringProperty transferTextProperty() { return transferText.getReadOnlyProperty(); }
    /** The result of the last GC, or null. */
    public ReadOnlyObjectProperty<GcResult> lastGcProperty() { return lastGc.getReadOnlyProperty(); }
}
