package dev.defl.ui.runs;

import dev.defl.ui.SeriesPalette;

import dev.defl.engine.runs.RunCsv;
import dev.defl.engine.io.AtomicFiles;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunKind;
import dev.defl.engine.runs.RunParams;
import dev.defl.engine.runs.RunRecord;
import dev.defl.engine.runs.RunSummary;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.Poller;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.trainer.StrategyField;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Runs pane's state: every run of the run database ({@link RunRow}s, filtered by {@link #filterProperty()}), the
 * selected runs' per-round curves ({@link #series()}), per-round figures ({@link #roundMetrics()}) and parameters side
 * by side ({@link #diff()}), and the actions rename, delete with undo, and CSV export. Holds no controls; call on
 * the UI thread.
 *
 * <p>Reads run on the background executor: while {@link #start started}, at once, after each change this process
 * commits ({@link RunDatabase#onChange}) and every {@link #POLL_PERIOD} when another process (e.g. {@code defl run} in
 * a terminal) committed ({@link RunDatabase#dataVersion()}).
 */
public final class RunsViewModel {
    /** How often the run database is polled for other processes' commits while the pane is shown. */
    public static final Duration POLL_PERIOD = Duration.ofSeconds(2);
    /** The table's placeholder when there is no run. */
    public static final String NO_RUNS = "No runs yet — start one in the Trainer.";

    private final RunDatabase db;
    private final TaskExecutor tasks;
    private final Clock clock;
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final FilteredList<RunRow> filtered = new FilteredList<>(runs, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(NO_RUNS);
    private final ObservableList<RunSeries> series = FXCollections.observableArrayList();
    private final ObservableList<RoundMetricRow> roundMetrics = FXCollections.observableArrayList();
    private final ObservableList<ParticipantEntry> participants = FXCollections.observableArrayList();
    private final List<ParamDiffRow> allDiff = new ArrayList<>();
    private final ObservableList<ParamDiffRow> diff = FXCollections.observableArrayList();
    private final BooleanProperty onlyDifferences = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper undoAvailable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RunTask> selectedTask = new ReadOnlyObjectWrapper<>();
    private final Poller<Snapshot> poller;
    /** Commits of this process, counted by the change listener (any thread). */
    private final AtomicLong localChanges = new AtomicLong();
    /** Background side of the poller only (it never runs two reads at once). */
    private long readVersion = Long.MIN_VALUE, readLocal = -1;
    private volatile List<Long> selectedIds = List.of();
    private volatile boolean selectionDirty;
    private List<Long> deleted = List.of();
    private AutoCloseable changeListener;
    /** Whether {@link #error} shows a failed read (a good read clears it; an action's error stays). */
    private boolean readFailed;

    /**
     * @param db    the run database, or null when there is none (the pane then says so)
     * @param tasks background reads and writes, results on the UI thread
     */
    public RunsViewModel(RunDatabase db, TaskExecutor tasks) {
        this(db, tasks, Clock.systemUTC());
    }

    RunsViewModel(RunDatabase db, TaskExecutor tasks, Clock clock) {
        this.db = db;
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.clock = clock;
        this.poller = new Poller<>(tasks, POLL_PERIOD, this::read, this::apply,
                failure -> {
                    readFailed = true;
                    error.set("Run database: " + messageOf(failure));
                });
        filter.addListener((obs, old, now) -> {
            filtered.setPredicate(r -> r.matches(now));
            updatePlaceholder();
        });
        onlyDifferences.addListener((obs, old, now) -> filterDiff());
        if (db == null) placeholder.set("No run database in this data directory: runs are not kept.");
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** Reads at once, then after every change (pane shown). */
    public void start() {
        if (db == null || poller.isRunning()) return;
        changeListener = db.onChange(change -> {
            if (change != RunDatabase.Change.RUNS) return;
            localChanges.incrementAndGet();
            tasks.ui().execute(this::refresh);
        });
        poller.start();
    }

    /** Stops reading (pane hidden). */
    public void stop() {
        poller.stop();
        if (changeListener != null) {
            try {
                changeListener.close();
            } catch (Exception ignored) {
                // removing a listener from a list does not fail
            }
            changeListener = null;
        }
    }

    /** Reads now (once when stopped). */
    public void refresh() {
        if (db != null) poller.refreshNow();
    }

    /** What one background read found: the runs (null: unchanged), the selected runs (null: unchanged). */
    private record Snapshot(List<RunSummary> runs, List<Long> selection, List<RunRecord> records, Instant now) {
    }

    private Snapshot read() throws IOException {
        long version = db.dataVersion();
        long local = localChanges.get();
        boolean changed = version != readVersion || local != readLocal;
        readVersion = version;
        readLocal = local;
        List<RunSummary> list = changed ? db.reads().runs(false) : null;
        List<RunRecord> records = null;
        List<Long> selection = selectedIds;
        if (changed || selectionDirty) {
            selectionDirty = false;
            records = new ArrayList<>();
            for (long id : selection) db.reads().run(id).ifPresent(records::add);
        }
        return new Snapshot(list, selection, records, clock.instant());
    }

    private void apply(Snapshot s) {
        if (readFailed) {
            readFailed = false;
            error.set("");
        }
        if (s.runs() != null) merge(s.runs(), s.now());
        else for (RunRow r : runs) r.tick(s.now());
        if (s.records() != null && s.selection().equals(selectedIds)) showSelection(s.records());
    }

    /** Updates the rows in place: new runs added (newest first), gone ones removed, the others reloaded. */
    private void merge(List<RunSummary> latest, Instant now) {
        Map<Long, RunRow> byId = new HashMap<>();
        for (RunRow r : runs) byId.put(r.id(), r);
        List<RunRow> ordered = new ArrayList<>(latest.size());
        for (RunSummary s : latest) {
            RunRow row = byId.computeIfAbsent(s.id(), RunRow::new);
            row.load(s, now);
            ordered.add(row);
        }
        if (!ordered.equals(runs)) {
            runs.removeIf(r -> !ordered.contains(r));
            for (int i = 0; i < ordered.size(); i++) {
                if (i >= runs.size() || runs.get(i) != ordered.get(i)) {
                    runs.remove(ordered.get(i));
                    runs.add(i, ordered.get(i));
                }
            }
        }
        updatePlaceholder();
    }

    private void updatePlaceholder() {
        if (db == null) return;
        placeholder.set(runs.isEmpty() ? NO_RUNS : "No run matches “" + filter.get().strip() + "”.");
    }

    // ---- selection ----------------------------------------------------------------------------------

    /** The runs selected in the table, in table order: their curves, rounds and parameters are read and shown. */
    public void select(List<Long> ids) {
        List<Long> now = List.copyOf(new LinkedHashSet<>(ids));
        if (now.equals(selectedIds)) return;
        selectedIds = now;
        selectedTask.set(now.size() == 1 ? taskOf(now.getFirst()) : null);
        if (now.isEmpty()) {
            showSelection(List.of());
            return;
        }
        selectionDirty = true;
        refresh();
    }

    private RunTask taskOf(long id) {
        RunSummary s = runs.stream().filter(r -> r.id() == id).findFirst().map(RunRow::summary).orElse(null);
        if (s == null || s.chainId() == null || s.contract() == null || s.taskId() == null) return null;
        return new RunTask(id, s.chainId(), s.contract(), s.taskId(), s.params().kind() == RunKind.EXPERIMENT);
    }

    /** The task of the one selected run, null when none or several are selected or the run has no task yet. */
    public ReadOnlyObjectProperty<RunTask> selectedTaskProperty() {
        return selectedTask.getReadOnlyProperty();
    }

    /** The ids of the selected runs. */
    public List<Long> selectedIds() {
        return selectedIds;
    }

    private void showSelection(List<RunRecord> records) {
        List<RunSeries> curves = new ArrayList<>();
        List<RoundMetricRow> metrics = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RunRecord r = records.get(i);
            String colour = SeriesPalette.colour(i);
            List<RunSeries.Point> points = new ArrayList<>();
            for (RunRecord.RoundRow round : r.rounds()) {
                if (round.finalizedAt() == null) continue;
                double acc = round.testAccuracy() == null ? Double.NaN : 100 * round.testAccuracy();
                points.add(new RunSeries.Point(round.round(), acc, nan(round.testLoss()), nan(round.testRmse())));
                metrics.add(new RoundMetricRow(r.summary().name(), colour, round.round(),
                        Double.isNaN(acc) ? "" : String.format(Locale.ROOT, "%.2f %%", acc), format(round.testLoss(), "%.4f"),
                        format(round.testRmse(), "%.4g"),
                        round.gasUsed() == null ? "" : String.format(Locale.ROOT, "%,d", round.gasUsed()),
                        round.openedAt() == null ? "" : DurationText.duration(Duration.between(round.openedAt(), round.finalizedAt()))));
            }
            curves.add(new RunSeries(r.summary().id(), r.summary().name(), colour, SeriesPalette.style(i).dashArray(),
                    r.summary().regression(), points));
        }
        series.setAll(curves);
        roundMetrics.setAll(metrics);
        List<ParticipantEntry> people = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            RunRecord r = records.get(i);
            for (RunRecord.Participant p : r.participants()) {
                people.add(new ParticipantEntry(r.summary().name(), SeriesPalette.colour(i), p.role().equals("client")
                        ? "client " + (p.index() + 1) : "aggregator " + dev.defl.engine.runs.RunNames.letter(p.index()), p.address()));
            }
        }
        participants.setAll(people);
        allDiff.clear();
        allDiff.addAll(diffOf(records.stream().map(r -> described(r.summary().params())).toList()));
        filterDiff();
    }

    /**
     * The parameters of several runs side by side: one row per label, in the runs' order (a label only a later run has
     * comes after that run's label before it), a value per run
     * ({@code "—"} where a run lacks it), marked when the values are not all equal.
     */
    static List<ParamDiffRow> diffOf(List<? extends Map<String, String>> params) {
        List<String> labels = new ArrayList<>();
        for (Map<String, String> p : params) {
            int at = 0; // a label new to the list goes right after this run's previous label
            for (String k : p.keySet()) {
                int known = labels.indexOf(k);
                if (known < 0) labels.add(at, k);
                at = (known < 0 ? at : known) + 1;
            }
        }
        List<ParamDiffRow> out = new ArrayList<>();
        for (String label : labels) {
            List<String> values = params.stream().map(p -> p.getOrDefault(label, "—")).toList();
            out.add(new ParamDiffRow(label, values, values.stream().distinct().count() > 1));
        }
        return out;
    }

    /** Task-spec keys of the strategy hyper-parameters, and the form's field for each. */
    private static final Map<String, StrategyField> STRATEGY_KEYS = Map.of(
            StrategySpec.KEY_SERVER_LR, StrategyField.SERVER_LR, StrategySpec.KEY_MOMENTUM, StrategyField.MOMENTUM,
            StrategySpec.KEY_TRIMMED_BETA, StrategyField.TRIMMED_BETA, StrategySpec.KEY_KRUM_F, StrategyField.KRUM_F,
            StrategySpec.KEY_MULTI_KRUM_M, StrategyField.MULTI_KRUM_M, StrategySpec.KEY_PROXIMAL_MU, StrategyField.PROXIMAL_MU,
            StrategySpec.KEY_CLIP_RADIUS, StrategyField.CLIP_RADIUS);

    /**
     * A run's parameters for the diff: {@link RunParams#describe()} with the strategy's hyper-parameters under their
     * form labels ("Server momentum β"), only those its strategy uses, and without the strategy's name repeated.
     */
    static Map<String, String> described(RunParams p) {
        Map<String, String> out = new LinkedHashMap<>();
        p.describe().forEach((key, value) -> {
            if (key.equals(StrategySpec.KEY_AGGREGATION)) return;
            StrategyField f = STRATEGY_KEYS.get(key);
            if (f == null) out.put(key, value);
            else if (f.usedBy(p.strategy())) out.put(f.label(), value);
        });
        return out;
    }

    private void filterDiff() {
        diff.setAll(onlyDifferences.get() ? allDiff.stream().filter(ParamDiffRow::differs).toList() : allDiff);
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static String format(Double v, String pattern) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, pattern, v);
    }

    // ---- actions ------------------------------------------------------------------------------------

    /**
     * Renames run {@code id} in the background; a blank name is refused with a message.
     */
    public void rename(long id, String name) {
        if (db == null) return;
        if (name == null || name.isBlank()) {
            error.set("A run's name cannot be blank.");
            return;
        }
        tasks.execute(BackgroundTask.of(() -> {
            db.rename(id, name);
            return null;
        }).onSuccess(x -> error.set("")).onException(f -> error.set("Rename failed: " + messageOf(f))));
    }

    /**
     * Marks runs {@code ids} deleted in the background; {@link #undo()} restores them while the window is open.
     */
    public void delete(List<Long> ids) {
        if (db == null || ids.isEmpty()) return;
        List<Long> these = List.copyOf(ids);
        String what = describe(these);
        tasks.execute(BackgroundTask.of(() -> {
            for (long id : these) db.markDeleted(id);
            return null;
        }).onSuccess(x -> {
            deleted = these;
            undoAvailable.set(true);
            notice.set("Deleted " + what + ".");
        }).onException(f -> error.set("Delete failed: " + messageOf(f))));
    }

    /** Restores the runs of the last {@link #delete}. */
    public void undo() {
        if (db == null || deleted.isEmpty()) return;
        List<Long> these = deleted;
        deleted = List.of();
        undoAvailable.set(false);
        tasks.execute(BackgroundTask.of(() -> {
            for (long id : these) db.restore(id);
            return null;
        }).onSuccess(x -> notice.set("Restored " + (these.size() == 1 ? "the run" : these.size() + " runs") + "."))
                .onException(f -> error.set("Undo failed: " + messageOf(f))));
    }

    /** Hides the notice (and gives up the undo). */
    public void dismissNotice() {
        notice.set("");
        undoAvailable.set(false);
        deleted = List.of();
    }

    /**
     * Writes run {@code id}'s rounds to {@code file} as CSV ({@link RunCsv#writeRounds}) in the background, replacing
     * it atomically; the notice says how many rounds went where, or the error line why not.
     */
    public void exportCsv(long id, Path file) {
        if (db == null) return;
        tasks.execute(BackgroundTask.of(() -> {
            RunRecord run = db.reads().run(id).orElseThrow(() -> new IOException("run " + id + " is not in the run database"));
            try {
                // atomically: an export that fails leaves no half-written file
                AtomicFiles.write(file, out -> {
                    Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    RunCsv.writeRounds(run, text);
                    text.flush();
                });
            } catch (IOException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            return run;
        }).onSuccess(run -> {
            error.set("");
            undoAvailable.set(false);
            notice.set("Exported " + run.rounds().size() + " rounds of “" + run.summary().name() + "” to " + file + ".");
        }).onException(f -> error.set("Export failed: " + messageOf(f))));
    }

    private String describe(List<Long> ids) {
        if (ids.size() != 1) return ids.size() + " runs";
        return runs.stream().filter(r -> r.id() == ids.getFirst()).findFirst()
                .map(r -> "“" + r.nameProperty().get() + "”").orElse("run " + ids.getFirst());
    }

    // ---- state --------------------------------------------------------------------------------------

    /** Every run not deleted, newest first. */
    public ObservableList<RunRow> runs() { return FXCollections.unmodifiableObservableList(runs); }
    /** {@link #runs()} matching {@link #filterProperty()}. */
    public ObservableList<RunRow> filteredRuns() { return filtered; }
    /** Text to match in a run's name, status, dataset, model or strategy (case-insensitive). */
    public StringProperty filterProperty() { return filter; }
    /** What the table says when it shows no run. */
    public ReadOnlyStringProperty placeholderProperty() { return placeholder.getReadOnlyProperty(); }
    /** The selected runs' per-round curves, in selection order. */
    public ObservableList<RunSeries> series() { return FXCollections.unmodifiableObservableList(series); }
    /** The selected runs' finalized rounds. */
    public ObservableList<RoundMetricRow> roundMetrics() { return FXCollections.unmodifiableObservableList(roundMetrics); }
    /** The selected runs' clients and aggregators, run by run. */
    public ObservableList<ParticipantEntry> participants() { return FXCollections.unmodifiableObservableList(participants); }
    /** The selected runs' parameters side by side (only the differing ones with {@link #onlyDifferencesProperty()}). */
    public ObservableList<ParamDiffRow> diff() { return FXCollections.unmodifiableObservableList(diff); }
    public BooleanProperty onlyDifferencesProperty() { return onlyDifferences; }
    /** The last action's outcome ("Deleted “run 3”."), empty when dismissed. */
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }
    /** Whether {@link #undo()} would restore deleted runs. */
    public ReadOnlyBooleanProperty undoAvailableProperty() { return undoAvailable.getReadOnlyProperty(); }
    /** The last failure, empty after a good read. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** Whether there is a run database at all. */
    public boolean hasDatabase() { return db != null; }

    private static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
