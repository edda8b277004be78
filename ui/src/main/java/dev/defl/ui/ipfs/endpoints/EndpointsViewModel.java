package dev.defl.ui.ipfs.endpoints;

import dev.defl.engine.content.net.ContentEndpoints;
import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.EndpointHealthListener;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.ipfs.IpfsFeedback;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The "Network" section of the IPFS pane: the IPFS endpoints (nodes and trustless gateways, empty by default)
 * that a save or an inspection of a CID the store lacks reads through, in the order they are tried, with their
 * health. The list and the store over it live in the engine's {@link ContentEndpoints} (kept in its settings
 * file, if it has one); this view-model shows them and hands every change to it on the background executor.
 * Every public method is called on the UI thread.
 */
public final class EndpointsViewModel {

    private final ContentEndpoints engine;
    private final TaskExecutor tasks;
    private final IpfsFeedback feedback;
    private final ObservableList<String> endpoints = FXCollections.observableArrayList();
    private final ObservableList<EndpointHealth> health = FXCollections.observableArrayList();
    // one read-only view each, kept: a view made per call holds its listeners only as long as the caller keeps it
    private final ObservableList<String> endpointsView = FXCollections.unmodifiableObservableList(endpoints);
    private final ObservableList<EndpointHealth> healthView = FXCollections.unmodifiableObservableList(health);
    private final ObservableList<EndpointRow> rows = FXCollections.observableArrayList();
    private final ObservableList<EndpointRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final StringProperty input = new SimpleStringProperty("");
    private final EndpointHealthListener healthListener = this::healthChanged;
    /** The latest list not yet handed to the engine; the task that takes it applies it (latest wins). */
    private final AtomicReference<List<EndpointSpec>> pending = new AtomicReference<>();
    private final Object applyLock = new Object();
    /** UI thread: the generation of the last engine state shown. */
    private long shown = -1;
    private boolean closed;

    /**
     * Shows {@code engine}'s list, read from its settings file on the background executor now (see
     * {@link ContentEndpoints#load()}); a file set aside or unreadable is reported in the feedback's error.
     */
    public EndpointsViewModel(ContentEndpoints engine, TaskExecutor tasks, IpfsFeedback feedback) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        engine.addHealthListener(healthListener);
        if (engine.file() != null) load();
    }

    /**
     * The IPFS endpoints (as {@link EndpointSpec#toString()} writes them), in the order they are tried; empty
     * (the default) means the embedded store only. Change it with {@link #addEndpoint()} and {@link #removeEndpoint}.
     */
    public ObservableList<String> endpoints() {
        return endpointsView;
    }

    /** The rows of the endpoint health table, in endpoint order ({@link #endpointHealth()} as text). */
    public ObservableList<EndpointRow> endpointRows() {
        return rowsView;
    }

    /** The health of each endpoint, in endpoint order; updated on the UI thread after every attempt. */
    public ObservableList<EndpointHealth> endpointHealth() {
        return healthView;
    }

    /** The text of the endpoint to add: {@code kubo:http://host:port}, {@code gateway:https://host} or an http URL. */
    public StringProperty endpointInputProperty() {
        return input;
    }

    /**
     * Parses {@link #endpointInputProperty()} and appends it to the endpoints (clearing the input); a bad
     * entry or a duplicate goes to the error line, naming it.
     */
    public void addEndpoint() {
        feedback.error("");
        EndpointSpec spec;
        try {
            spec = EndpointSpec.parse(input.get() == null ? "" : input.get());
        } catch (IllegalArgumentException e) {
            feedback.error("Not an IPFS endpoint: " + e.getMessage());
            return;
        }
        if (endpoints.contains(spec.toString())) {
            feedback.error("Endpoint " + spec + " is already in the list.");
            return;
        }
        endpoints.add(spec.toString());
        input.set("");
        apply();
    }

    /** Removes {@code endpoint} (as listed in {@link #endpoints()}); does nothing if it is not listed. */
    public void removeEndpoint(String endpoint) {
        if (endpoints.remove(endpoint)) apply();
    }

    /** Probes every endpoint once on the background executor (see {@link ContentEndpoints#probe()}). */
    public void checkEndpoints() {
        if (endpoints.isEmpty()) {
            feedback.message("No IPFS endpoints: the pane uses the embedded store only.");
            return;
        }
        tasks.execute(BackgroundTask.of(engine::probe)
                .onSuccess(this::show)
                .onException(failure -> feedback.error("Could not check the endpoints: " + IpfsFeedback.messageOf(failure))));
    }

    /**
     * Lets the endpoints go, when the window closes: the engine closes its store on the background executor
     * (after the reads that use it end). An endpoint list already saved stays saved. A second call does nothing.
     */
    public void close() {
        if (closed) return;
        closed = true;
        engine.removeHealthListener(healthListener);
        tasks.execute(BackgroundTask.<Void>of(() -> {
                    engine.close();
                    return null;
                })
                .onException(failure -> feedback.error("Could not close the IPFS endpoints: " + IpfsFeedback.messageOf(failure))));
    }

    private void load() {
        tasks.execute(BackgroundTask.of(engine::load)
                .onSuccess(loaded -> {
                    if (closed) return;
                    List<String> merged = new ArrayList<>();
                    // the file's endpoints first, then any the user added while it was read
                    Stream.concat(loaded.endpoints().stream().map(EndpointSpec::toString), endpoints.stream())
                            .filter(e -> !merged.contains(e)).forEach(merged::add);
                    endpoints.setAll(merged);
                    apply();
                    if (loaded.problem() != null) feedback.error(loaded.problem());
                })
                .onException(failure -> feedback.error("Could not read the IPFS endpoints: "
                        + IpfsFeedback.messageOf(failure) + "; changes to the endpoints will not be saved.")));
    }

    /** Hands the current list to the engine on the background executor; the latest list is applied last. */
    private void apply() {
        pending.set(endpoints.stream().map(EndpointSpec::parse).toList());
        tasks.execute(BackgroundTask.of(() -> {
                    synchronized (applyLock) {
                        List<EndpointSpec> latest = pending.getAndSet(null);
                        return latest == null ? null : engine.replace(latest);
                    }
                })
                .onSuccess(state -> {
                    if (state == null) return;
                    show(state);
                    if (state.saveProblem() != null) feedback.error(state.saveProblem());
                })
                .onException(failure -> feedback.error("Could not use the IPFS endpoints: " + IpfsFeedback.messageOf(failure))));
    }

    /** Shows the health of {@code state}, unless a later state was shown already. */
    private void show(ContentEndpoints.State state) {
        if (state.generation() < shown) return;
        shown = state.generation();
        health.setAll(state.health());
        rows.setAll(state.health().stream().map(EndpointRow::of).toList());
    }

    /** From the worker thread of an attempt: hops to the UI thread and updates that endpoint's row. */
    private void healthChanged(EndpointHealth changed) {
        tasks.ui().execute(() -> {
            for (int i = 0; i < health.size(); i++) {
                if (health.get(i).url().equals(changed.url()) && health.get(i).kind() == changed.kind()) {
                    health.set(i, changed);
                    rows.set(i, EndpointRow.of(changed));
                    return;
                }
            }
        });
    }
}
