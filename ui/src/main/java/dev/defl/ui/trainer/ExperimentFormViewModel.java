package dev.defl.ui.trainer;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.PartitionSummary;
import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.runs.RunParams;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static dev.defl.ui.trainer.TrainerStatus.messageOf;

/**
 * The Trainer's experiment form: model, aggregation strategy and its hyper-parameters, the experiment numbers
 * ({@link ConfigField}), partition and compute device, their validation, and the partition preview of the loaded
 * dataset (computed on the background executor). Holds no controls; all methods are called on the UI thread.
 */
public final class ExperimentFormViewModel {

    /** Devices the device picker offers, {@link ComputeDevice#resolve} requests. */
    public static final List<String> DEVICES = List.of(ComputeDevice.CPU, ComputeDevice.CUDA, ComputeDevice.AUTO);
    /** The aggregation strategies' names, as {@link #strategyNameProperty()} takes them ({@code StrategySpec.NAMES}). */
    public static final List<String> STRATEGIES = StrategySpec.NAMES;

    private final ReadOnlyObjectProperty<DatasetSplit> dataset;
    private final TrainerStatus status;
    private final TaskExecutor tasks;

    private final Map<ConfigField, StringProperty> fields = new EnumMap<>(ConfigField.class);
    private final Map<ConfigField, BooleanBinding> fieldValid = new EnumMap<>(ConfigField.class);
    private final ObjectProperty<ModelKind> modelKind = new SimpleObjectProperty<>(ModelKind.MLP);
    private final StringProperty deviceChoice = new SimpleStringProperty(ComputeDevice.CPU);
    private final StringProperty strategyName = new SimpleStringProperty("fedavg");
    private final Map<StrategyField, StringProperty> strategyFields = new EnumMap<>(StrategyField.class);
    private final Map<StrategyField, BooleanBinding> strategyFieldVisible = new EnumMap<>(StrategyField.class);
    private final Map<StrategyField, BooleanBinding> strategyFieldValid = new EnumMap<>(StrategyField.class);
    private final StringBinding validationMessage;
    private final PrivacyFields privacy = new PrivacyFields();

    private final StringProperty partitionKind = new SimpleStringProperty("iid");
    private final StringProperty alpha = new SimpleStringProperty(String.valueOf(Partitioner.DEFAULT_ALPHA));
    private final StringProperty minPartitionSize =
            new SimpleStringProperty(String.valueOf(Partitioner.DEFAULT_MIN_PARTITION_SIZE));
    private final ReadOnlyObjectWrapper<PartitionCounts> partitionPreview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper partitionText = new ReadOnlyStringWrapper("");
    private long partitionRequest;

