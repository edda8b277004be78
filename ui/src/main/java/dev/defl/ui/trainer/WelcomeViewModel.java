package dev.defl.ui.trainer;

import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.ModelKind;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.run.FirstStart;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.Objects;

/**
 * The Trainer's first-start welcome: shown while no run was ever started here and the user has not dismissed it
 * ({@link FirstStart}, read on the background executor), it offers a sample experiment in one click: the built-in
 * {@value #SAMPLE_DATASET} dataset, {@value #SAMPLE_CLIENTS} clients, {@value #SAMPLE_ROUNDS} rounds, the default
 * model and FedAvg on the CPU. Holds no controls; UI thread only.
 */
public final class WelcomeViewModel {

    /** The sample experiment's dataset (built in). */
    public static final String SAMPLE_DATASET = "digits";
    /** The sample experiment's clients N. */
    public static final int SAMPLE_CLIENTS = 3;
    /** The sample experiment's rounds. */
    public static final int SAMPLE_ROUNDS = 2;

    private final FirstStart firstStart;
    private final TaskExecutor tasks;
    private final DatasetViewModel dataset;
    private final ExperimentFormViewModel form;
    private final RunControlViewModel runControl;
    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding sampleDisabled;

    /**
     * @param firstStart whether to show the welcome, or null for a Trainer that never shows it
     */
    WelcomeViewModel(FirstStart firstStart, TaskExecutor tasks, DatasetViewModel dataset, ExperimentFormViewModel form,
                     RunControlViewModel runControl) {
        this.firstStart = firstStart;
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.form = Objects.requireNonNull(form, "form");
        this.runControl = Objects.requireNonNull(runControl, "runControl");
        sampleDisabled = runControl.runningProperty().or(dataset.loadingProperty());
        if (firstStart != null) {
            tasks.execute(BackgroundTask.of(firstStart::welcomeWanted).onSuccess(shown::set));
        }
    }

    /** Whether the welcome is shown (false until the background read says so). */
    public ReadOnlyBooleanProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The sample cannot start while a run is under way or a dataset loads. */
    public BooleanBinding sampleDisabledProperty() {
        return sampleDisabled;
    }

    /** Hides the welcome and remembers it (written on the background executor). */
    public void dismiss() {
        shown.set(false);
        if (firstStart != null) tasks.execute(BackgroundTask.of(() -> {
            firstStart.dismissWelcome();
            return null;
        }));
    }

    /**
     * Sets the form to the sample experiment, loads {@value #SAMPLE_DATASET} unless it is the dataset loaded now, and
     * starts the run once it is loaded. The welcome stays, pointing at the panes to watch, until dismissed.
     */
    public void runSample() {
        if (sampleDisabled.get()) return;
        sampleForm();
        if (SAMPLE_DATASET.equals(dataset.datasetSpecProperty().get()) && dataset.datasetProperty().get() != null) {
            runControl.run();
        } else {
            dataset.loadDataset(SAMPLE_DATASET, () -> {
                sampleForm(); // the model picker follows the loaded dataset: set it again
                runControl.run();
            });
        }
    }

    private void sampleForm() {
        for (ConfigField f : ConfigField.values()) form.field(f).set(f.defaultText());
        form.field(ConfigField.CLIENTS).set(String.valueOf(SAMPLE_CLIENTS));
        form.field(ConfigField.ROUNDS).set(String.valueOf(SAMPLE_ROUNDS));
        form.modelKindProperty().set(ModelKind.MLP);
        form.strategyNameProperty().set("fedavg");
        form.partitionKindProperty().set("iid");
        form.deviceChoiceProperty().set(ComputeDevice.CPU);
    }
}
