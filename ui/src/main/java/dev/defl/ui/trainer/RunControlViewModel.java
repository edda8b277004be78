package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunControl;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.protocol.RunReportExport;
import dev.defl.ui.ExperimentRunners;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.run.FirstStart;
import dev.defl.ui.run.PastRuns;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.run.UiThreadRunListener;
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

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import static dev.defl.ui.trainer.TrainerStatus.messageOf;

/**
 * The Trainer's run control: starting a run with the form's configuration on the loaded dataset, pausing and
 * stopping it, its progress, step, throughput and device, and exporting its report. Run events reach the curves and
 * the {@link RunObserver} (the round timeline) on the UI thread. Holds no controls; all methods are called on the
 * UI thread.
 */
public final class RunControlViewModel {

    private final ExperimentRunners runners;
    private final TaskExecutor tasks;
    private final RunObserver observer;
    private final TrainerStatus status;
    private final DatasetViewModel data;
    private final ExperimentFormViewModel form;
    private final CurvesViewModel curves;

    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final StringBinding statusLine;
    private final StringBinding runDisabledReason;
    private final BooleanBinding runDisabled;
    private PastRuns history = FirstStart.inMemory(false).history();
    /** Told of every run too (the Peers pane follows the run's task), after the observer given at construction. */
    private final List<RunObserver> extraObservers = new java.util.ArrayList<>();
    private final BooleanBinding stopDisabled;
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
    /** What became of the task of a run that did not finish, e.g. {@code task 3 marked abandoned on chain (block 42)}. */
    private String abandonedTask;

    private RunControl control = new RunControl();

    /**
     * @param runners  make the runner for the picked compute device (called on the background executor); the run
     *                 trains the model picked on the form
     * @param tasks    background and UI executors
     * @param observer also receives every run event, on the UI thread (the round timeline)
     * @param status   the Trainer's shared state; this view-model alone sets running and paused
     * @param data     the loaded dataset
     * @param form     the experiment the run carries out
     * @param curves   receives the run's client epochs and finalized rounds
     */
    public RunControlViewModel(ExperimentRunners runners, TaskExecutor tasks, RunObserver observer,
                               TrainerStatus status, DatasetViewModel data, ExperimentFormViewModel form,
                               CurvesViewModel curves) {
        this.runners = Objects.requireNonNull(runners, "runners");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.status = Objects.requireNonNull(status, "status");
        this.data = Objects.requireNonNull(data, "data");
        this.form = Objects.requireNonNull(form, "form");
        this.curves = Objects.requireNonNull(curves, "curves");
        ReadOnlyBooleanProperty running = status.runningProperty();
        runDisabledReason = Bindings.createStringBinding(() -> {
            if (running.get()) return "A run is in progress";
            if (data.loadingProperty().get()) return "Loading the dataset …";
            if (data.datasetProperty().get() == null) return "Load a dataset first";
            String problem = form.validationMessageProperty().get();
            return problem == null || problem.isEmpty() ? "" : "Fix: " + problem;
        }, running, data.loadingProperty(), data.datasetProperty(), form.validationMessageProperty());
        runDisabled = runDisabledReason.isNotEmpty();
        stopDisabled = running.not();
        exportDisabled = running.or(exporting).or(report.isNull());
        statusLine = Bindings.createStringBinding(() -> status.pausedProperty().get() ? "Paused"
                : status.stepProperty().get(), status.pausedProperty(), status.stepProperty());
    }

    /**
     * Tells {@code extra} of every run from now on, on the UI thread, as the observer given at construction is told
     * (the window's Peers pane follows the run's task this way).
     */
    public void addObserver(RunObserver extra) {
        extraObservers.add(Objects.requireNonNull(extra, "extra"));
    }

