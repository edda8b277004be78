package dev.defl.ui.trainer;

import dev.defl.engine.learning.ModelKind;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.EnumMap;
import java.util.Map;

import static dev.defl.ui.trainer.FormControls.formGrid;
import static dev.defl.ui.trainer.FormControls.formLabel;
import static dev.defl.ui.trainer.FormControls.idOf;
import static dev.defl.ui.trainer.FormControls.markValidity;
import static dev.defl.ui.trainer.FormControls.sectionTitle;

/**
 * The Trainer form's model and aggregation (with only the hyper-parameters the strategy uses) and experiment
 * sections: the numbers, client fraction and attack ({@link ConfigField}), partition and compute device; locked
 * while a run is under way. Binds to {@link ExperimentFormViewModel} while active.
 */
public final class ExperimentFormView extends ActivatablePane {

    private final ExperimentFormViewModel model;
    private final VBox root;
    private final Map<ConfigField, TextField> inputs = new EnumMap<>(ConfigField.class);
    private final Map<StrategyField, TextField> strategyInputs = new EnumMap<>(StrategyField.class);
    private final Map<StrategyField, Label> strategyLabels = new EnumMap<>(StrategyField.class);
    private final GridPane strategyGrid = formGrid();
    private final ComboBox<ModelKind> modelKind = new ComboBox<>(FXCollections.observableArrayList(ModelKind.values()));
    private final Label modelDescription = new Label();
    private final ComboBox<String> strategyKind = new ComboBox<>(FXCollections.observableArrayList(ExperimentFormViewModel.STRATEGIES));
    private final Label strategyDescription = new Label();
    private final ComboBox<String> partition = new ComboBox<>(FXCollections.observableArrayList("iid", "dirichlet",
            "shards", "quantity"));
    private final TextField alphaField = new TextField();
    private final TextField minField = new TextField();
    private final CheckBox dpEnabled = new CheckBox("Client-level DP (DP-FedAvg)");
    private final TextField dpClip = new TextField();
    private final TextField dpNoise = new TextField();
    private final TextField dpDelta = new TextField();
    private final CheckBox dpAdaptive = new CheckBox("Adaptive clipping");
    private final TextField dpQuantile = new TextField();
    private final ComboBox<String> deviceKind = new ComboBox<>(FXCollections.observableArrayList(ExperimentFormViewModel.DEVICES));

    public ExperimentFormView(ExperimentFormViewModel model) {
        this.model = model;
        root = new VBox(10, sectionTitle("Model and aggregation"), buildModel(), modelDescription, buildStrategyPick(),
                strategyDescription, strategyGrid, sectionTitle("Experiment"), buildExperiment(),
                sectionTitle("Differential privacy"), buildPrivacy());
    }

    /** The two sections, stacked. */
    public Node root() {
        return root;
    }

    private Node buildModel() {
        GridPane modelGrid = formGrid();
        modelKind.setId("modelKind");
        modelKind.setMaxWidth(Double.MAX_VALUE);
        modelKind.setConverter(new StringConverter<>() {
            @Override
            public String toString(ModelKind k) {
                return k == null ? "" : switch (k) {
                    case LOGREG -> "Logistic regr. (logreg)";
                    case MLP -> "2NN perceptron (mlp)";
                    case CNN -> "CNN (cnn)";
                    case LINREG -> "Linear regr. (linreg)";
                    case MLP_REG -> "MLP regressor (mlp-reg)";
                };
            }

            @Override
            public ModelKind fromString(String s) {
                return ModelKind.parse(s);
            }
        });
        modelGrid.addRow(0, formLabel("M_odel", modelKind), modelKind);
        modelDescription.setId("modelDescription");
        modelDescription.getStyleClass().addAll("muted", "description");
        modelDescription.setWrapText(true);
        return modelGrid;
    }

    private Node buildStrategyPick() {
        GridPane strategyPick = formGrid();
        strategyKind.setId("strategyKind");
        strategyKind.setMaxWidth(Double.MAX_VALUE);
        strategyPick.addRow(0, formLabel("A_ggregation", strategyKind), strategyKind);
        strategyDescription.setId("strategyDescription");
        strategyDescription.getStyleClass().addAll("muted", "description");
        strategyDescription.setWrapText(true);
        for (StrategyField f : StrategyField.values()) {
            TextField input = new TextField();
            input.setId(idOf(f));
            input.setPrefColumnCount(8);
            input.setTooltip(new Tooltip(f.help()));
            strategyInputs.put(f, input);
            strategyLabels.put(f, formLabel(f.label(), input));
        }
        strategyGrid.setId("strategyParameters");
        return strategyPick;
    }

