package dev.defl.ui.names;

import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunNames;
import dev.defl.ui.concurrent.Poller;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A UI-thread copy of one table of the run database's names ({@link RunNames}), read on the background executor:
 * at {@link #start()}, after each commit of this process that changes it ({@link RunDatabase#onChange}), and when
 * another process commits (polled through {@link RunDatabase#dataVersion()} every {@link #POLL}). The map changes on
 * the UI thread only, in one {@link #revisionProperty() revision} per read that changed something.
 */
abstract class NameMirror implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NameMirror.class);

    /** How often another process's commits are looked for. */
    static final Duration POLL = Duration.ofSeconds(2);

    private final RunDatabase db;
    private final TaskExecutor tasks;
    private final RunDatabase.Change kind;
    private final ObservableMap<String, String> map = FXCollections.observableHashMap();
    private final ObservableMap<String, String> mapView = FXCollections.unmodifiableObservableMap(map);
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final Poller<Map<String, String>> poller;
    /** Background side only (the poller never runs two reads at once). */
    private long seenVersion = Long.MIN_VALUE;
    private AutoCloseable subscription;

    /**
     * @param db    the run database, or null (then the map stays empty)
     * @param tasks where reads run and where their results are applied
     * @param kind  the change that invalidates this table
     */
    NameMirror(RunDatabase db, TaskExecutor tasks, RunDatabase.Change kind, Duration poll) {
        this.db = db;
        this.tasks = tasks;
        this.kind = kind;
        this.poller = db == null ? null : new Poller<>(tasks, poll, this::readIfChanged, this::apply,
                failure -> log.warn("cannot read the {} from {}: {}", kind.name().toLowerCase(), db.file(), failure.getMessage()));
    }

    /** Reads the whole table (blocking, background thread). */
    abstract Map<String, String> read(RunNames names) throws IOException;

    private Map<String, String> readIfChanged() throws IOException {
        long version = db.dataVersion();
        boolean external = version != seenVersion;
        seenVersion = version;
        if (!dirty.getAndSet(false) && !external) return null;
        return read(db.names());
    }

    private void apply(Map<String, String> read) {
        if (read == null || read.equals(map)) return;
        map.keySet().retainAll(read.keySet());
        map.putAll(read);
        revision.set(revision.get() + 1);
    }

    /** Puts one entry at once (UI thread), ahead of the read that will confirm it. */
    void putNow(String key, String value) {
        if (value == null || value.isBlank()) map.remove(key);
        else map.put(key, value);
        revision.set(revision.get() + 1);
    }

    /** Starts reading (UI thread). Does nothing without a database or when started. */
    public void start() {
        if (poller == null || subscription != null) return;
        subscription = db.onChange(change -> {
            if (change != kind) return;
            dirty.set(true);
            tasks.ui().execute(poller::refreshNow);
        });
        poller.start();
    }

    /** Stops reading (UI thread); the map keeps what it holds. */
    @Override
    public void close() {
        if (poller != null) poller.stop();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("removing a run database listener: {}", e.toString());
            }
            subscription = null;
        }
    }

    /** Whether there is a database behind this copy (names can be set). */
    public boolean backed() {
        return db != null;
    }

    RunDatabase db() {
        return db;
    }

    TaskExecutor tasks() {
        return tasks;
    }

    /** The table as last read, UI thread only. */
    ObservableMap<String, String> map() {
        return mapView;
    }

    /** Counts the reads that changed the map; listen to it to redraw what shows names. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