    /** Where a starting run is recorded (on the background thread), for the first-start welcome. */
    void recordRunsIn(PastRuns history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    // ---- run, pause, stop -------------------------------------------------------------------------

    /** Starts a run with the form's configuration on the background executor; no-op while run is disabled. */
    public void run() {
        if (runDisabled.get()) return;
        ExperimentConfig config;
        try {
            config = form.config();
        } catch (IllegalArgumentException e) {
            status.setError(e.getMessage());
            return;
        }
        DatasetSplit split = data.datasetProperty().get();
        ModelKind model = form.modelKindProperty().get();
        String deviceRequest = form.deviceChoiceProperty().get();
        RunControl runControl = new RunControl();
        control = runControl;
        List<RunListener> listeners = new java.util.ArrayList<>();
        listeners.add(new Events());
        listeners.add(observer);
        listeners.addAll(extraObservers);
        RunListener listener = new UiThreadRunListener(tasks.ui(), listeners);
        tasks.execute(BackgroundTask.of(() -> runWith(config, split, model, deviceRequest, listener, runControl))
                .onRunning(() -> {
                    status.setRunning(true);
                    status.setPaused(false);
                    status.setError("");
                    exportMessage.set("");
                    progress.set(0);
                    status.setStep(startLine(config, model, deviceRequest));
                    curves.beginRun(split.train().isRegression(), config.localEpochs(),
                            RunCaption.of(config, model, data.datasetSpecProperty().get()));
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
                    for (RunObserver extra : extraObservers) extra.begin(config);
                })
                .onSuccess(this::finished)
                .onException(failure -> {
                    report.set(partialReport());
                    String abandoned = abandonedTask == null ? "" : "; " + abandonedTask;
                    if (failure instanceof RunCancelledException) {
                        status.setStep("Stopped: " + messageOf(failure) + abandoned);
                    } else {
                        status.setError("Run failed: " + messageOf(failure));
                        status.setStep("Failed" + abandoned);
                    }
                })
                .onFinished(() -> {
                    status.setPaused(false);
                    status.setRunning(false);
                }));
    }

    /** Runs on the background executor: sets up the device (may load the PyTorch engine), then the run. */
    private RunReport runWith(ExperimentConfig config, DatasetSplit split, ModelKind model, String deviceRequest,
                              RunListener listener, BooleanSupplier cancelled) throws Exception {
        history.runStarted();
        ModelSpec spec = model.spec(split);
        ExperimentRunner runner = Objects.requireNonNull(runners.onDevice(deviceRequest),
                "no experiment runner for device " + deviceRequest);
        return runner.run(config, split, spec, listener, cancelled);
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
        if (config.attack().active()) b.append(", attack ").append(config.attack().describe());
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
        return new RunReport(startedChainId, startedContract, -1, List.copyOf(curves.globalRounds()));
    }

    /** Asks the running experiment to stop at its next poll (also when paused). */
    public void stop() {
        if (!status.isRunning()) return;
        control.stop();
        status.setPaused(false);
        status.setStep("Stopping after the current step …");
    }

    /** Holds the running experiment at its next poll (between batches or clients) until {@link #resume()}. */
    public void pause() {
        if (!status.isRunning() || status.pausedProperty().get()) return;
        control.pause();
        status.setPaused(true);
    }

    /** Lets a paused run go on. */
    public void resume() {
        if (!status.pausedProperty().get()) return;
        control.resume();
        status.setPaused(false);
    }

    /** {@link #pause()} when running, {@link #resume()} when paused: the Pause/Resume button. */
    public void togglePause() {
        if (status.pausedProperty().get()) resume();
        else pause();
    }

    private void finished(RunReport result) {
        progress.set(1);
        report.set(result);
        List<RunReport.RoundReport> rounds = result.rounds();
        status.setStep(rounds.isEmpty() ? "Finished: no round finalized"
                : String.format(Locale.ROOT, "Finished %d round%s · %s", rounds.size(),
                rounds.size() == 1 ? "" : "s", score(rounds.getLast())));
    }

    /**
     * The global model's test score of a round, e.g. {@code "test accuracy 91.2 %"} or for regression
     * {@code "test RMSE 4.21 · R² 0.781"}, followed by {@code " · ε 3.89"} for a run with client-level DP.
     */
    public static String score(RunReport.RoundReport r) {
        String score;
        if (r.isRegression()) {
            score = String.format(Locale.ROOT, "test RMSE %.4g · R² %.3f", r.testRmse(),
                    r.testR2() == null ? Double.NaN : r.testR2());
        } else {
            score = Double.isNaN(r.testAccuracy()) ? String.format(Locale.ROOT, "test loss %.4f", r.testLoss())
                    : String.format(Locale.ROOT, "test accuracy %.1f %%", 100 * r.testAccuracy());
        }
        return r.epsilon() == null ? score : score + " · " + epsilonText(r.epsilon());
    }

    /** The privacy spent so far of a DP run, e.g. {@code "ε 3.89"} ({@code "ε ∞"} with z = 0). */
    static String epsilonText(double epsilon) {
        return Double.isInfinite(epsilon) ? "ε ∞" : String.format(Locale.ROOT, "ε %.2f", epsilon);
    }

    /** Run events, already on the UI thread. */
    private final class Events implements RunListener {
        @Override
        public void onProgress(String text, double fraction) {
            status.setStep(text);
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
        public void onTaskReady(long taskId, String specCid, String initialModel, List<String> clients,
                                  List<String> aggregators) {
            curves.setClients(clients);
        }

        @Override
        public void onClientEpoch(int round, int client, int epoch, double loss, double accuracy) {
            curves.addClientEpoch(round, client, epoch, loss, accuracy);
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
            curves.addRound(r);
            // until the next step replaces it: the round's score (and ε of a DP run)
            status.setStep("Round " + r.round() + " finalized · " + score(r));
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
        if (r == null || exporting.get() || status.isRunning()) return;
        String base = stripExtension(baseName);
        if (base.isBlank()) {
            status.setError("Export: the report needs a file name.");
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
                    status.setError("Export failed: " + messageOf(failure));
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

    public ReadOnlyBooleanProperty runningProperty() { return status.runningProperty(); }
    /** Whether the running experiment is held by {@link #pause()}. */
    public ReadOnlyBooleanProperty pausedProperty() { return status.pausedProperty(); }
    /** Empty, or the last load, publish, run or export failure with the exception's message. */
    public ReadOnlyStringProperty errorProperty() { return status.errorProperty(); }
    /** Clears the error message (the user dismissed it). */
    public void clearError() { status.clearError(); }
    /** Run progress in [0, 1]. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    /** The run's last step text. */
    public ReadOnlyStringProperty stepProperty() { return status.stepProperty(); }
    /** What the status line shows: {@code "Paused"} while paused, else the step. */
    public StringBinding statusProperty() { return statusLine; }
    /** Empty when the form is valid, else the first problem, naming the field. */
    public StringBinding validationMessageProperty() { return form.validationMessageProperty(); }
    /** Run is disabled exactly while this is non-empty. */
    public BooleanBinding runDisabledProperty() { return runDisabled; }
    /**
     * Why Run is disabled, for the line next to it: {@code "A run is in progress"}, {@code "Loading the dataset …"},
     * {@code "Load a dataset first"} or {@code "Fix: "} and the form's first problem; empty when Run is usable.
     */
    public StringBinding runDisabledReasonProperty() { return runDisabledReason; }
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
}
