package dev.defl.engine.content.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The IPFS endpoints a front end reads CIDs through, and their lifecycle: the list kept in an
 * {@link EndpointSettings} file, and the {@link MultiEndpointBlockStore} over it, opened anew when the list
 * changes and closed once nobody uses it any more.
 *
 * <p><b>Leases.</b> A reader takes the current store with {@link #acquire()} and gives it back with
 * {@link Lease#close()}. A store replaced ({@link #replace}) or let go ({@link #close()}) while leased is
 * closed when its last lease ends, so a fetch under way is never cut off by a change of the list.
 *
 * <p><b>Saving.</b> Nothing is written before {@link #load()} has read the file (so a list changed while it is
 * read does not overwrite it), never if it could not even be read, and only when the list differs from
 * what the file holds. Without a file ({@code null}) the list lives in memory only.
 *
 * <p>Thread-safe. {@link #load()}, {@link #replace}, {@link #probe()}, {@link #close()} and
 * {@link Lease#close()} do file or network work (closing a store waits for HTTP requests under way, up to an
 * attempt timeout), so a UI calls them on a background thread.
 */
public final class ContentEndpoints implements AutoCloseable {

    /**
     * The list, each endpoint's health (in list order), and the last failure to save the list, or null.
     *
     * @param generation increases with every {@link #replace} and {@link #close()}: a result older than the
     *                   last one seen is stale
     */
    public record State(long generation, List<EndpointSpec> endpoints, List<EndpointHealth> health, String saveProblem) {
        public State {
            endpoints = List.copyOf(endpoints);
            health = List.copyOf(health);
        }
    }

    /**
     * What {@link #load()} read.
     *
     * @param endpoints the file's endpoints, in order (empty when there is no file, or it was set aside)
     * @param problem   null, or why the file was set aside, naming it, the bad entry and where it now is
     */
    public record Loaded(List<EndpointSpec> endpoints, String problem) {
        public Loaded {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** The store current when {@link #acquire()} was called, or null with no endpoints; close to give it back. */
    public final class Lease implements AutoCloseable {
        private final Slot slot;
        private boolean released;

        private Lease(Slot slot) {
            this.slot = slot;
        }

        /** The store to read through, or null when there are no endpoints (or the endpoints were closed). */
        public MultiEndpointBlockStore store() {
            return slot == null ? null : slot.store;
        }

        /** Gives the store back; closes it if it was replaced meanwhile and this was its last lease. */
        @Override
        public void close() {
            if (slot == null) return;
            boolean closeNow;
            synchronized (ContentEndpoints.this) {
                if (released) return;
                released = true;
                closeNow = --slot.leases == 0 && slot.retired;
            }
            if (closeNow) slot.store.close();
        }
    }

    /** A store, how many leases hold it, and whether it was replaced. Guarded by the outer lock. */
    private static final class Slot {
        final MultiEndpointBlockStore store;
        int leases;
        boolean retired;

        Slot(MultiEndpointBlockStore store) {
            this.store = store;
        }
    }

    private final Path file;
    private final RetryPolicy policy;
    private final UnaryOperator<BlockSource> decorate;
    private final List<EndpointHealthListener> listeners = new CopyOnWriteArrayList<>();
    private final EndpointHealthListener forward = health -> listeners.forEach(l -> l.healthChanged(health));

    private List<EndpointSpec> endpoints = List.of();
    private Slot current;
    private long generation;
    private boolean closed;
    private boolean loaded;
    private boolean writable;
    /** What the file holds, as far as known; null when unknown or set aside (the next save writes). */
    private List<EndpointSpec> saved;
    /** Numbers the saves in the order their lists were made current (guarded by this). */
    private long savesStarted;
    private final Object saveLock = new Object();
    /** The number of the last save written (guarded by saveLock). */
    private long savesWritten;

    /**
     * @param file     the settings file ({@link EndpointSettings#fileIn}), or null to keep the list in memory
     * @param policy   how the endpoints are retried; its attempt timeout also bounds each HTTP request
     * @param decorate wraps each endpoint's source as it is opened (e.g. to note which endpoint delivered a
     *                 block), or {@link UnaryOperator#identity()}; the store closes what it returns
     */
    public ContentEndpoints(Path file, RetryPolicy policy, UnaryOperator<BlockSource> decorate) {
        this.file = file;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.decorate = Objects.requireNonNull(decorate, "decorate");
        this.loaded = file == null;
    }

    /** The settings file, or null when the list lives in memory only. */
    public Path file() {
        return file;
    }

    /**
     * Reads the settings file (blocking). A file that is not valid settings is moved aside
     * ({@link EndpointSettings#setAside}) and reported in {@link Loaded#problem()}; saving is allowed from now
     * on. Does not change the current list: pass what should be used to {@link #replace}.
     *
     * @throws IOException if the file cannot be read, or is malformed and cannot be moved aside; the list is
     *                     then never saved
     */
    public Loaded load() throws IOException {
        if (file == null) return new Loaded(List.of(), null);
        try {
            List<EndpointSpec> read = EndpointSettings.load(file);
            synchronized (this) {
                saved = read;
                loaded = writable = true;
            }
            return new Loaded(read, null);
        } catch (EndpointSettings.MalformedSettingsException e) {
            Path aside;
            try {
                aside = EndpointSettings.setAside(file);
            } catch (IOException moveFailure) {
                moveFailure.addSuppressed(e);
                markUnwritable();
                throw moveFailure;
            }
            synchronized (this) {
                saved = null;
                loaded = writable = true;
            }
            return new Loaded(List.of(), "Could not read the IPFS endpoints: " + e.getMessage()
                    + ". The file was kept as " + aside + "; the pane starts with no endpoints.");
        } catch (IOException | RuntimeException e) {
            markUnwritable();
            throw e;
        }
    }

    private synchronized void markUnwritable() {
        loaded = true;
        writable = false;
    }

    /**
     * Makes {@code list} the endpoints (in the order they are tried): opens a store over them (none for an
     * empty list, or after {@link #close()}), retires the previous one (closed now, or when its last lease
     * ends), and saves the list if it changed (see the class comment). A failed save is reported in
     * {@link State#saveProblem()}; the new list is in use all the same.
     *
     * @throws IllegalArgumentException if {@code list} names an endpoint twice
     */
    public State replace(List<EndpointSpec> list) {
        List<EndpointSpec> next = List.copyOf(list);
        if (next.stream().distinct().count() != next.size()) {
            throw new IllegalArgumentException("the endpoint list names an endpoint twice: " + next);
        }
        Slot retired;
        List<EndpointSpec> toSave = null;
        long saveNumber = 0;
        synchronized (this) {
            retired = retire();
            endpoints = next;
            if (!closed && !next.isEmpty()) {
                List<BlockSource> sources = new ArrayList<>();
                for (EndpointSpec spec : next) sources.add(decorate.apply(spec.open(policy.attemptTimeout())));
                current = new Slot(MultiEndpointBlockStore.owning(sources, policy));
                current.store.addHealthListener(forward);
            }
            generation++;
            if (file != null && loaded && writable && !next.equals(saved)) {
                toSave = next;
                saveNumber = ++savesStarted;
            }
        }
        if (retired != null) retired.store.close();
        String problem = null;
        if (toSave != null) {
            try {
                synchronized (saveLock) { // a list older than one already written is not written
                    if (saveNumber > savesWritten) {
                        EndpointSettings.save(file, toSave);
                        savesWritten = saveNumber;
                        synchronized (this) {
                            saved = toSave;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                problem = "Could not save the IPFS endpoints to " + file + ": "
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        State state = state();
        return problem == null ? state : new State(state.generation(), state.endpoints(), state.health(), problem);
    }

    /** Takes the current store away and marks it retired; returns it if nobody holds it (to be closed now). */
    private Slot retire() {
        Slot old = current;
        current = null;
        if (old == null) return null;
        old.store.removeHealthListener(forward);
        old.retired = true;
        return old.leases == 0 ? old : null;
    }

    /** The list, health and generation now. */
    public synchronized State state() {
        return new State(generation, endpoints, current == null ? List.of() : current.store.health(), null);
    }

    /** The current store, held until the lease is closed (use try-with-resources). */
    public synchronized Lease acquire() {
        if (current != null) current.leases++;
        return new Lease(current);
    }

    /**
     * Asks every endpoint once whether it answers ({@link MultiEndpointBlockStore#probe()}), blocking.
     *
     * @return the state after the probe; with no endpoints, the state as it is
     * @throws java.io.InterruptedIOException if the thread is interrupted
     */
    public State probe() throws java.io.InterruptedIOException {
        try (Lease lease = acquire()) {
            if (lease.store() != null) lease.store().probe();
        }
        return state();
    }

    /**
     * Hears every change of an endpoint's health of the current store (and of stores opened later), on the
     * thread that made the attempt.
     */
    public void addHealthListener(EndpointHealthListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeHealthListener(EndpointHealthListener listener) {
        listeners.remove(listener);
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Lets the endpoints go: the store is closed now, or when its last lease ends; later {@link #replace}
     * calls still record (and save) the list but open no store. The saved list stays. A second call does
     * nothing.
     */
    @Override
    public void close() {
        Slot retired;
        synchronized (this) {
            if (closed) return;
            closed = true;
            retired = retire();
            generation++;
        }
        if (retired != null) retired.store.close();
    }
}
