package dev.defl.ui.ipfs.transfers;

import dev.defl.engine.content.CarSummary;
import dev.defl.engine.content.CarWriter;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.PinMode;
import dev.defl.engine.content.net.ContentEndpoints;
import dev.defl.engine.content.net.MultiEndpointBlockStore;
import dev.defl.ui.CidText;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.ipfs.IpfsFeedback;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.ipfs.UploadProgress;
import dev.defl.ui.ipfs.store.StoreViewModel;
import dev.defl.ui.status.StatusViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Transfers of the IPFS pane: uploads into the embedded store with progress and cancel, and the save of a CID
 * into a file (through the endpoints when the store lacks it) or the export of a DAG as a CAR file, with
 * progress and cancel. Every public method is called on the UI thread; the work runs on the background executor.
 *
 * <p>Cancelling an upload ({@link #cancelUpload()}) stops the add at the next read of the file being added
 * (the counting stream throws {@link InterruptedIOException}); the thread itself is not interrupted, since
 * an interrupt during a block write would close the block file's channel midway. Files of the upload
 * added before the cancel stay added and pinned; blocks already written for the file in progress have no
 * pin and no root, so they are harmless and go at the next GC.
 */
public final class TransfersViewModel {

    /** Progress events are posted to the UI at most this often, in nanoseconds (~10 per second). */
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    private final EmbeddedContentStore store;
    private final TaskExecutor tasks;
    private final IpfsFeedback feedback;
    private final StoreViewModel rows;
    private final ContentEndpoints endpoints;

    private final ReadOnlyBooleanWrapper uploading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<UploadProgress> uploadProgress =
            new ReadOnlyObjectWrapper<>(new UploadProgress(0, 0, 0, -1));
    private final ReadOnlyStringWrapper uploadText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper transferring = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper transferText = new ReadOnlyStringWrapper("");
    /** UI thread: the running upload and save/export (cancelled through their handles), or null. */
    private BackgroundTask<List<AddedFile>> upload;
    private BackgroundTask<String> transfer;
    /** UI thread: the running upload's total bytes and its start (System.nanoTime), for its progress. */
    private long uploadTotal;
    private long uploadStart;

    /**
     * @param rows      the store browser, told of added and fetched roots
     * @param endpoints what a save of a CID the store lacks reads through
     */
    public TransfersViewModel(EmbeddedContentStore store, TaskExecutor tasks, IpfsFeedback feedback,
            StoreViewModel rows, ContentEndpoints endpoints) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    // ---- upload ------------------------------------------------------------------------------------

    /**
     * Adds {@code paths} to the store on the background executor, pinned recursively: a file as itself,
     * a folder as every regular file inside it (recursively, in path order; named by its path relative to
     * the folder's parent). Progress goes to {@link #uploadProgressProperty()} (through the task's coalesced
     * progress: the latest count whenever the UI thread takes it, and the end); the rows of the added files
     * appear in the table. Ignored while an upload runs.
     */
    public void addFiles(List<Path> paths) {
        Objects.requireNonNull(paths, "paths");
        if (uploading.get()) {
            feedback.error("An upload is already running; cancel it or wait for it to finish.");
            return;
        }
        if (paths.isEmpty()) return;
        List<Path> roots = List.copyOf(paths);
        BackgroundTask<List<AddedFile>> task = BackgroundTask.tracked(handle -> upload(roots, handle));
        upload = task;
        task.progressProperty().addListener((obs, old, fraction) -> publish(uploadProgressAt(fraction.doubleValue())));
        tasks.execute(task
                .onRunning(() -> {
                    uploading.set(true);
                    feedback.clear();
                    uploadTotal = 0;
                    publish(new UploadProgress(0, 0, 0, -1));
                })
                .onSuccess(added -> {
                    added.forEach(file -> rows.added(file.row()));
                    long bytes = added.stream().mapToLong(AddedFile::bytes).sum();
                    feedback.message("Added " + added.size() + (added.size() == 1 ? " file" : " files") + " ("
                            + StatusViewModel.humanBytes(bytes) + ")");
                })
                .onException(failure -> {
                    if (task.isCancelled() && failure instanceof InterruptedIOException) {
                        UploadProgress p = uploadProgress.get();
                        feedback.message("Upload cancelled after " + StatusViewModel.humanBytes(p.bytesDone()) + " of "
                                + StatusViewModel.humanBytes(p.bytesTotal()) + "; files finished before stay "
                                + "pinned, the partial file's blocks go at the next GC.");
                        rows.refresh();
                    } else {
                        feedback.error("Upload failed: " + IpfsFeedback.messageOf(failure));
                    }
                })
                .onFinished(() -> {
                    uploading.set(false);
                    if (upload == task) upload = null;
                    rows.refreshStats();
                }));
    }

    /** Stops the running upload at its next read; see the class comment for what stays in the store. */
    public void cancelUpload() {
        if (upload != null) upload.cancel();
    }

    private record AddedFile(PinRow row, long bytes) {}

    private record Source(Path file, String name, long bytes) {}

    private List<AddedFile> upload(List<Path> roots, BackgroundTask.Handle handle) throws IOException {
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
        // posted before any progress, so the UI knows what the fractions are of
        tasks.ui().execute(() -> {
            uploadTotal = total;
            uploadStart = System.nanoTime();
            publish(new UploadProgress(0, total, 0, -1));
        });
        long[] done = {0};
        List<AddedFile> added = new ArrayList<>();
        for (Source source : sources) {
            Cid cid;
            try (InputStream in = new ProgressInputStream(Files.newInputStream(source.file()), bytes -> {
                done[0] += bytes;
                handle.updateProgress(total == 0 ? 1 : (double) done[0] / total);
            }, handle.cancelFlag())) {
                cid = store.add(in);
            }
            added.add(new AddedFile(PinRow.read(store, cid, PinMode.RECURSIVE.kuboName(), source.name()), source.bytes()));
        }
        handle.updateProgress(1);
        return added;
    }

    /** UI thread: the upload's progress at {@code fraction} of its bytes, with the mean rate since it started. */
    private UploadProgress uploadProgressAt(double fraction) {
        long total = uploadTotal;
        long done = Math.round(Math.max(0, Math.min(1, fraction)) * total);
        double seconds = (System.nanoTime() - uploadStart) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        long eta = rate > 0 ? (long) Math.ceil((total - done) / rate) : -1;
        return new UploadProgress(done, total, rate, eta);
    }

    private void publish(UploadProgress p) {
        uploadProgress.set(p);
        uploadText.set(p.bytesTotal() == 0 && p.bytesDone() == 0 ? "Preparing upload…" : progressText(p));
    }

    /** "1.2 MiB of 5.0 MiB · 3.4 MiB/s · ETA 2 s". */
    public static String progressText(UploadProgress p) {
        String text = StatusViewModel.humanBytes(p.bytesDone()) + " of " + StatusViewModel.humanBytes(p.bytesTotal());
        if (p.bytesPerSecond() > 0) text += " · " + StatusViewModel.humanBytes((long) p.bytesPerSecond()) + "/s";
        if (p.etaSeconds() >= 0 && p.bytesDone() < p.bytesTotal()) text += " · ETA " + p.etaSeconds() + " s";
        return text;
    }

    // ---- fetch and export --------------------------------------------------------------------------

    /**
     * Writes the file {@code cidText} to {@code target} on the background executor: to a temporary file
     * beside it, renamed over {@code target} when complete. A CID the store lacks is fetched through the
     * endpoints (every block verified, and kept in the store, unpinned, as {@code ipfs get} does); with no
     * endpoints it is an error naming the CID. Progress goes to {@link #transferTextProperty()};
     * {@link #cancelTransfer()} stops it at the next block written (a request to an endpoint already under
     * way finishes or times out first). Ignored while a transfer runs.
     */
    public void fetch(String cidText, Path target) {
        Cid cid = feedback.parseOrReport(cidText);
        if (cid == null) return;
        Objects.requireNonNull(target, "target");
        transfer("Fetch", cid, counter -> {
            boolean local = store.has(cid);
            try (ContentEndpoints.Lease lease = endpoints.acquire()) {
                MultiEndpointBlockStore remote = lease.store();
                if (!local && remote == null) throw new ContentNotFoundException(cid, store.root()
                        + " (add IPFS endpoints under Network to fetch it)");
                writeAtomically(target, counter.wrap(out -> {
                    if (local) store.cat(cid, out);
                    else store.cat(cid, out, remote, true);
                }));
            }
            if (!local) {
                PinRow fetchedRow = PinRow.read(store, cid, PinRow.FETCHED, "");
                tasks.ui().execute(() -> rows.noteFetched(fetchedRow));
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
        Cid cid = feedback.parseOrReport(cidText);
        if (cid == null) return;
        Objects.requireNonNull(target, "target");
        transfer("Export", cid, counter -> {
            if (!store.has(cid)) throw new ContentNotFoundException(cid, store.root().toString());
            CarSummary[] summary = new CarSummary[1];
            writeAtomically(target, counter.wrap(out -> summary[0] = new CarWriter(store.blockStore()).export(cid, out)));
            return "Exported " + cid + " to " + target + " (" + summary[0].blockCount() + " blocks, "
                    + StatusViewModel.humanBytes(summary[0].carBytes()) + ")";
        });
    }

    /** Stops the running save, fetch or export at its next write; the target file is left as it was. */
    public void cancelTransfer() {
        if (transfer != null) transfer.cancel();
    }

    /** Stops the running upload and transfer (when the window closes). */
    public void cancelAll() {
        cancelUpload();
        cancelTransfer();
    }

    @FunctionalInterface
    private interface TransferWork {
        String run(TransferCounter counter) throws IOException;
    }

    /** Bytes written by a transfer, posted to the UI at most ~10 times a second, and its cancel flag. */
    private final class TransferCounter {
        private final String verb;
        private final BooleanSupplier cancelled;
        private long done;
        private long lastPost;

        TransferCounter(String verb, BooleanSupplier cancelled) {
            this.verb = verb;
            this.cancelled = cancelled;
            this.lastPost = System.nanoTime() - PROGRESS_INTERVAL_NANOS; // the first write posts at once
        }

        Writer wrap(Writer writer) {
            return out -> writer.write(new CancellableOutputStream(out, this::wrote, cancelled));
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
            feedback.error("A save or export is already running; cancel it or wait for it to finish.");
            return;
        }
        BackgroundTask<String> task = BackgroundTask.tracked(handle -> work.run(new TransferCounter(verb, handle.cancelFlag())));
        transfer = task;
        tasks.execute(task
                .onRunning(() -> {
                    transferring.set(true);
                    feedback.message("");
                    transferText.set(verb + " of " + CidText.shorten(cid.toString()) + "…");
                })
                .onSuccess(feedback::message)
                .onException(failure -> {
                    if (task.isCancelled() && failure instanceof InterruptedIOException) {
                        feedback.message(verb + " of " + cid + " cancelled; the target file was not written.");
                    } else {
                        feedback.error("Could not " + verb.toLowerCase(Locale.ROOT) + " CID " + cid + ": "
                                + IpfsFeedback.messageOf(failure));
                    }
                })
                .onFinished(() -> {
                    transferring.set(false);
                    transferText.set("");
                    if (transfer == task) transfer = null;
                    rows.refreshStats();
                }));
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path target, Writer writer) throws IOException {
        dev.defl.engine.io.AtomicFiles.write(target, writer::write);
    }

    /** Whether an upload runs. */
    public ReadOnlyBooleanProperty uploadingProperty() { return uploading.getReadOnlyProperty(); }
    /** The latest upload progress. */
    public ReadOnlyObjectProperty<UploadProgress> uploadProgressProperty() { return uploadProgress.getReadOnlyProperty(); }
    /** The upload progress as text: bytes done of total, rate and ETA. */
    public ReadOnlyStringProperty uploadTextProperty() { return uploadText.getReadOnlyProperty(); }
    /** Whether a save, fetch or export runs. */
    public ReadOnlyBooleanProperty transferringProperty() { return transferring.getReadOnlyProperty(); }
    /** The running transfer's progress as text ("Fetch: 1.2 MiB written"), or empty. */
    public ReadOnlyStringProperty transferTextProperty() { return transferText.getReadOnlyProperty(); }
}
