package dev.defl.ui.trainer;

import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The Trainer's run panel, always in view below the form: why Run is disabled (in a fixed slot), Run / Pause / Stop, progress,
 * status, throughput and device, the error line and Export report. Binds to {@link RunControlViewModel} while active.
 */
public final class RunControlView extends ActivatablePane {

    private final RunControlViewModel model;
    private final Supplier<Window> window;
    private final BiConsumer<Path, String> exporter;
    private final VBox root;
    private final Button runButton = new Button("Run");
    private final Button pauseButton = new Button("_Pause");
    private final Button stopButton = new Button("S_top");
    private final Button exportButton = new Button("E_xport report…");
    private final Label exportMessage = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label step = new Label();
    private final Label samplesPerSecond = new Label();
    private final Label deviceLabel = new Label();
    private final Label deviceWarning = new Label();
    private final Label error = new Label();
    /** Why Run is disabled (the form's first problem among them), in a slot of fixed height. */
    private final Label reason = new Label();
    private final Tooltip reasonTip = new Tooltip();

    /**
     * @param window   the window the export file chooser belongs to (may supply null)
     * @param exporter writes the report to a directory under a base name (with the curves' snapshot)
     */
    public RunControlView(RunControlViewModel model, Supplier<Window> window, BiConsumer<Path, String> exporter) {
        this.model = model;
        this.window = window;
        this.exporter = exporter;
        reason.setId("runDisabledReason");
        reason.getStyleClass().add("run-reason");
        reason.setWrapText(false); // one line, cut with an ellipsis: the whole text is in the tooltip
        reason.setMaxWidth(Double.MAX_VALUE);

        runButton.setId("runButton");
        runButton.getStyleClass().add("accent");
        runButton.setOnAction(e -> model.run());
        pauseButton.setId("pauseButton");
        pauseButton.setOnAction(e -> model.togglePause());
        stopButton.setId("stopButton");
        stopButton.setOnAction(e -> model.stop());
        for (Button b : List.of(runButton, pauseButton, stopButton)) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(Region.USE_PREF_SIZE);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        HBox runControls = new HBox(8, runButton, pauseButton, stopButton);

        progress.setId("runProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        step.setId("stepLabel");
        step.setWrapText(true);
        step.getStyleClass().add("step-text");
        samplesPerSecond.setId("samplesPerSecond");
        samplesPerSecond.getStyleClass().add("muted");
        samplesPerSecond.setTooltip(new Tooltip("Training throughput: rows × local epochs per second of client training"));
        deviceLabel.setId("deviceLabel");
        deviceLabel.getStyleClass().add("muted");
        deviceWarning.setId("deviceWarning");
        deviceWarning.getStyleClass().add("warning-text");
        deviceWarning.setWrapText(true);
        error.setId("errorLabel");
        error.getStyleClass().addAll("error-text", "error-box");
        error.setWrapText(true);
        error.setOnMouseClicked(e -> model.clearError());
        error.setTooltip(new Tooltip("Click to dismiss"));

        exportButton.setId("exportButton");
        exportButton.setMaxWidth(Double.MAX_VALUE);
        exportButton.setTooltip(new Tooltip("Write the run's report as JSON, a per-round CSV and the curves as PNG"));
        exportButton.setOnAction(e -> chooseExport());
        exportMessage.setId("exportMessage");
        exportMessage.getStyleClass().add("muted");
        exportMessage.setWrapText(true);

        // throughput and device on lines of their own, wrapped: side by side they were cut in the narrow side panel
        samplesPerSecond.setWrapText(true);
        samplesPerSecond.setMinHeight(Region.USE_PREF_SIZE);
        deviceLabel.setWrapText(true);
        deviceLabel.setMinHeight(Region.USE_PREF_SIZE);
        VBox throughput = new VBox(2, samplesPerSecond, deviceLabel);
        throughput.setId("throughputBox");
        root = new VBox(8, reason, runControls, progress, step, throughput, deviceWarning, error,
                exportButton, exportMessage);
        root.getStyleClass().add("run-panel");
    }

    public Node root() {
        return root;
    }

    @Override
    protected void attach(Subscriptions subs) {
        // always managed, of fixed height (.run-reason): a message appearing never moves the controls or the form
        subs.bind(reason.textProperty(), model.runDisabledReasonProperty());
        subs.bind(reasonTip.textProperty(), model.runDisabledReasonProperty());
        reason.setTooltip(reasonTip);
        subs.add(() -> reason.setTooltip(null));
        showReasonKind(model.runDisabledReasonProperty().get());
        subs.listen(model.runDisabledReasonProperty(), (obs, old, now) -> showReasonKind(now));
        subs.bind(runButton.disableProperty(), model.runDisabledProperty());
        subs.bind(stopButton.disableProperty(), model.stopDisabledProperty());
        subs.bind(pauseButton.disableProperty(), model.pauseDisabledProperty());
        subs.bind(pauseButton.textProperty(), Bindings.when(model.pausedProperty()).then("Res_ume").otherwise("_Pause"));
        subs.bind(progress.progressProperty(), model.progressProperty());
        subs.bind(step.textProperty(), model.statusProperty());
        subs.bind(samplesPerSecond.textProperty(), model.samplesPerSecondTextProperty());
        subs.bind(deviceLabel.textProperty(), Bindings.createStringBinding(() -> model.deviceProperty().get().isEmpty()
                ? "Device: —" : "Device: " + model.deviceProperty().get(), model.deviceProperty()));
        subs.bind(deviceWarning.textProperty(), model.deviceWarningProperty());
        subs.bind(deviceWarning.visibleProperty(), model.deviceWarningProperty().isNotEmpty());
        subs.bind(deviceWarning.managedProperty(), deviceWarning.visibleProperty());
        subs.bind(error.textProperty(), model.errorProperty());
        subs.bind(error.visibleProperty(), model.errorProperty().isNotEmpty());
        subs.bind(error.managedProperty(), error.visibleProperty());
        subs.bind(exportButton.disableProperty(), model.exportDisabledProperty());
        subs.bind(exportMessage.textProperty(), model.exportMessageProperty());
        subs.bind(exportMessage.managedProperty(), model.exportMessageProperty().isNotEmpty());
    }

    /** A problem to fix is shown as an error; waiting for a dataset or a run, muted. */
    private void showReasonKind(String text) {
        boolean problem = text != null && text.startsWith("Fix:");
        reason.getStyleClass().removeAll("error-text", "muted");
        reason.getStyleClass().add(problem ? "error-text" : "muted");
    }

    /** Asks where to write the report (a base name; .json, .csv and .png are written next to each other). */
    private void chooseExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export run report (writes .json, .csv and .png)");
        chooser.setInitialFileName(model.suggestedExportName());
        File file = chooser.showSaveDialog(window.get());
        if (file != null) exporter.accept(file.toPath().toAbsolutePath().getParent(), file.getName());
    }
}
