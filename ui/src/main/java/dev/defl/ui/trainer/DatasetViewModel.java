package dev.defl.ui.trainer;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.CsvDatasetReader;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetPublisher;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import static dev.defl.ui.trainer.TrainerStatus.messageOf;

/**
 * The Trainer's dataset: the reading options ({@link DatasetOptions}), loading a built-in dataset, a file, a folder
 * or a published one on the background executor, its summary for the preview, and publishing it to the content
 * store. Holds no controls; all methods are called on the UI thread.
 */
public final class DatasetViewModel {

    /** What names a dataset by its manifest CID where a dataset is asked for: {@code cid:<CID>} ({@code Datasets.CID_PREFIX}). */
    public static final String CID_PREFIX = Datasets.CID_PREFIX;

    /** Built-in datasets the dataset combo offers. */
    public static final List<String> BUILT_IN_DATASETS = List.of("digits", "boston", "fashion-mnist");

    private final DatasetLoader loader;
    private final ContentStore content;
    private final TaskExecutor tasks;
    private final TrainerStatus status;

    private final ReadOnlyObjectWrapper<DatasetSplit> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatasetPreview> preview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DatasetSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper datasetSpec = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper regression = new ReadOnlyBooleanWrapper();
    private long loadRequest;
    private Consumer<DatasetSplit> beforeShown = split -> {};
    private Consumer<DatasetSplit> afterShown = split -> {};

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