    /**
     * @param dataset the loaded dataset (the model must fit it; the partition preview splits it)
     * @param status  the Trainer's shared state (the form is locked while a run is under way)
     * @param tasks   background and UI executors (the partition preview)
     */
    public ExperimentFormViewModel(ReadOnlyObjectProperty<DatasetSplit> dataset, TrainerStatus status,
                                   TaskExecutor tasks) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.status = Objects.requireNonNull(status, "status");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
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
        // the partition preview follows every setting it depends on (computed off the UI thread)
        for (Observable o : List.of(fields.get(ConfigField.CLIENTS), fields.get(ConfigField.SEED),
                partitionKind, alpha, minPartitionSize)) {
            o.addListener(x -> refreshPartitionPreview());
        }
    }

    private Observable[] dependencies() {
        List<Observable> all = new ArrayList<>(fields.values());
        all.addAll(strategyFields.values());
        all.addAll(List.of(partitionKind, alpha, minPartitionSize, strategyName, modelKind, dataset, deviceChoice));
        all.addAll(privacy.observables());
        return all.toArray(Observable[]::new);
    }

    /** The picker follows a newly loaded dataset's kind of target; a fitting pick stays. */
    void followDataset(DatasetSplit split) {
        boolean reg = split.train().isRegression();
        ModelKind picked = modelKind.get();
        if (picked == null || picked.isRegression() != reg) modelKind.set(reg ? ModelKind.MLP_REG : ModelKind.MLP);
    }

    // ---- last-used settings -----------------------------------------------------------------------

    /**
     * Takes the settings of a recorded run (after a restart, the latest run's: the last-used settings): model,
     * strategy and its hyper-parameters, N, C, M, rounds, E, B, learning rate, seed, partition and client-level DP
     * (C, z, δ, adaptive clipping's γ; DP is switched off for a run without it). Values the run
     * lacks stay as they are; the attack and the device are not restored (a restart starts clean, on the CPU unless
     * picked). Does nothing while a run is under way.
     */
    public void restore(RunParams p) {
        if (p == null || status.runningProperty().get()) return;
        restoreField(ConfigField.CLIENTS, p.clients());
        restoreField(ConfigField.CLIENT_FRACTION, p.clientFraction());
        restoreField(ConfigField.AGGREGATORS, p.aggregators());
        restoreField(ConfigField.ROUNDS, p.rounds());
        restoreField(ConfigField.LOCAL_EPOCHS, p.localEpochs());
        restoreField(ConfigField.BATCH_SIZE, p.batchSize());
        restoreField(ConfigField.LEARNING_RATE, p.learningRate());
        restoreField(ConfigField.SEED, p.seed());
        if (p.model() != null) {
            try {
                modelKind.set(ModelKind.parse(p.model()));
            } catch (IllegalArgumentException e) {
                // an architecture the picker does not offer: keep the pick
            }
        }
        try {
            StrategySpec.fromTaskSpec(p.strategyParams()).ifPresent(spec -> {
                strategyName.set(spec.name());
                for (StrategyField f : StrategyField.values()) strategyFields.get(f).set(f.text(spec));
            });
        } catch (IllegalArgumentException e) {
            if (p.strategy() != null && STRATEGIES.contains(p.strategy())) strategyName.set(p.strategy());
        }
        restorePartition(p.partition());
        privacy.restore(p.dpClip(), p.dpNoise(), p.dpDelta(), p.dpTargetQuantile());
    }

    private void restoreField(ConfigField f, Number value) {
        if (value == null) return;
        fields.get(f).set(value instanceof Double d && d == Math.rint(d) && f != ConfigField.LEARNING_RATE
                && f != ConfigField.CLIENT_FRACTION ? String.valueOf(d.longValue()) : value.toString());
    }

    private static final java.util.regex.Pattern ALPHA = java.util.regex.Pattern.compile("α=([0-9.eE+-]+)");
    private static final java.util.regex.Pattern MIN_ROWS = java.util.regex.Pattern.compile("min (\\d+) rows");

    /** The partition kind and parameters back from a {@link Partitioner#describe()} text; unknown text is ignored. */
    private void restorePartition(String described) {
        if (described == null) return;
        String d = described.toLowerCase(Locale.ROOT);
        String kind = d.startsWith("iid") ? "iid" : d.startsWith("dirichlet") ? "dirichlet"
                : d.contains("shards") ? "shards" : d.startsWith("quantity") ? "quantity" : null;
        if (kind == null) return;
        var a = ALPHA.matcher(described);
        if (a.find()) alpha.set(a.group(1));
        var m = MIN_ROWS.matcher(described);
        if (m.find()) minPartitionSize.set(m.group(1));
        partitionKind.set(kind);
    }

    // ---- model, device, strategy ------------------------------------------------------------------

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
        double[] v = new double[StrategyField.values().length];
        for (StrategyField f : StrategyField.values()) {
            v[f.ordinal()] = f.usedBy(name) ? f.parse(strategyFields.get(f).get()) : f.valueIn(d);
        }
        try {
            return new StrategySpec(name, v[0], v[1], v[2], (int) v[3], (int) v[4], v[5], v[6]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Strategy " + name + ": " + e.getMessage(), e);
        }
    }

    // ---- partition --------------------------------------------------------------------------------

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
    public ReadOnlyObjectProperty<PartitionCounts> partitionPreviewProperty() {
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
                        partitionPreview.set(PartitionCounts.of(s));
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

    // ---- experiment numbers -----------------------------------------------------------------------

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
     * The experiment described by the form: its numbers, partition, aggregation strategy and client-level DP.
     *
     * @throws IllegalArgumentException naming the first field that is not a number or out of range
     */
    public ExperimentConfig config() {
        ExperimentConfig base = baseConfig();
        StrategySpec strategy = strategySpec();
        if (java.util.Set.of("krum", "multi-krum", "bulyan").contains(strategy.name())) {
            // the declared bound f must be one the rule can tolerate in a round of n updates (n >= 2f + 3, 4f + 3)
            try {
                strategy.checkTolerates(strategy.krumF(), base.clientsPerRound());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Strategy " + strategy.name() + ": " + e.getMessage(), e);
            }
        }
        return base.withStrategy(strategy).withDp(privacy.setting());
    }

    /** The client-level differential privacy fields (off at first); a run with DP on gets {@code withDp}. */
    public PrivacyFields privacy() {
        return privacy;
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

    /** Whether a run is under way (the form is locked then). */
    public ReadOnlyBooleanProperty runningProperty() {
        return status.runningProperty();
    }
}
