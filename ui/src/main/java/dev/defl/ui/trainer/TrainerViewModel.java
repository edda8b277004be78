package dev.defl.ui.trainer;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.runs.RunParams;
import dev.defl.engine.runs.RunRecord;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.ExperimentRunners;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.run.FirstStart;
import dev.defl.ui.run.RunObserver;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

import java.util.Objects;

/**
 * The Trainer pane's view-models, wired together: {@link DatasetViewModel} (load, preview, publish),
 * {@link ExperimentFormViewModel} (model, strategy, numbers, partition, device), {@link RunControlViewModel} (run,
 * pause, stop, throughput, export) and {@link CurvesViewModel} (live curves), sharing one {@link TrainerStatus}
 * (running, the error and step lines). Holds no controls; UI thread only.
 */
public final class TrainerViewModel {

    private final TrainerStatus status = new TrainerStatus();
    private final DatasetViewModel dataset;
    private final ExperimentFormViewModel form;
    private final CurvesViewModel curves = new CurvesViewModel();
    private final RunControlViewModel runControl;
    private final WelcomeViewModel welcome;

    /**
     * A Trainer without a content store (Publish is disabled) whose runner ignores the device picker.
     *
     * @see #TrainerViewModel(DatasetLoader, ExperimentRunners, ContentStore, TaskExecutor, RunObserver)
     */
    public TrainerViewModel(DatasetLoader loader, ExperimentRunner runner, TaskExecutor tasks, RunObserver observer) {
        this(loader, ExperimentRunners.always(runner), null, tasks, observer);
    }

    /**
     * @param loader   loads datasets with the form's reading options (called on the background executor)
     * @param runners  make the runner for the picked compute device (called on the background executor); the run trains
     *                 the model picked on the form
     * @param content  where "Publish to IPFS" adds the loaded dataset, or null to offer no publishing; the loader
     *                 should read {@code cid:<CID>} specs from the same store
     * @param tasks    background and UI executors
     * @param observer also receives every run event, on the UI thread (the round timeline)
     */
    public TrainerViewModel(DatasetLoader loader, ExperimentRunners runners, ContentStore content, TaskExecutor tasks,
                            RunObserver observer) {
        this(loader, runners, content, tasks, observer, null);
    }

    /**
     * As {@link #TrainerViewModel(DatasetLoader, ExperimentRunners, ContentStore, TaskExecutor, RunObserver)}, with
     * a first-start welcome.
     *
     * @param firstStart whether to show the first-start welcome, and where starting runs are recorded; null shows
     *                   no welcome
     */
    public TrainerViewModel(DatasetLoader loader, ExperimentRunners runners, ContentStore content, TaskExecutor tasks,
                            RunObserver observer, FirstStart firstStart) {
        Objects.requireNonNull(tasks, "tasks");
        dataset = new DatasetViewModel(loader, content, tasks, status);
        form = new ExperimentFormViewModel(dataset.datasetProperty(), status, tasks);
        runControl = new RunControlViewModel(runners, tasks, observer, status, dataset, form, curves);
        if (firstStart != null) runControl.recordRunsIn(firstStart.history());
        welcome = new WelcomeViewModel(firstStart, tasks, dataset, form, runControl);
        dataset.onLoaded(split -> {
            form.followDataset(split);
            curves.followDataset(split.train().isRegression());
        }, split -> form.refreshPartitionPreview());
    }

    public DatasetViewModel dataset() { return dataset; }
    public ExperimentFormViewModel form() { return form; }
    public RunControlViewModel runControl() { return runControl; }
    public CurvesViewModel curves() { return curves; }
    public WelcomeViewModel welcome() { return welcome; }

    /**
     * Comes back as the last session left it, from a recorded run (the run database's latest experiment): the form
     * takes its settings, its built-in dataset (or its dataset by CID from the content store) is loaded, and the
     * curves show its epochs and rounds. Nothing is changed once a run started here; a dataset loaded (or loading)
     * already stays.
     */
    public void restore(RunRecord run) {
        if (run == null || status.runningProperty().get()) return;
        RunParams p = run.summary().params();
        form.restore(p);
        curves.restore(run);
        if (dataset.datasetProperty().get() != null || dataset.loadingProperty().get()) return;
        String name = p.datasetName();
        if (name != null && DatasetViewModel.BUILT_IN_DATASETS.contains(name)) dataset.loadDataset(name);
        else if (p.datasetCid() != null) dataset.loadDataset(DatasetViewModel.CID_PREFIX + p.datasetCid());
    }

    /** Empty, or the last load, publish, run or export failure with the exception's message. */
    public ReadOnlyStringProperty errorProperty() { return status.errorProperty(); }
    /** The last step: a load or the run's progress text. */
    public ReadOnlyStringProperty stepProperty() { return status.stepProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return status.runningProperty(); }
    public ReadOnlyBooleanProperty pausedProperty() { return status.pausedProperty(); }

    /** Clears the error message (the user dismissed it). */
    public void clearError() {
        status.clearError();
    }

    /** Stops a run under way (the window closes). */
    public void stop() {
        runControl.stop();
    }
}
