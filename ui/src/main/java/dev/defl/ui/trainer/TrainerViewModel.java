package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.Partitioner;
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

    private final StringProperty partitionKind = new SimpleStringProperty("iid");
    private final StringProperty alpha = new SimpleStringProperty(String.valueOf(Partitioner.DEFAULT_ALPHA));
    private final StringProperty minPartitionSize =
            new SimpleStringProperty(String.valueOf(Partitioner.DEFAULT_MIN_PARTITION_SIZE));
    private final ReadOnlyObjectWrapper<PartitionSummary> partitionPreview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper partitionText = new ReadOnlyStringWrapper("");
    private long partitionRequest;

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
        }, dependencies());
        runDisabled = running.or(loading).or(dataset.isNull()).or(validationMessage.isNotEmpty());
        // the partition preview follows every setting it depends on (computed off the UI thread)
        for (javafx.beans.Observable o : List.of(fields.get(ConfigField.CLIENTS), fields.get(ConfigField.SEED),
                partitionKind, alpha, minPartitionSize)) {
            o.addListener(x -> refreshPartitionPreview());
        }
        stopDisabled = running.not();
    }

    private javafx.beans.Observable[] dependencies() {
        List<javafx.beans.Observable> all = new java.util.ArrayList<>(fields.values());
        all.addAll(List.of(partitionKind, alpha, minPartitionSize));
        return all.toArray(javafx.beans.Observable[]::new);
    }

    // ---- form -------------------------------------------------------------------------------------

    /** The partition kind: {@code iid}, {@code dirichlet}, {@code shards} or {@code quantity}. */
    public StringProperty partitionKindProperty() {
        return partitionKind;
    }

    /** Dirichlet concentration α as text (dirichlet and quantity only; smaller α = more skew). */
    public StringProperty alphaProperty() {
        return alpha;
    }

    /** The minimum rows per client as text (dirichlet and quantity only). */
    public StringProperty minPartitionSizeProperty() {
        return minPartitionSize;
    }

    /** Class counts per client of the form's partition of the loaded dataset (null before one is loaded). */
    public ReadOnlyObjectProperty<PartitionSummary> partitionPreviewProperty() {
        return partitionPreview.getReadOnlyProperty();
    }

    /** One line about the partition preview (its parameters, or why it cannot be made). */
    public ReadOnlyStringProperty partitionTextProperty() {
        return partitionText.getReadOnlyProperty();
    }

    /**
     * The partitioner the form describes.
     *
     * @throws IllegalArgumentException naming the partition field that is wrong
     */
    public Partitioner partitioner() {
        String kind = partitionKind.get() == null ? "iid" : partitionKind.get();
        if (kind.equals("iid") || kind.equals("shards")) {
            return Partitioner.of(kind, Partitioner.DEFAULT_ALPHA, Partitioner.DEFAULT_MIN_PARTITION_SIZE);
        }
        double a;
        int min;
        try {
            a = Double.parseDouble(alpha.get().strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("Dirichlet α: '" + alpha.get() + "' is not a number", e);
        }
        try {
            min = Integer.parseInt(minPartitionSize.get().strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("Minimum rows per client: '" + minPartitionSize.get()
                    + "' is not a whole number", e);
        }
        return Partitioner.of(kind, a, min);
    }

    /**
     * Recomputes the partition preview for the loaded dataset on the background executor (a newer
     * request supersedes an older one); does nothing before a dataset is loaded.
     */
    public void refreshPartitionPreview() {
        DatasetSplit split = dataset.get();
        if (split == null) {
            return;
        }
        ExperimentConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            partitionPreview.set(null);
            partitionText.set(e.getMessage());
            return;
        }
        long id = ++partitionRequest;
        LabeledDataset train = split.train();
        tasks.execute(BackgroundTask.of(() -> {
                    int[][] parts = config.partitioner().partition(train, config.clients(), config.seed());
                    return PartitionSummary.of(parts, train.labels(), train.numClasses());
                })
                .onSuccess(summary -> {
                    if (id == partitionRequest) {
                        partitionPreview.set(summary);
                        partitionText.set(config.partitioner().describe() + String.format(java.util.Locale.ROOT,
                                " · %d–%d rows per client · mean label entropy %.2f bits",
                                java.util.Arrays.stream(summary.sizes()).min().orElse(0),
                                java.util.Arrays.stream(summary.sizes()).max().orElse(0), summary.meanLabelEntropy()));
                    }
                })
                .onException(failure -> {
                    if (id == partitionRequest) {
                        partitionPreview.set(null);
                        partitionText.set(messageOf(failure));
                    }
                }));
    }

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
        return config.withPartitioner(partitioner());
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
                    refreshPartitionPreview();
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
