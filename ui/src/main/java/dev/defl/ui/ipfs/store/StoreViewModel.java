package dev.defl.ui.ipfs.store;

import dev.defl.engine.content.CacheStats;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.GcResult;
import dev.defl.engine.content.Pin;
import dev.defl.engine.content.PinMode;
import dev.defl.engine.content.RepoStat;
import dev.defl.engine.keys.KnownKey;
import dev.defl.engine.keys.KnownKeys;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.ipfs.IpfsFeedback;
import dev.defl.ui.ipfs.PinRow;
import dev.defl.ui.ipfs.RemoteReads;
import dev.defl.ui.names.ContentNameIndex;
import dev.defl.ui.status.StatusViewModel;
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
import javafx.collections.ObservableSet;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store browser of the IPFS pane: the pinned roots of the embedded store (filtered and sorted), roots
 * fetched through the network this session (listed as {@value PinRow#FETCHED} until a GC removes them or a
 * pin keeps them), the store statistics, pin/unpin and garbage collection. Every public method is called on
 * the UI thread; everything that touches the store runs on the background executor.
 */
public final class StoreViewModel {

    private final EmbeddedContentStore store;
    private final TaskExecutor tasks;
    private final IpfsFeedback feedback;
    private final RemoteReads reads;

    private final ObservableList<PinRow> rows = FXCollections.observableArrayList();
    private final FilteredList<PinRow> filtered = new FilteredList<>(rows);
    private final SortedList<PinRow> sorted = new SortedList<>(filtered);
    // one read-only view, kept: a view made per call holds its listeners only as long as the caller keeps it
    private final ObservableList<PinRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final StringProperty filter = new SimpleStringProperty("");
    private final Map<String, String> names = new HashMap<>();
    /** Roots fetched through the network this session; listed as {@value PinRow#FETCHED} while in the store. */
    private final Set<String> fetchedRoots = new LinkedHashSet<>();
    /** This peer's own accounts (lower-case 0x hex), from the data directory's known keys; read on each listing. */
    private final ObservableSet<String> ownAccounts = FXCollections.observableSet();
    private final ObservableSet<String> ownAccountsView = FXCollections.unmodifiableObservableSet(ownAccounts);
    private final ReadOnlyStringWrapper stats = new ReadOnlyStringWrapper("Store statistics loading…");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<GcResult> lastGc = new ReadOnlyObjectWrapper<>();
    /** Names roots from the run database's name index; none until {@link #nameRootsFrom}. */
    private ContentNameIndex contentNames = ContentNameIndex.none();
    /** UI thread: the latest pin (its fetch of missing blocks stops when it is cancelled). */
    private BackgroundTask<Long> pinning;
    /** UI thread: a pin changed while the store was being listed; list it again after. */
    private boolean changedWhileListing;

    /**
     * @param feedback the pane's error and message lines
     * @param reads    reads through the network, for a pin of a root whose blocks are not all in the store
     */
    public StoreViewModel(EmbeddedContentStore store, TaskExecutor tasks, IpfsFeedback feedback, RemoteReads reads) {
        this.store = Objects.requireNonNull(store, "store");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        this.reads = Objects.requireNonNull(reads, "reads");
        filter.addListener((obs, old, text) -> {
            String f = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(f.isEmpty() ? null : row -> row.matches(f));
        });
    }

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
                .onSuccess(listed -> {
                    List<PinRow> now = listed.stream().map(this::named).toList();
                    // nothing changed while the pane was away: keep the rows (a new list re-sorts and redraws them all)
                    if (!now.equals(rows)) rows.setAll(now);
                })
                .onException(failure -> feedback.error("Could not list the pins of " + store.root() + ": "
                        + IpfsFeedback.messageOf(failure)))
                .onFinished(() -> {
                    loading.set(false);
                    if (changedWhileListing) {
                        changedWhileListing = false;
                        refresh();
                    }
                }));
        refreshStats();
        Path dataDir = store.root().getParent();
        tasks.execute(BackgroundTask.of(() -> ownAccountsIn(dataDir))
                .onSuccess(own -> {
                    ownAccounts.retainAll(own);
                    ownAccounts.addAll(own);
                }));
    }

    /**
     * The accounts of this peer's own keystore that {@code dataDir}'s known keys ({@link KnownKeys}, which records each
     * one as it is created, imported or first unlocked) list, lower-case; none when the file is missing or unreadable
     * (the CLI names what is wrong with it). Blocking.
     */
    static Set<String> ownAccountsIn(Path dataDir) {
        if (dataDir == null) return Set.of();
        try {
            Set<String> own = new java.util.HashSet<>();
            for (KnownKey k : KnownKeys.open(dataDir).list()) {
                if (k.origin() == KnownKey.Origin.OWN) own.add(k.address());
            }
            return own;
        } catch (UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(StoreViewModel.class).warn("own accounts not marked: {}", e.getMessage());
            return Set.of();
        }
    }

    /**
     * This peer's own accounts (lower-case 0x hex), as the known keys of the store's data directory (the parent of its
     * root, as for {@code defl --data-dir}) list them at the last {@link #refresh()}; the "Encrypted for" column
     * shows them as "you".
     */
    public ObservableSet<String> ownAccounts() {
        return ownAccountsView;
    }

    /** Whether {@code address} (any case) is one of {@link #ownAccounts()}. */
    public boolean isOwn(String address) {
        return address != null && ownAccounts.contains(address.strip().toLowerCase(Locale.ROOT));
    }


    /**
     * Lists the store again whenever a root is pinned ({@link EmbeddedContentStore#onPinsChanged}), e.g. as a run
     * adds its updates and global models, until the returned action is run (the pane is hidden). Changes during a
     * listing are merged into one more listing after it. An unpin does not list again: its row stays, marked
     * unpinned, until the next listing, so that it can be pinned back.
     *
     * @return stops watching
     */
    public Runnable watchPins() {
        Runnable remove = store.onPinsChanged(change -> {
            if (change.pinned()) tasks.ui().execute(this::pinsChanged);
        });
        return () -> {
            remove.run();
            changedWhileListing = false;
        };
    }

    private void pinsChanged() {
        if (loading.get()) changedWhileListing = true;
        else refresh();
    }

    /** Re-reads the store statistics (blocks, bytes, pinned roots, cache hit ratio) on the background executor. */
    public void refreshStats() {
        tasks.execute(BackgroundTask.of(() -> statsText(store.stat(), store.cacheStats()))
                .onSuccess(stats::set)
                .onException(failure -> stats.set("Store statistics unavailable: " + IpfsFeedback.messageOf(failure))));
    }

    /**
     * One row per pin of {@code store}, in CID order (see {@link PinRow#read}), then one {@value PinRow#FETCHED}
     * row for each of {@code fetchedRoots} (CID text) that is still in the store and not pinned. Blocking.
     *
     * @param names file names by CID text, for the name column
     */
    static List<PinRow> listRows(EmbeddedContentStore store, Map<String, String> names, List<String> fetchedRoots) {
        List<Pin> pins = store.pins();
        List<PinRow> out = new ArrayList<>(pins.size());
        for (Pin pin : pins) {
            out.add(PinRow.read(store, pin.cid(), pin.mode().kuboName(), names.getOrDefault(pin.cid().toString(), "")));
        }
        for (String text : fetchedRoots) {
            Cid cid = Cid.parse(text);
            if (store.has(cid) && !store.isPinned(cid)) {
                out.add(PinRow.read(store, cid, PinRow.FETCHED, names.getOrDefault(text, "")));
            }
        }
        return out;
    }

    /** "12 blocks · 1.5 MiB · 3 pinned roots · cache hit ratio 80 %". */
    static String statsText(RepoStat stat, CacheStats cache) {
        long lookups = cache.hits() + cache.misses();
        String ratio = lookups == 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * cache.hitRatio());
        return stat.numObjects() + (stat.numObjects() == 1 ? " block" : " blocks") + " · "
                + StatusViewModel.humanBytes(stat.repoSizeBytes()) + " · "
                + stat.pinnedRoots() + (stat.pinnedRoots() == 1 ? " pinned root" : " pinned roots")
                + " · cache hit ratio " + ratio;
    }

    /** The name a root was added under through the pane, or empty. */
    public String nameOf(String cid) {
        return names.getOrDefault(cid, "");
    }

    /**
     * Names the roots from {@code index} (the run database's name index: "run 12 · round 3 · global model"), ahead
     * of the names they were added under. Call once, on the UI thread, before the pane is shown.
     */
    public void nameRootsFrom(ContentNameIndex index) {
        this.contentNames = Objects.requireNonNull(index, "index");
        applyNames();
    }

    /** Counts the name index's reads that changed it; the view calls {@link #applyNames()} on each while shown. */
    public javafx.beans.property.ReadOnlyLongProperty namesRevisionProperty() {
        return contentNames.revisionProperty();
    }

    /**
     * Renames the listed rows from the name index and, when it names a root the list lacks (a run just added it),
     * lists the store again.
     */
    public void applyNames() {
        Set<String> listed = new java.util.HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            PinRow row = rows.get(i);
            listed.add(row.cid());
            PinRow named = named(row);
            if (!named.name().equals(row.name())) rows.set(i, named);
        }
        if (!rows.isEmpty() && !listed.containsAll(contentNames.names().keySet())) refresh();
    }

    /** {@code row} under its name in the index, else the name it was added under, else its own. */
    private PinRow named(PinRow row) {
        String indexed = contentNames.nameOf(row.cid());
        String name = !indexed.isEmpty() ? indexed : names.getOrDefault(row.cid(), row.name());
        return name.equals(row.name()) ? row : row.withName(name);
    }

    /** Lists {@code row}, just added by an upload, under its name (replacing a row of the same CID). */
    public void added(PinRow row) {
        names.put(row.cid(), row.name());
        replace(row);
    }

    /**
     * Lists {@code row} (a root just read through the network, pin mode {@value PinRow#FETCHED}) without
     * re-listing the store, so the table's selection stays where it is.
     */
    public void noteFetched(PinRow row) {
        fetchedRoots.add(row.cid());
        if (indexOf(row.cid()) < 0) rows.add(named(row));
        refreshStats();
    }

    /**
     * Pins {@code row}'s CID recursively on the background executor (after an unpin: undoes it). Blocks of
     * the DAG the store lacks (a {@value PinRow#FETCHED} root whose leaves were not all read) are first
     * fetched through the endpoints, verified, as {@code ipfs pin add} does; that read shows in
     * {@link RemoteReads#readingProperty()} and {@link #cancelPinFetch()} stops it (nothing is pinned then).
     */
    public void pin(PinRow row) {
        Cid cid = Cid.parse(row.cid());
        AtomicBoolean wentRemote = new AtomicBoolean();
        boolean fetched = row.pinMode().equals(PinRow.FETCHED);
        BackgroundTask<Long> task = BackgroundTask.tracked(handle -> reads.read(handle.cancelFlag(), wentRemote,
                (reader, networked) -> {
                    long count = fetched && networked ? reader.fetchAll(cid, n -> { }) : 0;
                    store.pin(cid, PinMode.RECURSIVE);
                    return count;
                }));
        pinning = task;
        tasks.execute(task
                .onRunning(feedback::clear)
                .onFinished(() -> {
                    if (reads.ended(wentRemote)) refreshStats();
                })
                .onSuccess(count -> {
                    fetchedRoots.remove(cid.toString());
                    replace(row.withPinMode(PinMode.RECURSIVE.kuboName()));
                    feedback.message("Pinned " + cid + " recursively" + (count == 0 ? ""
                            : " after fetching " + count + (count == 1 ? " missing block" : " missing blocks")));
                    refreshStats();
                })
                .onException(failure -> {
                    if (task.isCancelled() && failure instanceof InterruptedIOException) {
                        feedback.message("Pin of " + cid + " cancelled while fetching its blocks; nothing was pinned.");
                    } else {
                        feedback.error(RemoteReads.failureText("pin", cid, failure));
                    }
                }));
    }

    /** Stops the fetch of a running pin before its next block; nothing is pinned then. */
    public void cancelPinFetch() {
        if (pinning != null) pinning.cancel();
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
                .onRunning(feedback::clear)
                .onSuccess(unpinned -> {
                    replace(unpinned);
                    feedback.message("Unpinned " + cid + "; its blocks stay until the next GC");
                    refreshStats();
                })
                .onException(failure -> feedback.error("Could not unpin CID " + cid + ": " + IpfsFeedback.messageOf(failure))));
    }

    /**
     * Runs garbage collection on the background executor (deletes every block no pin protects: data loss
     * for unpinned content; confirm first), then reports the result and re-lists the pins.
     */
    public void gc() {
        tasks.execute(BackgroundTask.of(store::gc)
                .onRunning(feedback::clear)
                .onSuccess(result -> {
                    lastGc.set(result);
                    feedback.message("GC removed " + result.blocksRemoved() + (result.blocksRemoved() == 1 ? " block" : " blocks")
                            + " (" + StatusViewModel.humanBytes(result.bytesRemoved()) + ")");
                    refresh();
                })
                .onException(failure -> feedback.error("GC failed: " + IpfsFeedback.messageOf(failure))));
    }

    private void replace(PinRow unnamed) {
        PinRow row = named(unnamed);
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

    /** "12 blocks · 1.5 MiB · 3 pinned roots · cache hit ratio 80 %". */
    public ReadOnlyStringProperty statsProperty() { return stats.getReadOnlyProperty(); }
    /** Whether the pin list is being loaded. */
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    /** The result of the last GC, or null. */
    public ReadOnlyObjectProperty<GcResult> lastGcProperty() { return lastGc.getReadOnlyProperty(); }
}
