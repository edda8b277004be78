package dev.defl.ui.trainer;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetPublisher;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunControl;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.protocol.RunReportExport;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.ExperimentRunners;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.run.UiThreadRunListener;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Trainer pane state and logic: dataset loading (with {@link DatasetOptions}) and publishing to the content store, the
 * experiment form (model, aggregation strategy and its hyper-parameters, partition, client fraction, poisoning,
 * compute device), running, pausing and stopping a run, the live per-client and global curves (accuracy and
 * cross-entropy, or for a regression dataset RMSE, R² and training MSE), throughput and device, and exporting the
 * run's report. Holds no controls; all methods are called on the UI thread.
 */
public final class TrainerViewModel {

    /** Largest smoothing weight the slider offers (1 would freeze the curve at its first value). */
    public static final double MAX_SMOOTHING = 0.99;

    /** Devices the device picker offers, {@link ComputeDevice#resolve} requests. */
    public static final List<String> DEVICES = List.of(ComputeDevice.CPU, ComputeDevice.CUDA, ComputeDevice.AUTO);
    /** Built-in datasets the dataset combo offers. */
    public static final List<String> BUILT_IN_DATASETS = List.of("digits", "boston", "fashion-mnist");

    private final DatasetLoader loader;
    private final ExperimentRunners runners;
    private final ContentStore content;
    private final TaskExecutor tasks;
    private final RunObserver observer;

    private final Map<ConfigField, StringProperty> fields = new EnumMap<>(ConfigField.class);
    private final Map<ConfigField, BooleanBinding> fieldValid = new EnumMap<>(ConfigField.class);
    private final ObjectProperty<ModelKind> modelKind = new SimpleObjectProperty<>(ModelKind.MLP);
    private final StringProperty deviceChoice = new SimpleStringProperty(ComputeDevice.CPU);
    private final StringProperty strategyName = new SimpleStringProperty("fedavg");
    private final Map<StrategyField, StringProperty> strategyFields = new EnumMap<>(StrategyField.class);
    private final Map<StrategyField, BooleanBinding> strategyFieldVisible = new EnumMap<>(StrategyField.class);
    private final Map<StrategyField, BooleanBinding> strategyFieldValid = new EnumMap<>(StrategyField.class);
    private final StringBinding validationMessage;

    private final ReadOnlyObjectWrapper<DatasetSplit> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatasetSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper datasetSpec = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper regression = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper curvesRegression = new ReadOnlyBooleanWrapper();
    private long loadRequest;

    private final StringProperty targetColumn = new SimpleStringProperty("");
    private final ObjectProperty<DatasetOptions.TaskType> task = new SimpleObjectProperty<>(DatasetOptions.TaskType.AUTO);
    private final ObjectProperty<DatasetOptions.MissingValues> missing =
            new SimpleObjectProperty<>(DatasetOptions.MissingValues.REPORT);
    private final StringProperty imageSize = new SimpleStringProperty(String.valueOf(DatasetOptions.DEFAULT_IMAGE_SIZE));
    private final ObjectProperty<Integer> imageChannels = new SimpleObjectProperty<>(1);
    private final BooleanBinding imageSizeValid;

    private final ReadOnlyBooleanWrapper publishing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper publishedCid = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper publishMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper publishedShards = new ReadOnlyIntegerWrapper();
    private final BooleanBinding publishDisabled;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("Idle");
    private final StringBinding status;
    private final BooleanBinding runDisabled;
    private final BooleanBinding stopDisabled;

    private final ObservableList<ClientEpochPoint> clientEpochs = FXCollections.observableArrayList();
    private final ObservableList<RunReport.RoundReport> globalRounds = FXCollections.observableArrayList();
    private final ObservableList<ClientEpochPoint> clientEpochsView = FXCollections.unmodifiableObservableList(clientEpochs);
    private final ObservableList<RunReport.RoundReport> globalRoundsView = FXCollections.unmodifiableObservableList(globalRounds);
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(Metric.LOSS);
    private final ReadOnlyDoubleWrapper lastSamplesPerSecond = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper averageSamplesPerSecond = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper samplesPerSecondText = new ReadOnlyStringWrapper("— samples/s");
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper deviceWarning = new ReadOnlyStringWrapper("");
    private double trainedSamples;
    private double trainedSeconds;

    private final ReadOnlyObjectWrapper<RunReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper exportMessage = new ReadOnlyStringWrapper("");
    private final BooleanBinding exportDisabled;
    private long startedChainId;
    private String startedContract = "";

    private final StringProperty partitionKind = new SimpleStringProperty("iid");
    private final StringProperty alpha = new SimpleStringProperty(String.valueOf(Partitioner.DEFAULT_ALPHA));
    private final StringProperty minPartitionSize =
            new SimpleStringProperty(String.valueOf(Partitioner.DEFAULT_MIN_PARTITION_SIZE));
    private final ReadOnlyObjectWrapper<PartitionSummary> partitionPreview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper partitionText = new ReadOnlyStringWrapper("");
    private long partitionRequest;

