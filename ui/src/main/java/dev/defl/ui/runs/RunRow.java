package dev.defl.ui.runs;

import dev.defl.ui.AgeText;

import dev.defl.engine.runs.RunStatus;
import dev.defl.engine.runs.RunSummary;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One run in the Runs pane's table, updated in place by {@link RunsViewModel} as the run database changes (so the
 * table keeps its selection and an edit under way). Display texts and sort keys; no engine types for the view.
 */
public final class RunRow {
    private final long id;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper dataset = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper model = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper strategy = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rounds = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper best = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper last = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper duration = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper age = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Instant> startedAt = new ReadOnlyObjectWrapper<>();
    private String error = "";
    private int roundsDone;
    private double bestValue = Double.NaN;
    private double finalValue = Double.NaN;
    private boolean regression;
    private Duration durationValue;
    private RunSummary summary;

    RunRow(long id) {
        this.id = id;
    }

    /** Takes {@code s}'s values; {@code now} for the age and a running run's duration. */
    void load(RunSummary s, Instant now) {
        summary = s;
        name.set(s.name());
        status.set(s.status().label());
        error = s.error() == null ? "" : s.error();
        dataset.set(Objects.toString(s.params().datasetName(), ""));
        model.set(Objects.toString(s.params().model(), ""));
        strategy.set(Objects.toString(s.params().strategy(), ""));
        roundsDone = s.roundsDone();
        rounds.set(s.params().rounds() == null ? String.valueOf(roundsDone) : roundsDone + " / " + s.params().rounds());
        regression = s.regression();
        bestValue = s.bestMetric() == null ? Double.NaN : s.bestMetric();
        finalValue = s.finalMetric() == null ? Double.NaN : s.finalMetric();
        best.set(metric(bestValue, regression));
        last.set(metric(finalValue, regression));
        startedAt.set(s.startedAt());
        tick(now);
    }

    /** Refreshes the texts that depend on the time: the age, and a running run's duration. */
    void tick(Instant now) {
        if (summary == null) return;
        age.set(AgeText.ago(summary.startedAt(), now));
        durationValue = summary.duration(now);
        duration.set(DurationText.duration(durationValue));
    }

    /** The run's summary as last read (for the view-model). */
    RunSummary summary() {
        return summary;
    }

    /** A headline figure as shown: accuracy in percent ("93.14 %"), an RMSE as "RMSE 4.21"; empty when absent. */
    static String metric(double v, boolean regression) {
        if (Double.isNaN(v)) return "";
        return regression ? String.format(Locale.ROOT, "RMSE %.4g", v) : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    public long id() { return id; }
    public ReadOnlyStringProperty nameProperty() { return name.getReadOnlyProperty(); }
    /** {@code running}, {@code finished}, {@code stopped}, {@code failed} or {@code interrupted}. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** Why a failed run failed; empty otherwise. */
    public String error() { return error; }
    public ReadOnlyStringProperty datasetProperty() { return dataset.getReadOnlyProperty(); }
    public ReadOnlyStringProperty modelProperty() { return model.getReadOnlyProperty(); }
    public ReadOnlyStringProperty strategyProperty() { return strategy.getReadOnlyProperty(); }
    /** "done / planned" rounds. */
    public ReadOnlyStringProperty roundsProperty() { return rounds.getReadOnlyProperty(); }
    public int roundsDone() { return roundsDone; }
    /** The best round's figure as shown (see {@link #metric}). */
    public ReadOnlyStringProperty bestProperty() { return best.getReadOnlyProperty(); }
    /** The last finalized round's figure as shown. */
    public ReadOnlyStringProperty finalProperty() { return last.getReadOnlyProperty(); }
    /**
     * A sort key of a headline figure where larger is better: the accuracy, or minus the RMSE; NaN sorts first.
     *
     * @param ofBest the best round's figure, else the final one
     */
    public double score(boolean ofBest) {
        double v = ofBest ? bestValue : finalValue;
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : regression ? -v : v;
    }
    public ReadOnlyStringProperty durationProperty() { return duration.getReadOnlyProperty(); }
    /** The run's duration (to now while running), null when unknown (interrupted). */
    public Duration durationValue() { return durationValue; }
    /** The start as an age, "3 min ago". */
    public ReadOnlyStringProperty ageProperty() { return age.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Instant> startedAtProperty() { return startedAt.getReadOnlyProperty(); }
    /** The start as local date and time. */
    public String startedText() { return AgeText.absolute(startedAt.get()); }

    /** Whether {@code filter} (case-insensitive; blank matches all) occurs in the name, dataset, model, strategy or status. */
    public boolean matches(String filter) {
        if (filter == null || filter.isBlank()) return true;
        String f = filter.strip().toLowerCase(Locale.ROOT);
        for (String s : new String[] {name.get(), dataset.get(), model.get(), strategy.get(), status.get()}) {
            if (s != null && s.toLowerCase(Locale.ROOT).contains(f)) return true;
        }
        return false;
    }

    /** Whether the run is still running. */
    public boolean isRunning() {
        return summary != null && summary.status() == RunStatus.RUNNING;
    }

    @Override
    public String toString() {
        return "RunRow[" + id + ", " + name.get() + ", " + status.get() + "]";
    }
}
