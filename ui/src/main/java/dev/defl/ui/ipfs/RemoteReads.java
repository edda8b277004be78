package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.ContentEndpoints;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.engine.content.net.EndpointsFailedException;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Reads of DAG blocks for the inspector and for a pin that fetches first: through {@link DagReader} over the
 * embedded store and the current endpoints ({@link ContentEndpoints}, leased for the read so a change of the
 * list does not close the store under it), with the count of reads that went to the network shown as
 * {@link #readingProperty()}. {@link #read} runs on the background executor; everything else on the UI thread.
 */
public final class RemoteReads {

    /** Work over a reader; {@code networked} says whether there are endpoints to read through. */
    @FunctionalInterface
    public interface ReadWork<T> {
        T run(DagReader reader, boolean networked) throws IOException;
    }

    private final EmbeddedContentStore store;
    private final TaskExecutor tasks;
    private final ContentEndpoints endpoints;
    private final ThreadLocal<URI> delivered;
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper readingText = new ReadOnlyStringWrapper("");
    /** UI thread: remote reads (inspect, children, preview, fetch before pin) running now. */
    private int remoteReads;

    /**
     * @param delivered set by the endpoints' {@link AttributingSource}s to the endpoint that delivered a block
     */
    public RemoteReads(EmbeddedContentStore store, TaskExecutor tasks, ContentEndpoints endpoints,
            ThreadLocal<URI> delivered) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.delivered = Objects.requireNonNull(delivered, "delivered");
    }

    /**
     * Background executor: runs {@code work} over a reader of the store and the endpoints current now. The
     * reader's first remote read counts in {@link #readingProperty()} until {@link #ended} is called for
     * {@code wentRemote} from the task's onFinished.
     *
     * @param cancel when true, the next remote read throws {@link java.io.InterruptedIOException}
     */
    public <T> T read(BooleanSupplier cancel, AtomicBoolean wentRemote, ReadWork<T> work) throws IOException {
        try (ContentEndpoints.Lease lease = endpoints.acquire()) {
            DagReader reader = new DagReader(store, lease.store(), delivered, cancel, cid -> {
                boolean first = wentRemote.compareAndSet(false, true);
                String text = "Fetching block " + dev.defl.ui.CidText.shorten(cid.toString()) + " through the network…";
                // posted before the task's onFinished, so the count goes up before it comes down
                tasks.ui().execute(() -> {
                    readingText.set(text);
                    if (first && remoteReads++ == 0) reading.set(true);
                });
            });
            return work.run(reader, lease.store() != null);
        }
    }

    /**
     * UI thread, from a task's onFinished: the remote reads of that task are over.
     *
     * @return whether the task read through the network (blocks were added to the store)
     */
    public boolean ended(AtomicBoolean wentRemote) {
        if (!wentRemote.get()) return false;
        if (remoteReads > 0 && --remoteReads == 0) {
            reading.set(false);
            readingText.set("");
        }
        return true;
    }

    /**
     * UI thread: forgets the reads under way (after a cancel).
     *
     * @return whether any was under way
     */
    public boolean reset() {
        if (remoteReads == 0) return false;
        remoteReads = 0;
        reading.set(false);
        readingText.set("");
        return true;
    }

    /** Whether blocks are being read through the network. */
    public ReadOnlyBooleanProperty readingProperty() {
        return reading.getReadOnlyProperty();
    }

    /** The block being fetched ("Fetching block bafy…x7 through the network…"), or empty. */
    public ReadOnlyStringProperty readingTextProperty() {
        return readingText.getReadOnlyProperty();
    }

    /**
     * "Could not inspect CID …: " and the failure: for the endpoints, one line per endpoint with its last
     * error (not found, connection refused, a block that did not hash to its CID); the messages name the CID.
     */
    public static String failureText(String verb, Cid cid, Throwable failure) {
        if (failure instanceof EndpointsFailedException e) {
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
        return "Could not " + verb + " CID " + cid + ": " + IpfsFeedback.messageOf(failure);
    }

    /** "node" for a kubo RPC endpoint, "gateway" for a trustless gateway. */
    public static String kindName(EndpointKind kind) {
        return switch (kind) {
            case KUBO_RPC -> "node";
            case TRUSTLESS_GATEWAY -> "gateway";
        };
    }
}