    /** The experiment numbers, partition and device. */
    private Node buildExperiment() {
        GridPane form = formGrid();
        int row = 0;
        for (ConfigField f : ConfigField.values()) {
            TextField input = new TextField();
            input.setId(idOf(f));
            input.setPrefColumnCount(8);
            input.setTooltip(new Tooltip(f.help()));
            input.setPromptText(f.prompt());
            input.setAccessibleHelp(f.help());
            form.addRow(row++, formLabel(f.label(), input), input);
            inputs.put(f, input);
        }
        partition.setId("partitionKind");
        partition.setMaxWidth(Double.MAX_VALUE);
        partition.setConverter(new StringConverter<>() {
            @Override
            public String toString(String kind) {
                return kind == null ? "" : switch (kind) {
                    case "dirichlet" -> "Dirichlet label skew (α)";
                    case "shards" -> "Pathological shards, 2 per client";
                    case "quantity" -> "Quantity skew (α)";
                    default -> "IID";
                };
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        form.addRow(row++, formLabel("Partitio_n", partition), partition);
        alphaField.setId("alphaField");
        alphaField.setTooltip(new Tooltip("Dirichlet concentration: smaller α = more skew (0.1 very skewed, 100 ≈ IID)"));
        alphaField.setPromptText("smaller α = more skew");
        minField.setId("minPartitionSizeField");
        form.addRow(row++, formLabel("Dirichlet α", alphaField), alphaField);
        form.addRow(row++, formLabel("Min rows/client", minField), minField);
        deviceKind.setId("deviceKind");
        deviceKind.setMaxWidth(Double.MAX_VALUE);
        deviceKind.setTooltip(new Tooltip("Where clients train and the evaluator scores: cuda falls back to the CPU "
                + "(with a warning) when PyTorch sees no GPU"));
        deviceKind.setConverter(new StringConverter<>() {
            @Override
            public String toString(String d) {
                return d == null ? "" : switch (d) {
                    case "cuda" -> "CUDA GPU (cuda)";
                    case "auto" -> "GPU if visible, else CPU (auto)";
                    default -> "CPU (cpu)";
                };
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        form.addRow(row, formLabel("De_vice", deviceKind), deviceKind);
        return form;
    }

    /**
     * The client-level DP switch, C, z and δ, the adaptive clipping switch and γ, and a one-line hint. The fields are
     * always laid out (greyed while DP, or adaptive clipping for γ, is off), so switching never moves the form; their
     * problems show in the run panel's fixed slot.
     */
    private Node buildPrivacy() {
        dpEnabled.setId("dpEnabled");
        dpEnabled.setTooltip(new Tooltip("Each client clips its update and adds Gaussian noise; the run reports ε per round"));
        GridPane grid = formGrid();
        int row = 0;
        dpAdaptive.setId("dpAdaptive");
        dpAdaptive.setTooltip(new Tooltip("C starts at the value above and moves each round towards the target quantile "
                + "of the clients' update norms (Andrew et al. 2021); the updates' noise grows by at most 15 % to pay for it"));
        for (var f : java.util.List.of(
                new Object[] {dpClip, "dpClipField", "Clip norm C", "L2 bound C on a client's update delta (> 0); with "
                        + "adaptive clipping the initial C"},
                new Object[] {dpNoise, "dpNoiseField", "Noise multiplier z", "Noise standard deviation z·C/√m per coordinate (≥ 0; 0: clipping only, ε infinite)"},
                new Object[] {dpDelta, "dpDeltaField", "DP δ", "δ of the reported (ε, δ) guarantee, in (0, 1)"},
                new Object[] {dpQuantile, "dpQuantileField", "Target quantile γ", "Adaptive clipping: the fraction of "
                        + "client updates C should leave unclipped, in [0, 1] (0.5: the median norm)"})) {
            TextField input = (TextField) f[0];
            input.setId((String) f[1]);
            input.setPrefColumnCount(8);
            input.setTooltip(new Tooltip((String) f[3]));
            input.setAccessibleHelp((String) f[3]);
            if (input == dpQuantile) grid.addRow(row++, new Label(), dpAdaptive); // the switch just above its γ
            grid.addRow(row++, formLabel((String) f[2], input), input);
        }
        Label hint = new Label("Each client clips its update to C and adds Gaussian noise z·C/√m; ε is reported per round.");
        hint.setId("dpHint");
        hint.getStyleClass().addAll("muted", "description");
        hint.setWrapText(true);
        return new VBox(6, dpEnabled, grid, hint);
    }

    /** Shows only the rows of the hyper-parameters the picked strategy uses (no empty gaps in the grid). */
    private void layoutStrategyFields() {
        strategyGrid.getChildren().clear();
        int row = 0;
        for (StrategyField f : StrategyField.values()) {
            if (model.strategyFieldVisible(f).get()) {
                strategyGrid.addRow(row++, strategyLabels.get(f), strategyInputs.get(f));
            }
        }
        strategyGrid.setVisible(row > 0);
        strategyGrid.setManaged(row > 0);
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    protected void attach(Subscriptions subs) {
        var running = model.runningProperty();
        for (Map.Entry<ConfigField, TextField> e : inputs.entrySet()) {
            TextField input = e.getValue();
            subs.bindBidirectional(input.textProperty(), model.field(e.getKey()));
            markValidity(input, model.fieldValid(e.getKey()).get());
            subs.listen(model.fieldValid(e.getKey()), (obs, old, ok) -> markValidity(input, ok));
            subs.bind(input.disableProperty(), running);
        }
        for (Map.Entry<StrategyField, TextField> e : strategyInputs.entrySet()) {
            TextField input = e.getValue();
            subs.bindBidirectional(input.textProperty(), model.strategyField(e.getKey()));
            markValidity(input, model.strategyFieldValid(e.getKey()).get());
            subs.listen(model.strategyFieldValid(e.getKey()), (obs, old, ok) -> markValidity(input, ok));
            subs.bind(input.disableProperty(), running);
        }
        subs.bindBidirectional(modelKind.valueProperty(), model.modelKindProperty());
        subs.bind(modelKind.disableProperty(), running);
        subs.bind(modelDescription.textProperty(), Bindings.createStringBinding(
                () -> ExperimentFormViewModel.describe(model.modelKindProperty().get()), model.modelKindProperty()));
        subs.bindBidirectional(strategyKind.valueProperty(), model.strategyNameProperty());
        subs.bind(strategyKind.disableProperty(), running);
        subs.bind(strategyDescription.textProperty(), Bindings.createStringBinding(
                () -> StrategyField.describe(model.strategyNameProperty().get()), model.strategyNameProperty()));
        subs.listen(model.strategyNameProperty(), (obs, old, now) -> layoutStrategyFields());
        layoutStrategyFields();

        subs.bindBidirectional(partition.valueProperty(), model.partitionKindProperty());
        subs.bind(partition.disableProperty(), running);
        subs.bindBidirectional(alphaField.textProperty(), model.alphaProperty());
        subs.bindBidirectional(minField.textProperty(), model.minPartitionSizeProperty());
        var usesAlpha = Bindings.createBooleanBinding(() -> {
            String kind = model.partitionKindProperty().get();
            return "dirichlet".equals(kind) || "quantity".equals(kind);
        }, model.partitionKindProperty());
        subs.bind(alphaField.disableProperty(), usesAlpha.not().or(running));
        subs.bind(minField.disableProperty(), usesAlpha.not().or(running));
        var privacy = model.privacy();
        subs.bindBidirectional(dpEnabled.selectedProperty(), privacy.enabledProperty());
        subs.bind(dpEnabled.disableProperty(), running);
        bindPrivacyField(subs, dpClip, privacy.clipProperty(), privacy.clipValid(), privacy.enabledProperty().not().or(running));
        bindPrivacyField(subs, dpNoise, privacy.noiseProperty(), privacy.noiseValid(), privacy.enabledProperty().not().or(running));
        bindPrivacyField(subs, dpDelta, privacy.deltaProperty(), privacy.deltaValid(), privacy.enabledProperty().not().or(running));
        subs.bindBidirectional(dpAdaptive.selectedProperty(), privacy.adaptiveProperty());
        subs.bind(dpAdaptive.disableProperty(), privacy.enabledProperty().not().or(running));
        bindPrivacyField(subs, dpQuantile, privacy.quantileProperty(), privacy.quantileValid(),
                privacy.enabledProperty().not().or(privacy.adaptiveProperty().not()).or(running));
        subs.bindBidirectional(deviceKind.valueProperty(), model.deviceChoiceProperty());
        subs.bind(deviceKind.disableProperty(), running);
    }

    private static void bindPrivacyField(Subscriptions subs, TextField input, javafx.beans.property.StringProperty text,
                                         javafx.beans.binding.BooleanBinding valid,
                                         javafx.beans.value.ObservableBooleanValue disabled) {
        subs.bindBidirectional(input.textProperty(), text);
        markValidity(input, valid.get());
        subs.listen(valid, (obs, old, ok) -> markValidity(input, ok));
        subs.bind(input.disableProperty(), disabled);
    }
}