    private RunControl control = new RunControl();
    private int localEpochs = 1;

    /**
     * A Trainer without a content store (Publish is disabled) whose runner ignores the device picker.
     *
     * @see #TrainerViewModel(DatasetLoader, ExperimentRunners, ContentStore, TaskExecutor, RunObserver)
     */
    public TrainerViewModel(DatasetLoader loader, ExperimentRunner runner, TaskExecutor tasks, RunObserver observer) {
        this(loader, ExperimentRunners.always(runner), null, tasks, observer);
    }

    /**
     * @param loader   loads datasets with the form's {@link DatasetOptions} (called on the background executor)
     * @param runners  make the runner for the picked compute device (called on the background executor); the run trains
     *                 the model picked on the form
     * @param content  where "Publish to IPFS" adds the loaded dataset ({@link DatasetPublisher}), or null to offer no
     *                 publishing; the loader should read {@code cid:<CID>} specs from the same store
     * @param tasks    background and UI executors
     * @param observer also receives every run event, on the UI thread (the round timeline)
     */
    public TrainerViewModel(DatasetLoader loader, ExperimentRunners runners, ContentStore content, TaskExecutor tasks,
                            RunObserver observer) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.runners = Objects.requireNonNull(runners, "runners");
        this.content = content;
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.observer = Objects.requireNonNull(observer, "observer");
        for (ConfigField f : ConfigField.values()) {
            StringProperty text = new SimpleStringProperty(f.defaultText());
            fields.put(f, text);
            fieldValid.put(f, Bindings.createBooleanBinding(() -> fieldError(f) == null, text));
        }
        for (StrategyField f : StrategyField.values()) {
            StringProperty text = new SimpleStringProperty(f.defaultText("fedavg"));
            strategyFields.put(f, text);
            strategyFieldVisible.put(f, Bindings.createBooleanBinding(() -> f.usedBy(strategyName.get()), strategyName));
            strategyFieldValid.put(f, Bindings.createBooleanBinding(() -> {
                try {
                    f.parse(text.get());
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }, text));
        }
        // a default that belongs to the previous strategy (η is 1 for FedAvgM, 0.01 for the adaptive ones) follows
        // the new strategy; a value the user typed stays
        strategyName.addListener((obs, old, now) -> {
            for (StrategyField f : StrategyField.values()) {
                StringProperty text = strategyFields.get(f);
                if (old != null && Objects.equals(text.get(), f.defaultText(old))) text.set(f.defaultText(now));
            }
        });
        validationMessage = Bindings.createStringBinding(() -> {
            try {
                config();
                checkModel(dataset.get());
                if (!DEVICES.contains(deviceChoice.get())) {
                    throw new IllegalArgumentException("Device: '" + deviceChoice.get() + "' must be cpu, cuda or auto");
                }
                return "";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }, dependencies());
        runDisabled = running.or(loading).or(dataset.isNull()).or(validationMessage.isNotEmpty());
        publishDisabled = running.or(loading).or(publishing).or(dataset.isNull())
                .or(Bindings.createBooleanBinding(() -> content == null));
        imageSizeValid = Bindings.createBooleanBinding(() -> imageSizeError() == null, imageSize);
        // a changed reading option re-reads the loaded file or folder (built-in and published datasets ignore them)
        // (change listeners: an invalidation listener would miss changes while nothing reads the option)
        targetColumn.addListener((obs, old, now) -> reloadDataset());
        task.addListener((obs, old, now) -> reloadDataset());
        missing.addListener((obs, old, now) -> reloadDataset());
        imageSize.addListener((obs, old, now) -> reloadDataset());
        imageChannels.addListener((obs, old, now) -> reloadDataset());
        stopDisabled = running.not();
        exportDisabled = running.or(exporting).or(report.isNull());
        status = Bindings.createStringBinding(() -> paused.get() ? "Paused" : step.get(), paused, step);
        // the partition preview follows every setting it depends on (computed off the UI thread)
        for (Observable o : List.of(fields.get(ConfigField.CLIENTS), fields.get(ConfigField.SEED),
                partitionKind, alpha, minPartitionSize)) {
            o.addListener(x -> refreshPartitionPreview());
        }
        smoothing.addListener((obs, old, now) -> {
            double clamped = Math.max(0, Math.min(MAX_SMOOTHING, now.doubleValue()));
            if (clamped != now.doubleValue()) smoothing.set(clamped);
        });
    }

    private Observable[] dependencies() {
        List<Observable> all = new ArrayList<>(fields.values());
        all.addAll(strategyFields.values());
        all.addAll(List.of(partitionKind, alpha, minPartitionSize, strategyName, modelKind, dataset, deviceChoice));
        return all.toArray(Observable[]::new);
    }

    // ---- form -------------------------------------------------------------------------------------

    /**
     * The model family to train; {@link ModelKind#MLP} at first. Loading a regression dataset switches a classifier
     * to {@link ModelKind#MLP_REG}, loading a classification dataset switches a regressor to {@link ModelKind#MLP}.
     */
    public ObjectProperty<ModelKind> modelKindProperty() {
        return modelKind;
    }

    /** The compute device a run asks for, one of {@link #DEVICES}; {@code "cpu"} at first. */
    public StringProperty deviceChoiceProperty() {
        return deviceChoice;
    }

    /** One line describing {@code kind} for the form. */
    public static String describe(ModelKind kind) {
        if (kind == null) return "";
        return switch (kind) {
            case LOGREG -> "Multinomial logistic regression: one linear layer and softmax.";
            case MLP -> "2NN: two hidden layers of 200 ReLU units (McMahan et al. 2017).";
            case CNN -> "CNN: two 5×5 conv + max-pool layers, 512 dense (McMahan et al. 2017); images only.";
            case LINREG -> "Linear regression: one linear layer, MSE loss; real-valued targets only.";
            case MLP_REG -> "MLP regressor: two hidden layers of 64 ReLU units, MSE loss; real-valued targets only.";
        };
    }

    /** The aggregation strategy, one of {@link StrategySpec#NAMES}; {@code "fedavg"} at first. */
    public StringProperty strategyNameProperty() {
        return strategyName;
    }

    /** The text of a strategy hyper-parameter, bound bidirectionally to its input control. */
    public StringProperty strategyField(StrategyField f) {
        return strategyFields.get(f);
    }

    /** Whether the picked strategy uses {@code f} (the form shows only those fields). */
    public BooleanBinding strategyFieldVisible(StrategyField f) {
        return strategyFieldVisible.get(f);
    }

    /** Whether {@code f}'s text on its own is a number of the right kind. */
    public BooleanBinding strategyFieldValid(StrategyField f) {
        return strategyFieldValid.get(f);
    }

    /**
     * The strategy the form describes: the picked name with its relevant fields parsed (the others at their defaults).
     *
     * @throws IllegalArgumentException naming the field that is not a number or out of range
     */
    public StrategySpec strategySpec() {
        String name = strategyName.get() == null ? "fedavg" : strategyName.get();
        StrategySpec d = StrategySpec.of(name);
        double[] v = {d.serverLr(), d.momentum(), d.trimmedBeta(), d.krumF(), d.multiKrumM(), d.proximalMu()};
        for (StrategyField f : StrategyField.values()) {
            if (f.usedBy(name)) v[f.ordinal()] = f.parse(strategyFields.get(f).get());
        }
        try {
            return new StrategySpec(name, v[0], v[1], v[2], (int) v[3], (int) v[4], v[5]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Strategy " + name + ": " + e.getMessage(), e);
        }
    }

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
            config = baseConfig();
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
                .onSuccess(s -> {
                    if (id == partitionRequest) {
                        partitionPreview.set(s);
                        partitionText.set(config.partitioner().describe() + String.format(Locale.ROOT,
                                " · %d–%d rows per client · mean label entropy %.2f bits",
                                Arrays.stream(s.sizes()).min().orElse(0),
                                Arrays.stream(s.sizes()).max().orElse(0), s.meanLabelEntropy()));
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
     * The experiment described by the form: its numbers, partition and aggregation strategy.
     *
     * @throws IllegalArgumentException naming the first field that is not a number or out of range
     */
    public ExperimentConfig config() {
        return baseConfig().withStrategy(strategySpec());
    }

    private ExperimentConfig baseConfig() {
        ExperimentConfig config = ExperimentConfig.defaults();
        for (ConfigField f : ConfigField.values()) config = f.apply(config, fields.get(f).get());
        return config.withPartitioner(partitioner());
    }

    /** @throws IllegalArgumentException when the picked model cannot take {@code data} (e.g. the CNN and tabular rows) */
    private void checkModel(DatasetSplit data) {
        if (data == null || modelKind.get() == null) return;
        try {
            modelKind.get().spec(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Model: " + e.getMessage(), e);
        }
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

    /** CSV target column by header name or 1-based index; blank = the last column. Re-reads a loaded file. */
    public StringProperty targetColumnProperty() {
        return targetColumn;
    }

    /** Whether the CSV target is read as classes or real values; {@code AUTO} at first. Re-reads a loaded file. */
    public ObjectProperty<DatasetOptions.TaskType> taskProperty() {
        return task;
    }

    /** What to do with missing CSV cells; {@code REPORT} (fail, naming them) at first. Re-reads a loaded file. */
    public ObjectProperty<DatasetOptions.MissingValues> missingProperty() {
        return missing;
    }

    /** Side in pixels image-folder images are resized to, as text (4..512). Re-reads a loaded folder. */
    public StringProperty imageSizeProperty() {
        return imageSize;
    }

    /** Whether {@link #imageSizeProperty()} holds a whole number in 4..512. */
    public BooleanBinding imageSizeValid() {
        return imageSizeValid;
    }

    /** Channels of image-folder images: 1 (grey-scale) or 3 (RGB). Re-reads a loaded folder. */
    public ObjectProperty<Integer> imageChannelsProperty() {
        return imageChannels;
    }

    /**
     * The reading options the form describes.
     *
     * @throws IllegalArgumentException naming the option that is wrong (e.g. the image size)
     */
    public DatasetOptions datasetOptions() {
        String sizeError = imageSizeError();
        if (sizeError != null) throw new IllegalArgumentException(sizeError);
        String target = targetColumn.get() == null ? "" : targetColumn.get().strip();
        Integer channels = imageChannels.get();
        return new DatasetOptions(target.isEmpty() ? null : target,
                task.get() == null ? DatasetOptions.TaskType.AUTO : task.get(),
                missing.get() == null ? DatasetOptions.MissingValues.REPORT : missing.get(),
                Integer.parseInt(imageSize.get().strip()), channels == null ? 1 : channels);
    }

    private String imageSizeError() {
        String t = imageSize.get() == null ? "" : imageSize.get().strip();
        try {
            int size = Integer.parseInt(t);
            if (size < 4 || size > 512) return "Image size: must be 4..512 pixels, got " + size;
            return null;
        } catch (NumberFormatException e) {
            return "Image size: '" + t + "' is not a whole number";
        }
    }

    /**
     * Whether {@link #datasetOptions()} change how {@code spec} is read: true for files and folders, false for the
     * built-in datasets and published ({@code cid:}) ones.
     */
    public static boolean readsOptions(String spec) {
        String s = spec == null ? "" : spec.strip();
        return !s.isEmpty() && !BUILT_IN_DATASETS.contains(s) && !s.startsWith(Datasets.CID_PREFIX);
    }

    /** Re-reads the loaded dataset with the current options when they apply to it (a file or folder). */
    private void reloadDataset() {
        String spec = datasetSpec.get();
        if (running.get() || !readsOptions(spec)) return;
        loadDataset(spec);
    }

    /**
     * Loads {@code spec} ("digits", "boston", "fashion-mnist", a file or a folder path, or {@code cid:<CID>} of a
     * published dataset) with {@link #datasetOptions()} on the background executor. The current dataset stays until
     * the new one has loaded completely; a failure leaves it in place and shows the loader's message. A newer load
     * supersedes an older one still under way.
     */
    public void loadDataset(String spec) {
        if (running.get()) {
            error.set("Stop the run before loading another dataset.");
            return;
        }
        if (spec == null || spec.isBlank()) {
            error.set("Name a dataset: digits, boston, fashion-mnist, a file or folder, or cid:<CID>.");
            return;
        }
        String s = spec.strip();
        DatasetOptions options;
        try {
            options = datasetOptions();
        } catch (IllegalArgumentException e) {
            error.set("Dataset options: " + e.getMessage());
            return;
        }
        long id = ++loadRequest;
        tasks.execute(BackgroundTask.of(() -> Objects.requireNonNull(loader.load(s, options),
                        "the dataset loader returned no dataset for " + s))
                .onRunning(() -> {
                    loading.set(true);
                    error.set("");
                    step.set("Loading " + s + " …");
                })
                .onSuccess(split -> {
                    if (id != loadRequest) return;
                    loaded(s, split);
                })
                .onException(failure -> {
                    if (id != loadRequest) return;
                    error.set("Could not load dataset " + s + ": " + messageOf(failure));
                    step.set(dataset.get() == null ? "Idle" : "Kept " + dataset.get().train().name());
                })
                .onFinished(() -> {
                    if (id == loadRequest) loading.set(false);
                }));
    }

    private void loaded(String spec, DatasetSplit split) {
        boolean reg = split.train().isRegression();
        // the picker follows the dataset's kind of target; a fitting pick stays
        ModelKind picked = modelKind.get();
        if (picked == null || picked.isRegression() != reg) modelKind.set(reg ? ModelKind.MLP_REG : ModelKind.MLP);
        regression.set(reg);
        if (globalRounds.isEmpty()) curvesRegression.set(reg);
        dataset.set(split);
        summary.set(DatasetSummary.of(split));
        datasetSpec.set(spec);
        if (!publishedCid.get().isEmpty() && !spec.equals(Datasets.CID_PREFIX + publishedCid.get())
                && !spec.equals(publishedCid.get())) {
            publishedCid.set("");
            publishMessage.set("");
        }
        step.set("Loaded " + split.train().name());
        refreshPartitionPreview();
    }

    // ---- publish ----------------------------------------------------------------------------------

    /**
     * Adds the loaded dataset to the content store as safetensors shards and a manifest ({@link DatasetPublisher},
     * {@value DatasetPublisher#DEFAULT_SHARD_ROWS} rows per shard) on the background executor; then
     * {@link #publishedCidProperty()} holds the manifest's CID, which {@code cid:<CID>} loads back. No-op while
     * {@link #publishDisabledProperty()}.
     */
    public void publishDataset() {
        if (publishDisabled.get()) return;
        DatasetSplit split = dataset.get();
        ContentStore store = content;
        tasks.execute(BackgroundTask.of(() -> DatasetPublisher.publish(split, store, DatasetPublisher.DEFAULT_SHARD_ROWS))
                .onRunning(() -> {
                    publishing.set(true);
                    error.set("");
                    publishedCid.set("");
                    publishMessage.set("Publishing " + split.train().name() + " …");
                })
                .onSuccess(published -> {
                    var m = published.manifest();
                    int shards = m.train().shards().size() + m.test().shards().size();
                    publishedShards.set(shards);
                    publishedCid.set(published.manifestCid().toString());
                    publishMessage.set(String.format(Locale.ROOT, "Published %s: %d + %d rows in %d shard%s. "
                                    + "Load it anywhere with cid:<CID>.", m.name(), m.train().rows(), m.test().rows(),
                            shards, shards == 1 ? "" : "s"));
                })
                .onException(failure -> {
                    publishMessage.set("");
                    error.set("Could not publish " + split.train().name() + ": " + messageOf(failure));
                })
                .onFinished(() -> publishing.set(false)));
    }

    /** The manifest CID of the last dataset published (empty before, and after another dataset is loaded). */
    public ReadOnlyStringProperty publishedCidProperty() { return publishedCid.getReadOnlyProperty(); }
    /** Shards (train and test) of the last dataset published. */
    public ReadOnlyIntegerProperty publishedShardsProperty() { return publishedShards.getReadOnlyProperty(); }
    /** Empty, "Publishing …", or what was published. */
    public ReadOnlyStringProperty publishMessageProperty() { return publishMessage.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty publishingProperty() { return publishing.getReadOnlyProperty(); }
    /** Publish is usable with a loaded dataset and a content store, while nothing loads, runs or publishes. */
    public BooleanBinding publishDisabledProperty() { return publishDisabled; }

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
        ModelKind model = modelKind.get();
        String deviceRequest = deviceChoice.get();
        RunControl runControl = new RunControl();
        control = runControl;
        localEpochs = config.localEpochs();
        RunListener listener = new UiThreadRunListener(tasks.ui(), List.of(new Progress(), observer));
        tasks.execute(BackgroundTask.of(() -> runWith(config, data, model, deviceRequest, listener, runControl))
                .onRunning(() -> {
                    running.set(true);
                    paused.set(false);
                    error.set("");
                    exportMessage.set("");
                    progress.set(0);
                    step.set(startLine(config, model, deviceRequest));
                    curvesRegression.set(data.train().isRegression());
                    clientEpochs.clear();
                    globalRounds.clear();
                    report.set(null);
                    startedChainId = 0;
                    startedContract = "";
                    trainedSamples = 0;
                    trainedSeconds = 0;
                    lastSamplesPerSecond.set(Double.NaN);
                    averageSamplesPerSecond.set(Double.NaN);
                    samplesPerSecondText.set("— samples/s");
                    device.set("");
                    deviceWarning.set("");
                    observer.begin(config);
                })
                .onSuccess(this::finished)
                .onException(failure -> {
                    report.set(partialReport());
                    String abandoned = abandonedTask == null ? "" : "; " + abandonedTask;
                    if (failure instanceof RunCancelledException) {
                        step.set("Stopped: " + messageOf(failure) + abandoned);
                    } else {
                        error.set("Run failed: " + messageOf(failure));
                        step.set("Failed" + abandoned);
                    }
                })
                .onFinished(() -> {
                    paused.set(false);
                    running.set(false);
                }));
    }

    /** Runs on the background executor: sets up the device (may load the PyTorch engine), then the run. */
    private RunReport runWith(ExperimentConfig config, DatasetSplit data, ModelKind model, String deviceRequest,
                              RunListener listener, BooleanSupplier cancelled) throws Exception {
        ModelSpec spec = model.spec(data);
        ExperimentRunner runner = Objects.requireNonNull(runners.onDevice(deviceRequest),
                "no experiment runner for device " + deviceRequest);
        return runner.run(config, data, spec, listener, cancelled);
    }

    /** E.g. {@code "Starting: 10 clients (C = 0.5: 5 per round), 2 aggregators, 3 rounds, mlp, fedavg, cpu"}. */
    static String startLine(ExperimentConfig config, ModelKind model, String device) {
        StringBuilder b = new StringBuilder("Starting: ").append(config.clients()).append(" clients");
        if (config.clientFraction() < 1) {
            b.append(String.format(Locale.ROOT, " (C = %s: %d per round)", trim(config.clientFraction()),
                    config.clientsPerRound()));
        }
        b.append(", ").append(config.aggregators()).append(" aggregators, ").append(config.rounds()).append(" rounds, ")
                .append(model.cliName()).append(", ").append(config.strategy().name());
        if (config.poison().active()) b.append(", poisoned ").append(config.poison().describe());
        return b.append(", ").append(device).toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * The report of the rounds finalized so far, for a run that did not return one (stopped or failed). The run
     * events do not carry the task id, so it is {@code -1}.
     */
    private RunReport partialReport() {
        return new RunReport(startedChainId, startedContract, -1, List.copyOf(globalRounds));
    }

    /** Asks the running experiment to stop at its next poll (also when paused). */
    public void stop() {
        if (!running.get()) return;
        control.stop();
        paused.set(false);
        step.set("Stopping after the current step …");
    }

    /** Holds the running experiment at its next poll (between batches or clients) until {@link #resume()}. */
    public void pause() {
        if (!running.get() || paused.get()) return;
        control.pause();
        paused.set(true);
    }

    /** Lets a paused run go on. */
    public void resume() {
        if (!paused.get()) return;
        control.resume();
        paused.set(false);
    }

    /** {@link #pause()} when running, {@link #resume()} when paused: the Pause/Resume button. */
    public void togglePause() {
        if (paused.get()) resume();
        else pause();
    }

    private void finished(RunReport result) {
        progress.set(1);
        report.set(result);
        List<RunReport.RoundReport> rounds = result.rounds();
        step.set(rounds.isEmpty() ? "Finished: no round finalized"
                : String.format(Locale.ROOT, "Finished %d round%s · %s", rounds.size(),
                rounds.size() == 1 ? "" : "s", score(rounds.getLast())));
    }

    /**
     * The global model's test score of a round, e.g. {@code "test accuracy 91.2 %"} or for regression
     * {@code "test RMSE 4.21 · R² 0.781"}.
     */
    public static String score(RunReport.RoundReport r) {
        if (r.isRegression()) {
            return String.format(Locale.ROOT, "test RMSE %.4g · R² %.3f", r.testRmse(),
                    r.testR2() == null ? Double.NaN : r.testR2());
        }
        return Double.isNaN(r.testAccuracy()) ? String.format(Locale.ROOT, "test loss %.4f", r.testLoss())
                : String.format(Locale.ROOT, "test accuracy %.1f %%", 100 * r.testAccuracy());
    }

    /** Run events, already on the UI thread. */
    /** What became of the task of a run that did not finish, e.g. {@code task 3 marked abandoned on chain (block 42)}. */
    private String abandonedTask;

    private final class Progress implements RunListener {
        @Override
        public void onProgress(String text, double fraction) {
            step.set(text);
            progress.set(Math.max(0, Math.min(1, fraction)));
        }

        @Override
        public void onStarted(long chainId, String contract, String rpcUrl) {
            startedChainId = chainId;
            startedContract = contract;
            abandonedTask = null;
        }

        @Override
        public void onTaskAbandoned(long taskId, long blockNumber) {
            abandonedTask = "task " + taskId + " marked abandoned on chain (block " + blockNumber + ")";
        }

        @Override
        public void onClientEpoch(int round, int client, int epoch, double loss, double accuracy) {
            clientEpochs.add(new ClientEpochPoint(client, round, (round - 1) * localEpochs + epoch, loss, accuracy));
        }

        @Override
        public void onClientTrained(int round, int client, long numSamples, int epochs, double seconds) {
            double samples = (double) numSamples * epochs;
            if (seconds > 0) lastSamplesPerSecond.set(samples / seconds);
            trainedSamples += samples;
            trainedSeconds += Math.max(0, seconds);
            if (trainedSeconds > 0) averageSamplesPerSecond.set(trainedSamples / trainedSeconds);
            samplesPerSecondText.set(samplesPerSecondLine(lastSamplesPerSecond.get(), averageSamplesPerSecond.get()));
        }

        @Override
        public void onDevice(String name, String warning) {
            device.set(name == null ? "" : name);
            deviceWarning.set(warning == null ? "" : warning);
        }

        @Override
        public void onRoundFinalized(RunReport.RoundReport r) {
            globalRounds.add(r);
        }
    }

    /** E.g. {@code "412 samples/s (last client) · 398 avg"}; a dash for a rate not known yet. */
    static String samplesPerSecondLine(double last, double average) {
        return rate(last) + " samples/s (last client) · " + rate(average) + " avg";
    }

    private static String rate(double v) {
        if (Double.isNaN(v)) return "—";
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String messageOf(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    // ---- curves -----------------------------------------------------------------------------------

    /**
     * Exponential moving average with bias correction, as TensorBoard's scalar dashboard smooths: {@code
     * s_i = w·s_{i−1} + (1 − w)·y_i} from {@code s_0 = 0}, divided by {@code 1 − w^k} after {@code k} finite values
     * (so the first value is not pulled toward 0). Non-finite values pass through unchanged and do not enter the
     * average. Pure: {@code values} is not modified.
     *
     * @param values the raw series
     * @param weight smoothing weight in [0, 1); 0 returns a copy of {@code values}
     * @return the smoothed series, same length
     * @throws IllegalArgumentException when {@code weight} is outside [0, 1)
     */
    public static double[] smooth(double[] values, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] out = new double[values.length];
        double last = 0;
        int counted = 0;
        for (int i = 0; i < values.length; i++) {
            double y = values[i];
            if (!Double.isFinite(y)) {
                out[i] = y;
                continue;
            }
            last = last * weight + (1 - weight) * y;
            counted++;
            double debias = weight == 0 ? 1 : 1 - Math.pow(weight, counted);
            out[i] = last / debias;
        }
        return out;
    }

    /** A curve point: x (local epoch across rounds, or round) and the (smoothed) value. */
    public record CurvePoint(double x, double y) {}

    /**
     * Client {@code client}'s curve of {@code metric} over {@code points} (in arrival order), smoothed with
     * {@code weight} (see {@link #smooth}). Points whose value is not finite (a regression client's accuracy is NaN)
     * are left out.
     */
    public static List<CurvePoint> clientCurve(List<ClientEpochPoint> points, int client, Metric metric, double weight) {
        List<ClientEpochPoint> mine = points.stream().filter(p -> p.client() == client).toList();
        double[] ys = smooth(mine.stream().mapToDouble(p -> p.value(metric)).toArray(), weight);
        List<CurvePoint> out = new ArrayList<>(mine.size());
        for (int i = 0; i < mine.size(); i++) {
            if (Double.isFinite(ys[i])) out.add(new CurvePoint(mine.get(i).step(), ys[i]));
        }
        return out;
    }

    /**
     * The global model's test {@code metric} per finalized round, smoothed with {@code weight}: for a classification
     * round {@link Metric#LOSS} is the cross-entropy and {@link Metric#ACCURACY} the accuracy in [0, 1]; for a
     * regression round ({@link RunReport.RoundReport#isRegression()}) they are the RMSE (target units) and R².
     * Rounds without a finite value are left out.
     */
    public static List<CurvePoint> globalCurve(List<RunReport.RoundReport> rounds, Metric metric, double weight) {
        double[] ys = smooth(rounds.stream().mapToDouble(r -> globalValue(r, metric)).toArray(), weight);
        List<CurvePoint> out = new ArrayList<>(rounds.size());
        for (int i = 0; i < rounds.size(); i++) {
            if (Double.isFinite(ys[i])) out.add(new CurvePoint(rounds.get(i).round(), ys[i]));
        }
        return out;
    }

    /** The value a global curve plots for {@code r}: see {@link #globalCurve}. */
    static double globalValue(RunReport.RoundReport r, Metric metric) {
        if (r.isRegression()) {
            Double v = metric == Metric.LOSS ? r.testRmse() : r.testR2();
            return v == null ? Double.NaN : v;
        }
        return metric == Metric.LOSS ? r.testLoss() : r.testAccuracy();
    }

    /**
     * What {@code metric} is called on the global curve: {@code "Loss"} / {@code "Accuracy"}, or for regression
     * {@code "RMSE"} / {@code "R²"}.
     */
    public static String metricLabel(Metric metric, boolean regression) {
        if (!regression) return metric.label();
        return metric == Metric.LOSS ? "RMSE" : "R²";
    }

    /** Whether the loaded dataset has a real-valued target (regression). */
    public ReadOnlyBooleanProperty regressionProperty() {
        return regression.getReadOnlyProperty();
    }

    /**
     * Whether the curves are a regression run's (the current or last run's; before any run, the loaded dataset's):
     * the global curves then show RMSE and R², the client curves training MSE.
     */
    public ReadOnlyBooleanProperty curvesRegressionProperty() {
        return curvesRegression.getReadOnlyProperty();
    }

    /** Training metrics of every client epoch of the current (or last) run, in arrival order. */
    public ObservableList<ClientEpochPoint> clientEpochs() {
        return clientEpochsView;
    }

    /** The finalized rounds of the current (or last) run, in order. */
    public ObservableList<RunReport.RoundReport> globalRounds() {
        return globalRoundsView;
    }

    /** Curve smoothing weight in [0, {@value #MAX_SMOOTHING}]; 0 = raw. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    /** Which metric the curves plot; {@link Metric#LOSS} at first. */
    public ObjectProperty<Metric> metricProperty() {
        return metric;
    }

    // ---- export -----------------------------------------------------------------------------------

    /**
     * Writes the last run's report next to each other in {@code directory}: {@code <baseName>.json} (the whole
     * report, {@link RunReportExport#writeJson}), {@code <baseName>.csv} (one row per round,
     * {@link RunReportExport#writeCsv}) and, when {@code chart} is given, {@code <baseName>.png}. Runs on the
     * background executor; {@link #exportMessageProperty()} then names the files or the failure.
     *
     * @param chart a snapshot of the curves (taken on the UI thread), or null for no PNG
     */
    public void exportReport(Path directory, String baseName, ChartPixels chart) {
        RunReport r = report.get();
        if (r == null || exporting.get() || running.get()) return;
        String base = stripExtension(baseName);
        if (base.isBlank()) {
            error.set("Export: the report needs a file name.");
            return;
        }
        Path json = directory.resolve(base + ".json");
        Path csv = directory.resolve(base + ".csv");
        Path png = directory.resolve(base + ".png");
        tasks.execute(BackgroundTask.of(() -> {
                    Files.createDirectories(directory);
                    RunReportExport.writeJson(r, json);
                    RunReportExport.writeCsv(r, csv);
                    if (chart != null && !ImageIO.write(chart.toBufferedImage(), "png", png.toFile())) {
                        throw new IOException("no PNG writer available for " + png);
                    }
                    return null;
                })
                .onRunning(() -> {
                    exporting.set(true);
                    exportMessage.set("Exporting …");
                })
                .onSuccess(v -> exportMessage.set("Exported " + base + ".json, " + base + ".csv"
                        + (chart != null ? ", " + base + ".png" : "") + " to " + directory))
                .onException(failure -> {
                    exportMessage.set("");
                    error.set("Export failed: " + messageOf(failure));
                })
                .onFinished(() -> exporting.set(false)));
    }

    /** {@code name} without a trailing {@code .json}, {@code .csv} or {@code .png}. */
    static String stripExtension(String name) {
        String n = name == null ? "" : name.strip();
        for (String ext : List.of(".json", ".csv", ".png")) {
            if (n.toLowerCase(Locale.ROOT).endsWith(ext)) return n.substring(0, n.length() - ext.length());
        }
        return n;
    }

    /** A file name for the report of the last run, e.g. {@code "defl-run-5fbdb231-3rounds"}. */
    public String suggestedExportName() {
        RunReport r = report.get();
        if (r == null) return "defl-run";
        String contract = r.contract() == null ? "" : r.contract().replaceFirst("^0x", "");
        return "defl-run" + (contract.isEmpty() ? "" : "-" + contract.substring(0, Math.min(8, contract.length())))
                + "-" + r.rounds().size() + "rounds";
    }

    // ---- read-only state --------------------------------------------------------------------------

    public ReadOnlyObjectProperty<DatasetSplit> datasetProperty() { return dataset.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DatasetSummary> summaryProperty() { return summary.getReadOnlyProperty(); }
    /** The spec the current dataset was loaded from, or empty. */
    public ReadOnlyStringProperty datasetSpecProperty() { return datasetSpec.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    /** Whether the running experiment is held by {@link #pause()}. */
    public ReadOnlyBooleanProperty pausedProperty() { return paused.getReadOnlyProperty(); }
    /** Empty, or the last load, run or export failure with the exception's message. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** Run progress in [0, 1]. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    /** The run's last step text. */
    public ReadOnlyStringProperty stepProperty() { return step.getReadOnlyProperty(); }
    /** What the status line shows: {@code "Paused"} while paused, else the step. */
    public StringBinding statusProperty() { return status; }
    public BooleanBinding runDisabledProperty() { return runDisabled; }
    public BooleanBinding stopDisabledProperty() { return stopDisabled; }
    /** Pause/Resume is usable only while running. */
    public BooleanBinding pauseDisabledProperty() { return stopDisabled; }
    /** Throughput of the last client to finish training, in samples per second (NaN before the first). */
    public ReadOnlyDoubleProperty lastSamplesPerSecondProperty() { return lastSamplesPerSecond.getReadOnlyProperty(); }
    /** Throughput over the run so far: all samples trained / all training seconds (NaN before the first). */
    public ReadOnlyDoubleProperty averageSamplesPerSecondProperty() { return averageSamplesPerSecond.getReadOnlyProperty(); }
    public ReadOnlyStringProperty samplesPerSecondTextProperty() { return samplesPerSecondText.getReadOnlyProperty(); }
    /** The training device the run reported (e.g. {@code "cpu()"}), or empty. */
    public ReadOnlyStringProperty deviceProperty() { return device.getReadOnlyProperty(); }
    /** Why the requested device was not used, or empty. */
    public ReadOnlyStringProperty deviceWarningProperty() { return deviceWarning.getReadOnlyProperty(); }
    /** The report of the last finished, stopped or failed run (stopped/failed: the rounds finalized), or null. */
    public ReadOnlyObjectProperty<RunReport> reportProperty() { return report.getReadOnlyProperty(); }
    public BooleanBinding exportDisabledProperty() { return exportDisabled; }
    public ReadOnlyBooleanProperty exportingProperty() { return exporting.getReadOnlyProperty(); }
    /** Empty, or the files the last export wrote. */
    public ReadOnlyStringProperty exportMessageProperty() { return exportMessage.getReadOnlyProperty(); }

    /** Clears the error message (the user dismissed it). */
    public void clearError() {
        error.set("");
    }
}
