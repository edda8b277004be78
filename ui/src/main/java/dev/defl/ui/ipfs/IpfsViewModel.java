package dev.defl.ui.ipfs;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.ContentEndpoints;
import dev.defl.engine.content.net.EndpointSettings;
import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.ipfs.endpoints.EndpointsViewModel;
import dev.defl.ui.ipfs.inspector.InspectorViewModel;
import dev.defl.ui.ipfs.store.StoreViewModel;
import dev.defl.ui.ipfs.transfers.TransfersViewModel;
import javafx.beans.property.ReadOnlyStringProperty;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The IPFS pane's state over the embedded content store, as four sub-panes sharing one error and message line
 * ({@link IpfsFeedback}): the store browser ({@link StoreViewModel}: pinned and fetched roots, statistics,
 * pin/unpin, GC), transfers ({@link TransfersViewModel}: uploads, save of a CID into a file, CAR export, each
 * with progress and cancel), the DAG inspector with its preview ({@link InspectorViewModel}) and the network
 * endpoints ({@link EndpointsViewModel}) that a save or an inspection of a CID the store lacks reads through.
 * The endpoint list and the store over it are the engine's {@link ContentEndpoints}. Holds no controls; every
 * public method is called on the UI thread.
 */
public final class IpfsViewModel {

    private final IpfsFeedback feedback = new IpfsFeedback();
    private final ContentEndpoints network;
    private final EndpointsViewModel endpoints;
    private final StoreViewModel store;
    private final TransfersViewModel transfers;
    private final InspectorViewModel inspector;
    private boolean closed;

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
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tasks, "tasks");
        // set by each endpoint's source to itself when it delivers a block, so the inspector can say which one did
        ThreadLocal<URI> delivered = new ThreadLocal<>();
        this.network = new ContentEndpoints(endpointsFile, Objects.requireNonNull(retryPolicy, "retryPolicy"),
                source -> new AttributingSource(source, delivered));
        RemoteReads reads = new RemoteReads(store, tasks, network, delivered);
        this.store = new StoreViewModel(store, tasks, feedback, reads);
        this.transfers = new TransfersViewModel(store, tasks, feedback, this.store, network);
        this.inspector = new InspectorViewModel(tasks, feedback, this.store, reads);
        this.endpoints = new EndpointsViewModel(network, tasks, feedback);
    }

    /** The store browser. */
    public StoreViewModel store() {
        return store;
    }

    /** Uploads, saves and exports. */
    public TransfersViewModel transfers() {
        return transfers;
    }

    /** The DAG inspector and preview. */
    public InspectorViewModel inspector() {
        return inspector;
    }

    /** The network endpoints. */
    public EndpointsViewModel endpoints() {
        return endpoints;
    }

    /** Empty, or the last failure, naming the CID or file involved. */
    public ReadOnlyStringProperty errorProperty() {
        return feedback.errorProperty();
    }

    /** Empty, or the outcome of the last action. */
    public ReadOnlyStringProperty messageProperty() {
        return feedback.messageProperty();
    }

    /**
     * Lets the endpoints go, when the window closes: running transfers and uploads are cancelled, and the
     * network store (and its HTTP clients) is closed on the background executor once the reads that use it
     * end. An endpoint list already saved stays saved. A second call does nothing.
     */
    public void close() {
        if (closed) return;
        closed = true;
        transfers.cancelAll();
        endpoints.close();
    }
}
