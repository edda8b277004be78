package dev.defl.ui.ipfs.inspector;

import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.EnvelopeException;
import dev.defl.engine.envelope.EnvelopeHeader;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.ipfs.DagNode;
import dev.defl.ui.ipfs.DagReader;
import dev.defl.ui.ipfs.IpfsFeedback;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.ipfs.Preview;
import dev.defl.ui.ipfs.RemoteReads;
import dev.defl.ui.ipfs.store.StoreViewModel;
import dev.defl.ui.status.StatusViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The DAG inspector of the IPFS pane: a root read from the store, else through the endpoints, its children
 * loaded lazily, and the preview of the selected node. Blocks read through the endpoints are hash-verified and
 * kept in the store unpinned, as kubo keeps the blocks it fetches; the root is then listed by the store browser
 * as {@value PinRow#FETCHED}. Every public method is called on the UI thread; reads run on the background executor.
 */
public final class InspectorViewModel {
    /** Files larger than this many bytes are not previewed. */
    public static final long PREVIEW_MAX_BYTES = 2L * 1024 * 1024;

    private final TaskExecutor tasks;
    private final IpfsFeedback feedback;
    private final StoreViewModel rows;
    private final RemoteReads reads;
    private final ReadOnlyObjectWrapper<DagNode> inspected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>(Preview.none(""));
    /** UI thread: the latest inspection; cancelling it also stops the reads of its children and previews. */
    private BackgroundTask<DagNode> inspection;
    private long inspectGeneration;
    private long previewGeneration;
    /** UI thread: names a recipient's address in the preview of encrypted content ("label (0x…)"). */
    private UnaryOperator<String> recipientLabel = UnaryOperator.identity();

    /**
     * @param rows  the store browser, told of roots read through the network, and whose pin fetch a cancel stops
     * @param reads reads through the store and the endpoints
     */
    public InspectorViewModel(TaskExecutor tasks, IpfsFeedback feedback, StoreViewModel rows, RemoteReads reads) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * Reads the root block of {@code cidText} on the background executor and shows it in the inspector
     * ({@link #inspectedProperty()}), with its preview. A CID the store lacks is read through the endpoints
     * (in order, with failover; every block verified against its CID) and its blocks are kept in the store
     * unpinned: the root then appears in the table as {@value PinRow#FETCHED} until a GC removes it or Pin
     * pins it. While a block is fetched, {@link #readingProperty()} is true and {@link #cancelRead()}
     * abandons the read. Errors name the CID and, for the network, each endpoint's failure.
     */
    public void inspect(String cidText) {
        Cid cid = feedback.parseOrReport(cidText);
        if (cid == null) return;
        long generation = ++inspectGeneration;
        if (inspection != null) inspection.cancel(); // abandon the previous inspection's remote reads
        AtomicBoolean wentRemote = new AtomicBoolean();
        BackgroundTask<DagNode> task = BackgroundTask.tracked(handle -> reads.read(handle.cancelFlag(), wentRemote,
                (reader, networked) -> reader.describe(cid, "", -1)));
        inspection = task;
        tasks.execute(task
                .onRunning(feedback::clear)
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(node -> {
                    if (generation != inspectGeneration) return;
                    inspected.set(node);
                    select(node);
                    if (node.isRemote()) {
                        rows.noteFetched(new PinRow(cid.toString(), rows.nameOf(cid.toString()), node.sizeBytes(),
                                PinRow.FETCHED, DagNode.codecName(cid.codec())));
                        feedback.message("Read CID " + cid + " " + node.originText() + " (verified); its blocks are kept in "
                                + "the store unpinned until the next GC — Pin keeps them.");
                    }
                })
                .onException(failure -> {
                    if (generation != inspectGeneration) return;
                    inspected.set(null);
                    preview.set(Preview.none(""));
                    if (task.isCancelled() && failure instanceof InterruptedIOException) return;
                    feedback.error(RemoteReads.failureText("inspect", cid, failure));
                }));
    }

    /**
     * Loads the children of {@code node} (its dag-pb links: dag-pb children read, from the network if the
     * store lacks them; raw leaves the store lacks fetched only under a file small enough to preview, else
     * described from the link without fetching) on the background executor and hands them to
     * {@code onLoaded} on the UI thread; errors name the node's CID.
     */
    public void loadChildren(DagNode node, Consumer<List<DagNode>> onLoaded) {
        Objects.requireNonNull(onLoaded, "onLoaded");
        long generation = inspectGeneration;
        BooleanSupplier cancel = cancelFlag();
        AtomicBoolean wentRemote = new AtomicBoolean();
        tasks.execute(BackgroundTask.of(() -> reads.read(cancel, wentRemote,
                        (reader, networked) -> reader.children(node, PREVIEW_MAX_BYTES)))
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(kids -> {
                    if (generation == inspectGeneration) onLoaded.accept(kids);
                })
                .onException(failure -> {
                    if (generation != inspectGeneration || cancel.getAsBoolean() && failure instanceof InterruptedIOException) return;
                    feedback.error(RemoteReads.failureText("read the links of", node.cid(), failure));
                }));
    }

    /**
     * Names recipients in the preview of encrypted content with {@code label} (called on the UI thread with a full
     * address; e.g. the address book's "label (0x…)"). Call on the UI thread.
     */
    public void labelRecipientsWith(UnaryOperator<String> label) {
        this.recipientLabel = Objects.requireNonNull(label, "label");
    }

    /**
     * Shows the preview of {@code node} (text or image of a small file), loaded on the background executor;
     * a file the store lacks is fetched through the endpoints (and kept unpinned). Encrypted content (an envelope,
     * docs/envelope.md) is never shown: the preview says whom it is encrypted for, from its header.
     */
    public void select(DagNode node) {
        long generation = ++previewGeneration;
        if (node == null) {
            preview.set(Preview.none(""));
            return;
        }
        AtomicBoolean wentRemote = new AtomicBoolean();
        BooleanSupplier cancel = cancelFlag();
        tasks.execute(BackgroundTask.of(() -> reads.read(cancel, wentRemote, (reader, networked) -> previewOf(reader, node)))
                .onFinished(() -> readEnded(wentRemote))
                .onSuccess(loaded -> {
                    if (generation != previewGeneration) return;
                    preview.set(loaded.header() == null ? loaded.preview()
                            : encryptedPreview(loaded.header(), recipientLabel));
                })
                .onException(failure -> {
                    if (generation == previewGeneration) preview.set(Preview.none("No preview: " + IpfsFeedback.messageOf(failure)));
                }));
    }

    /**
     * Stops the inspector's reads through the network (and the fetch of a pin): the inspection is abandoned
     * at once (the inspector is cleared), and the worker stops before its next block (a request already under
     * way finishes or times out first; a block it delivers is still verified and kept).
     */
    public void cancelRead() {
        if (inspection != null) inspection.cancel();
        rows.cancelPinFetch();
        if (reads.reset()) {
            inspectGeneration++;
            previewGeneration++;
            inspected.set(null);
            preview.set(Preview.none(""));
            feedback.message("Read through the network cancelled.");
        }
    }

    /** The cancel flag of the current inspection (its children and previews stop with it). */
    private BooleanSupplier cancelFlag() {
        BackgroundTask<DagNode> current = inspection;
        return current == null ? () -> false : current::isCancelled;
    }

    private void readEnded(AtomicBoolean wentRemote) {
        if (reads.ended(wentRemote)) rows.refreshStats(); // fetched blocks were added to the store
    }

    /** A preview read in the background: the envelope header of encrypted content (preview unset), else the preview. */
    private record Loaded(Preview preview, EnvelopeHeader header) {
    }

    private static Loaded previewOf(DagReader reader, DagNode node) throws IOException {
        if (node.sizeBytes() > PREVIEW_MAX_BYTES) {
            EnvelopeHeader header = null;
            try {
                header = reader.envelopeHeader(node.cid()).orElse(null);
            } catch (IOException e) {
                // its first blocks are not in the store: say only that it is too large
            }
            return header != null ? new Loaded(null, header) : new Loaded(Preview.none("No preview: "
                    + StatusViewModel.humanBytes(node.sizeBytes()) + " is over the "
                    + StatusViewModel.humanBytes(PREVIEW_MAX_BYTES) + " preview limit"), null);
        }
        byte[] bytes = reader.content(node.cid());
        if (Envelope.isEnvelope(bytes)) {
            try {
                return new Loaded(null, Envelope.readHeader(new ByteArrayInputStream(bytes)));
            } catch (EnvelopeException e) {
                return new Loaded(Preview.none("No preview: starts as an encrypted envelope but its header is malformed ("
                        + e.getMessage() + ")"), null);
            }
        }
        return new Loaded(PreviewDecoder.previewOf(bytes), null);
    }

    /**
     * "Encrypted for 2 recipients (1.5 MiB of data):", one {@code label}led address a line (in header order; "you …"
     * last when {@code label} says so), and how a recipient reads it; never the ciphertext.
     */
    static Preview encryptedPreview(EnvelopeHeader header, UnaryOperator<String> label) {
        int n = header.recipients().size();
        List<String> lines = header.recipients().stream().map(label).sorted(java.util.Comparator.comparing(l -> l.startsWith("you ")))
                .toList();
        return new Preview(Preview.Kind.TEXT, "Encrypted for " + n + (n == 1 ? " recipient (" : " recipients (")
                + StatusViewModel.humanBytes(header.plaintextLength()) + " of data):\n"
                + lines.stream().map(l -> "  " + l + "\n").collect(Collectors.joining())
                + "Only they can read it: defl cat CID --account ADDRESS", new byte[0]);
    }

    /** The root shown in the DAG inspector, or null. */
    public ReadOnlyObjectProperty<DagNode> inspectedProperty() { return inspected.getReadOnlyProperty(); }
    /** The preview of the selected inspector node. */
    public ReadOnlyObjectProperty<Preview> previewProperty() { return preview.getReadOnlyProperty(); }
    /** Whether blocks are being read through the network (cancel with {@link #cancelRead()}). */
    public ReadOnlyBooleanProperty readingProperty() { return reads.readingProperty(); }
    /** The block being fetched ("Fetching block bafy…x7 through the network…"), or empty. */
    public ReadOnlyStringProperty readingTextProperty() { return reads.readingTextProperty(); }
}
