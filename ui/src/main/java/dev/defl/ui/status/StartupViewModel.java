package dev.defl.ui.status;

import dev.defl.engine.health.ComponentHealth;
import dev.defl.engine.health.Readiness;
import dev.defl.engine.workspace.Workspace.OpeningStep;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The window's start-up and health state: the content store, the chain and the training engine as each is
 * opened in the background (starting → ready, or starting → failed with the error), then the periodic health
 * of the chain and of the IPFS endpoints ({@link Readiness}, probed on the background executor).
 *
 * <p>Every method except the probe itself is called on the UI thread ({@link TaskExecutor#ui()}); the app reports
 * the progress of its background start-up through {@code tasks.ui()}.
 */
public final class StartupViewModel {

    /** The names shown in the status bar. */
    public static final String STORE = "store", CHAIN = "chain", ENGINE = "engine";

    private final TaskExecutor tasks;
    private final ReadOnlyObjectWrapper<ComponentStatus> store =
            new ReadOnlyObjectWrapper<>(ComponentStatus.starting(STORE, "store: waiting…"));
    private final ReadOnlyObjectWrapper<ComponentStatus> chain =
            new ReadOnlyObjectWrapper<>(ComponentStatus.starting(CHAIN, "chain: waiting…"));
    private final ReadOnlyObjectWrapper<ComponentStatus> engine =
            new ReadOnlyObjectWrapper<>(ComponentStatus.starting(ENGINE, "engine: waiting…"));
    private final ObservableList<ComponentStatus> endpoints = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call would drop its listeners when it is garbage-collected. */
    private final ObservableList<ComponentStatus> endpointsView = FXCollections.unmodifiableObservableList(endpoints);
    private final ReadOnlyBooleanWrapper workspaceReady = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper workspaceFailed = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper waiting = new ReadOnlyStringWrapper("Waiting for the workspace…");
    private final BooleanBinding allReady;
    private Supplier<Readiness> health;
    private boolean probing;

    public StartupViewModel(TaskExecutor tasks) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        allReady = Bindings.createBooleanBinding(
                () -> store.get().ready() && chain.get().ready() && engine.get().ready() && workspaceReady.get(),
                store, chain, engine, workspaceReady);
    }

    /** A model whose workspace and engine are ready from the start (a window opened on services already made). */
    public static StartupViewModel alreadyOpen(TaskExecutor tasks) {
        StartupViewModel model = new StartupViewModel(tasks);
        model.workspaceOpened(-1);
        model.engineReady("ready");
        return model;
    }

    /** The workspace is at {@code step} (see {@link dev.defl.engine.workspace.Workspace#openEmbedded}). */
    public void opening(OpeningStep step) {
        switch (step) {
            case LOCKING -> store.set(ComponentStatus.starting(STORE, "locking the data directory…"));
            case OPENING_STORE -> store.set(ComponentStatus.starting(STORE, "opening content store…"));
            case STARTING_CHAIN -> {
                store.set(ComponentStatus.ready(STORE, "store ready", ""));
                chain.set(ComponentStatus.starting(CHAIN, "starting chain…"));
            }
            case CHECKING_CHAIN -> chain.set(ComponentStatus.starting(CHAIN, "checking the contract and pending transactions…"));
        }
        if (!workspaceFailed.get()) {
            waiting.set(switch (step) {
                case LOCKING -> "Waiting for the data directory…";
                case OPENING_STORE -> "Waiting for the content store to open…";
                case STARTING_CHAIN -> "Waiting for the chain to start…";
                case CHECKING_CHAIN -> "Waiting for the chain: checking the contract and pending transactions…";
            });
        }
    }

    /**
     * The workspace is open; {@code blockNumber} is the chain's head then (negative: not known). The panes may now
     * be built; the health probe takes over the chain's state.
     */
    public void workspaceOpened(long blockNumber) {
        store.set(ComponentStatus.ready(STORE, "store ready", ""));
        chain.set(ComponentStatus.ready(CHAIN, blockNumber < 0 ? "chain ready" : "chain ready (block " + blockNumber + ")", ""));
        waiting.set("Preparing the panes…");
        workspaceReady.set(true);
    }

    /**
     * Opening the workspace failed at {@code step} (null: not known) with {@code error}: the component of that step
     * turns red with the error's first line, and the panes' placeholders say why they stay empty.
     */
    public void workspaceFailed(OpeningStep step, Throwable error) {
        workspaceFailed(step, oneLine(error), error);
    }

    /** As {@link #workspaceFailed(OpeningStep, Throwable)} with the error already said in one line ({@code line}). */
    public void workspaceFailed(OpeningStep step, String line, Throwable error) {
        boolean chainStep = step == OpeningStep.STARTING_CHAIN || step == OpeningStep.CHECKING_CHAIN;
        ComponentStatus failed = ComponentStatus.failed(chainStep ? CHAIN : STORE,
                (chainStep ? "chain failed: " : "workspace failed: ") + line, details(error));
        if (chainStep) {
            chain.set(failed);
            store.set(ComponentStatus.failed(STORE, "store closed", "The content store was closed because the chain failed."));
        } else {
            store.set(failed);
            chain.set(ComponentStatus.failed(CHAIN, "chain not started", "The chain is started after the data directory is opened."));
        }
        if (engine.get().state() == ComponentStatus.State.STARTING) {
            engine.set(ComponentStatus.failed(ENGINE, "engine not started", "The training engine loads once the workspace is open."));
        }
        workspaceFailed.set(true);
        waiting.set("The workspace could not be opened: " + line);
    }

    /** The training engine (DJL, PyTorch natives) is loading. */
    public void engineStarting() {
        engine.set(ComponentStatus.starting(ENGINE, "loading training engine…"));
    }

    /** The training engine loaded; {@code description} names the device ({@code "CPU (PyTorch 2.7.1, 1 thread)"}). */
    public void engineReady(String description) {
        engine.set(ComponentStatus.ready(ENGINE, "engine ready", Objects.requireNonNull(description, "description")));
    }

    /** The training engine failed to load. */
    public void engineFailed(Throwable error) {
        engine.set(ComponentStatus.failed(ENGINE, "engine failed: " + oneLine(error), details(error)));
    }

    /**
     * From now on {@link #probeHealth()} calls {@code probe} (on the background executor; it must not throw for a
     * dependency that is down, see {@link dev.defl.engine.health.ReadinessProbe}) and probes once at once.
     */
    public void watchHealth(Supplier<Readiness> probe) {
        this.health = Objects.requireNonNull(probe, "probe");
        probeHealth();
    }

    /** Probes the chain and the IPFS endpoints once in the background; ignored before {@link #watchHealth} or while a probe runs. */
    public void probeHealth() {
        if (health == null || probing) return;
        probing = true;
        Supplier<Readiness> probe = health;
        tasks.execute(BackgroundTask.of(probe::get)
                .onSuccess(this::apply)
                .onException(failure -> chain.set(ComponentStatus.failed(CHAIN, "health probe failed: " + oneLine(failure),
                        details(failure))))
                .onFinished(() -> probing = false));
    }

    /** Shows one probe's outcome: the chain's state (once the workspace is open) and one entry per IPFS endpoint. */
    void apply(Readiness readiness) {
        if (workspaceReady.get()) {
            ComponentHealth c = readiness.chain();
            chain.set(c.up()
                    ? ComponentStatus.ready(CHAIN, "chain ready (" + c.detail() + ", " + c.latencyMillis() + " ms)", describe(c))
                    : ComponentStatus.failed(CHAIN, "chain down: " + c.detail(), describe(c)));
        }
        List<ComponentStatus> list = new ArrayList<>();
        for (ComponentHealth e : readiness.ipfs()) {
            list.add(e.up()
                    ? ComponentStatus.ready("ipfs " + e.name(), "IPFS " + e.name() + " (" + e.latencyMillis() + " ms)", describe(e))
                    : ComponentStatus.failed("ipfs " + e.name(), "IPFS " + e.name() + " down", describe(e)));
        }
        endpoints.setAll(list);
    }

    private static String describe(ComponentHealth h) {
        return h.name() + " at " + h.target() + ": " + (h.up() ? "answered" : "did not answer") + " in "
                + h.latencyMillis() + " ms" + (h.detail().isEmpty() ? "" : "\n" + h.detail());
    }

    /** The components not ready yet, each as {@code name (text)}: for a smoke test's time-out message. */
    public List<String> notReady() {
        List<String> out = new ArrayList<>();
        for (ComponentStatus s : List.of(store.get(), chain.get(), engine.get())) {
            if (!s.ready()) out.add(s.name() + " (" + s.text() + ")");
        }
        return out;
    }

    /** The first line of the error's message (the class name when it has none). */
    static String oneLine(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) return error.getClass().getSimpleName();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The error and its causes, one per line, for the details dialog. */
    static String details(Throwable error) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) out.append("\ncaused by: ");
            out.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    public ReadOnlyObjectProperty<ComponentStatus> storeProperty() { return store.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ComponentStatus> chainProperty() { return chain.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ComponentStatus> engineProperty() { return engine.getReadOnlyProperty(); }
    /** The IPFS endpoints as last probed, in the order they are tried; empty before the first probe or when none is set. */
    public ObservableList<ComponentStatus> endpoints() { return endpointsView; }
    /** Whether the workspace (store and chain) is open: the panes can be built. */
    public ReadOnlyBooleanProperty workspaceReadyProperty() { return workspaceReady.getReadOnlyProperty(); }
    /** Whether opening the workspace failed. */
    public ReadOnlyBooleanProperty workspaceFailedProperty() { return workspaceFailed.getReadOnlyProperty(); }
    /** What the panes show while they wait: the current step, or why the workspace failed. */
    public ReadOnlyStringProperty waitingProperty() { return waiting.getReadOnlyProperty(); }
    /** Store, chain and engine all ready. */
    public BooleanBinding allReadyProperty() { return allReady; }
}
