package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.run.UiThreadRunListener;
import dev.defl.ui.task.BackgroundTask;
import dev.defl.ui.task.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trainer pane state and logic: dataset loading, the experiment form, running and stopping a run,
 * progress and the live mean training loss. Holds no controls; all methods are called on the UI thread.
 */
public final class TrainerViewModel {

    private final DatasetLoader loader;
    private final ExperimentRunner runner;
    private final TaskExecutor tasks;
    private final RunObserver observer;

    private final Map<ConfigField, StringProperty> fields = new EnumMap<>(ConfigField.class);
    private final Map<ConfigField, BooleanBinding> fieldValid = new EnumMap<>(ConfigField.class);
    private final StringBinding validationMessage;

    private final ReadOnlyObjectWrapper<DatasetSplit> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatasetSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper datasetSpec = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("Idle");
    private final ObservableList<LossPoint> meanLoss = FXCollections.observableArrayList();
    private final ObservableList<LossPoint> meanLossView = FXCollections.unmodifiableObservableList(meanLoss);
    private final BooleanBinding runDisabled;
    private final BooleanBinding stopDisabled;

    private AtomicBoolean cancel = new AtomicBoolean();
    private int localEpochs = 1;

    /**
     * @param loader   loads datasets (called on the background executor)
     * @param runner   runs experiments (called on the background executor)
     * @param tasks    background and UI executors
     * @param observer also receives every run event, on the UI thread (the round timeline)
     */
    public TrainerViewModel(DatasetLoader loader, ExperimentRunner runner, TaskExecutor tasks, RunObserver observer) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.observer = Objects.requireNonNull(observer, "observer");
        for (ConfigField f : ConfigField.values()) {
            StringProperty text = new SimpleStringProperty(f.defaultText());
            fields.put(f, text);
            fieldValid.put(f, Bindings.createBooleanBinding(() -> fieldError(f) == null, text));
        }
        validationMessage = Bindings.createStringBinding(() -> {
            try {
                config();
                return "";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }, fields.values().toArray(StringProperty[]::new));
        runDisabled = running.or(loading).or(dataset.isNull()).or(validationMessage.isNotEmpty());
        stopDisabled = running.not();
    }

    // ---- form -------------------------------------------------------------------------------------

    /** The text of a form field, bound bidirectionally to its input control. */
    public StringProperty field(ConfigField f) {
        return fields.get(f);
    }

    /** Whether a field on its own holds a valid value. */
    public BooleanBinding fieldValid(ConfigField f) {
        return fieldValid.get(f);
    }

    /** Empty when the form is valid, else the first problem, naming the field. */
    public StringBinding validationMessageProperty() {
        return validationMessage;
    }

    /**
     * The experiment described by the form.
     *
     * @throws IllegalArgumentException naming the first field that is not a number or out of range
     */
    public ExperimentConfig config() {
        ExperimentConfig config = ExperimentConfig.defaults();
        for (ConfigField f : ConfigField.values()) config = f.apply(config, fields.get(f).get());
        return config;
    }

    private String fieldError(ConfigField f) {
        try {
            f.apply(ExperimentConfig.defaults(), fields.get(f).get());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    // ---- dataset ----------------------------------------------------------------------------------

    /** Loads {@code spec} ("digits", "fashion-mnist" or a file path) on the background executor. */
    public void loadDataset(String spec) {
        if (running.get()) {
            error.set("Stop the run before loading another dataset.");
            return;
        }
        tasks.execute(BackgroundTask.of(() -> Objects.requireNonNull(loader.load(spec),
                        "the dataset loader returned no dataset for " + spec))
                .onRunning(() -> {
                    loading.set(true);
                    error.set("");
                    step.set("Loading " + spec + " …");
                })
                .onSuccess(split -> {
                    dataset.set(split);
                    summary.set(DatasetSummary.of(split));
                    datasetSpec.set(spec);
                    step.set("Loaded " + split.train().name());
                })
                .onException(failure -> {
                    error.set("Could not load dataset " + spec + ": " + messageOf(failure));
                    step.set("Idle");
                })
                .onFinished(() -> loading.set(false)));
    }

    // ---- run --------------------------------------------------------------------------------------

    /** Starts a run with the form's configuration on the background executor; no-op while run is disabled. */
    public void run() {
        if (runDisabled.get()) return;
        ExperimentConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        DatasetSplit data = dataset.get();
        AtomicBoolean runCancel = new AtomicBoolean();
        cancel = runCancel;
        localEpochs = config.localEpochs();
        RunListener listener = new UiThreadRunListener(tasks.ui(), List.of(new Progress(), observer));
        tasks.execute(BackgroundTask.of(() -> runner.run(config, data, listener, runCancel::get))
                .onRunning(() -> {
                    running.set(true);
                    error.set("");
                    progress.set(0);
                    step.set("Starting: " + config.clients() + " clients, " + config.aggregators() + " aggregators, "
                            + config.rounds() + " rounds");
                    meanLoss.clear();
                    observer.begin(config);
                })
                .onSuccess(this::finished)
                .onException(failure -> {
                    if (failure instanceof RunCancelledException) {
                        step.set("Stopped: " + messageOf(failure));
                    } else {
                        error.set("Run failed: " + messageOf(failure));
                        step.set("Failed");
                    }
                })
                .onFinished(() -> running.set(false)));
    }

    /** Asks the running experiment to stop after its current step. */
    public void stop() {
        if (!running.get()) return;
        cancel.set(true);
        step.set("Stopping after the current step …");
    }

    private void finished(RunReport report) {
        progress.set(1);
        List<RunReport.RoundReport> rounds = report.rounds();
        step.set(rounds.isEmpty() ? "Finished: no round finalized"
                : String.format(Locale.ROOT, "Finished %d round%s · test accuracy %.1f %%", rounds.size(),
                rounds.size() == 1 ? "" : "s", 100 * rounds.getLast().testAccuracy()));
    }

    /** Progress and loss events, already on the UI thread. */
    private final class Progress implements RunListener {
        @Override
        public void onProgress(String text, double fraction) {
            step.set(text);
            progress.set(Math.max(0, Math.min(1, fraction)));
        }

        @Override
        public void onClientEpoch(int round, int client, int epoch, double loss, double accuracy) {
            int x = (round - 1) * localEpochs + epoch;
            for (int i = meanLoss.size() - 1; i >= 0; i--) {
                LossPoint p = meanLoss.get(i);
                if (p.epoch() == x) {
                    meanLoss.set(i, new LossPoint(x, round, (p.loss() * p.clients() + loss) / (p.clients() + 1),
                            p.clients() + 1));
                    return;
                }
            }
            meanLoss.add(new LossPoint(x, round, loss, 1));
        }
    }

    static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    // ---- read-only state --------------------------------------------------------------------------

    public ReadOnlyObjectProperty<DatasetSplit> datasetProperty() { return dataset.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DatasetSummary> summaryProperty() { return summary.getReadOnlyProperty(); }
    /** The spec the current dataset was loaded from, or empty. */
    public ReadOnlyStringProperty datasetSpecProperty() { return datasetSpec.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    /** Empty, or the last load or run failure with the exception's message. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** Run progress in [0, 1]. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stepProperty() { return step.getReadOnlyProperty(); }
    /** Mean client training loss per local epoch, across rounds, in arrival order. */
    public ObservableList<LossPoint> meanLoss() { return meanLossView; }
    public BooleanBinding runDisabledProperty() { return runDisabled; }
    public BooleanBinding stopDisabledProperty() { return stopDisabled; }

    /** Clears the error message (the user dismissed it). */
    public void clearError() {
        error.set("");
    }
}