    /**
     * @param loader  loads datasets with the form's {@link DatasetOptions} (called on the background executor)
     * @param content where "Publish to IPFS" adds the loaded dataset ({@link DatasetPublisher}), or null to offer no
     *                publishing; the loader should read {@code cid:<CID>} specs from the same store
     * @param tasks   background and UI executors
     * @param status  the Trainer's shared state (no load while a run is under way; errors and steps go there)
     */
    public DatasetViewModel(DatasetLoader loader, ContentStore content, TaskExecutor tasks, TrainerStatus status) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.content = content;
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.status = Objects.requireNonNull(status, "status");
        publishDisabled = status.runningProperty().or(loading).or(publishing).or(dataset.isNull())
                .or(Bindings.createBooleanBinding(() -> content == null));
        imageSizeValid = Bindings.createBooleanBinding(() -> imageSizeError() == null, imageSize);
        // a changed reading option re-reads the loaded file or folder (built-in and published datasets ignore them)
        // (change listeners: an invalidation listener would miss changes while nothing reads the option)
        targetColumn.addListener((obs, old, now) -> reloadDataset());
        task.addListener((obs, old, now) -> reloadDataset());
        missing.addListener((obs, old, now) -> reloadDataset());
        imageSize.addListener((obs, old, now) -> reloadDataset());
        imageChannels.addListener((obs, old, now) -> reloadDataset());
    }

    /**
     * What the other sub-panes do when a dataset has loaded: {@code beforeShown} before {@link #datasetProperty()}
     * changes (the model picker follows the target's kind), {@code afterShown} once it and the summary are set
     * (the partition preview follows).
     */
    void onLoaded(Consumer<DatasetSplit> beforeShown, Consumer<DatasetSplit> afterShown) {
        this.beforeShown = Objects.requireNonNull(beforeShown);
        this.afterShown = Objects.requireNonNull(afterShown);
    }

    // ---- reading options --------------------------------------------------------------------------

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

    /** Names of the feature columns of {@code data} for the preview table (empty when they have none). */
    public static List<String> featureNames(LabeledDataset data) {
        return CsvDatasetReader.featureNames(data.preprocessing(), data.numFeatures());
    }

    // ---- loading ----------------------------------------------------------------------------------

    /** Re-reads the loaded dataset with the current options when they apply to it (a file or folder). */
    private void reloadDataset() {
        String spec = datasetSpec.get();
        if (status.isRunning() || !readsOptions(spec)) return;
        loadDataset(spec);
    }

    /**
     * Loads {@code spec} ("digits", "boston", "fashion-mnist", a file or a folder path, or {@code cid:<CID>} of a
     * published dataset) with {@link #datasetOptions()} on the background executor. The current dataset stays until
     * the new one has loaded completely; a failure leaves it in place and shows the loader's message. A newer load
     * supersedes an older one still under way.
     */
    public void loadDataset(String spec) {
        loadDataset(spec, () -> {});
    }

    /**
     * As {@link #loadDataset(String)}, then {@code then} on the UI thread once this load has succeeded (not after a
     * failure, nor when a newer load superseded it): the welcome's sample run starts this way.
     */
    public void loadDataset(String spec, Runnable then) {
        Objects.requireNonNull(then, "then");
        if (status.isRunning()) {
            status.setError("Stop the run before loading another dataset.");
            return;
        }
        if (spec == null || spec.isBlank()) {
            status.setError("Name a dataset: digits, boston, fashion-mnist, a file or folder, or cid:<CID>.");
            return;
        }
        String s = spec.strip();
        DatasetOptions options;
        try {
            options = datasetOptions();
        } catch (IllegalArgumentException e) {
            status.setError("Dataset options: " + e.getMessage());
            return;
        }
        long id = ++loadRequest;
        boolean[] succeeded = {false};
        tasks.execute(BackgroundTask.of(() -> Objects.requireNonNull(loader.load(s, options),
                        "the dataset loader returned no dataset for " + s))
                .onRunning(() -> {
                    loading.set(true);
                    status.setError("");
                    status.setStep("Loading " + s + " …");
                })
                .onSuccess(split -> {
                    if (id != loadRequest) return;
                    loaded(s, split);
                    succeeded[0] = true;
                })
                .onException(failure -> {
                    if (id != loadRequest) return;
                    status.setError("Could not load dataset " + s + ": " + messageOf(failure));
                    status.setStep(dataset.get() == null ? "Idle" : "Kept " + dataset.get().train().name());
                })
                .onFinished(() -> {
                    if (id != loadRequest) return;
                    loading.set(false);
                    if (succeeded[0]) then.run(); // once no longer loading: Run may be enabled now
                }));
    }

    private void loaded(String spec, DatasetSplit split) {
        beforeShown.accept(split);
        regression.set(split.train().isRegression());
        preview.set(DatasetPreview.of(split));
        datasetSpec.set(spec); // before the dataset: who follows the dataset reads the spec it came from
        dataset.set(split);
        summary.set(preview.get().summary());
        if (!publishedCid.get().isEmpty() && !spec.equals(Datasets.CID_PREFIX + publishedCid.get())
                && !spec.equals(publishedCid.get())) {
            publishedCid.set("");
            publishMessage.set("");
        }
        status.setStep("Loaded " + split.train().name());
        afterShown.accept(split);
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
                    status.setError("");
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
                    status.setError("Could not publish " + split.train().name() + ": " + messageOf(failure));
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

    // ---- read-only state --------------------------------------------------------------------------

    public ReadOnlyObjectProperty<DatasetSplit> datasetProperty() { return dataset.getReadOnlyProperty(); }
    /** What the Dataset tab shows of {@link #datasetProperty()}: set just before it; null while none is loaded. */
    public ReadOnlyObjectProperty<DatasetPreview> previewProperty() { return preview.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DatasetSummary> summaryProperty() { return summary.getReadOnlyProperty(); }
    /** The spec the current dataset was loaded from, or empty. */
    public ReadOnlyStringProperty datasetSpecProperty() { return datasetSpec.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    /** Whether the loaded dataset has a real-valued target (regression). */
    public ReadOnlyBooleanProperty regressionProperty() { return regression.getReadOnlyProperty(); }
    /** Whether a run is under way (no load then). */
    public ReadOnlyBooleanProperty runningProperty() { return status.runningProperty(); }
    /** The last step (the loading row shows it while a load is under way). */
    public ReadOnlyStringProperty stepProperty() { return status.stepProperty(); }
}
