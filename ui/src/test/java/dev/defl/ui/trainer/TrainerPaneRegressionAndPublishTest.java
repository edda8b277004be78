package dev.defl.ui.trainer;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trainer pane (headless Monocle) with the engine's real dataset loader and a real embedded content store: a
 * regression dataset typed into the dataset combo, its target histogram and model default, RMSE/R² curves, the device
 * picker, the reading options, and Publish to IPFS then loading the dataset back by {@code cid:}.
 */
@ExtendWith(ApplicationExtension.class)
class TrainerPaneRegressionAndPublishTest {

    @TempDir
    static Path dir;

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "trainer-regression-test");
        t.setDaemon(true);
        return t;
    });
    private final List<String> devices = new CopyOnWriteArrayList<>();
    private final List<DatasetOptions> options = new CopyOnWriteArrayList<>();
    private TrainerViewModel model;

    private static RunReport.RoundReport round(int r, double rmse, double r2) {
        return new RunReport.RoundReport(r, "bafk" + r, Double.NaN, rmse * rmse, rmse, rmse * 0.7, r2, List.of(),
                List.of(), List.of(), 10L * r);
    }

    @Start
    void start(Stage stage) {
        EmbeddedContentStore store;
        try {
            store = new EmbeddedContentStore(dir.resolve("ipfs-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the engine's loader on this test's store, recording the reading options the pane passes
        model = new TrainerViewModel((spec, o) -> {
            options.add(o);
            return Datasets.load(spec, 7, o, store);
        }, StandIns.scriptedRunners("exact regression curve values; records the device", device -> {
            // stand-in: exact RMSE/R² per round that the chart assertions spell out (a real run's values are its own)
            devices.add(device);
            return (config, data, spec, listener, cancelled) -> {
                listener.onDevice("cpu()", null);
                for (int r = 1; r <= config.rounds(); r++) {
                    for (int c = 0; c < config.clients(); c++) listener.onClientEpoch(r, c, 1, 90.0 / r, Double.NaN);
                    listener.onRoundFinalized(round(r, 9.0 / r, 0.3 * r));
                }
                return new RunReport(31337, "0x1", 1, List.of(round(1, 9.0, 0.3), round(2, 4.5, 0.6)));
            };
        }), store, TaskExecutor.onFxThread(background), new RunObserver() {});
        TrainerView view = new TrainerView(model);
        view.activate();
        Scene scene = new Scene((javafx.scene.Parent) view.root(), 1280, 900);
        scene.getStylesheets().add(TrainerView.class.getResource("/dev/defl/ui/workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    }

    private void typeDataset(FxRobot robot, String spec) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<String> combo = robot.lookup("#builtinDataset").queryAs(ComboBox.class);
        robot.interact(() -> combo.getEditor().setText(spec));
        robot.clickOn(combo.getEditor()).type(KeyCode.ENTER);
        waitUntil(() -> spec.equals(model.dataset().datasetSpecProperty().get()) && !model.dataset().loadingProperty().get());
    }

    @Test
    void aTypedRegressionDatasetShowsItsTargetHistogramAndPlotsRmseAndR2(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<String> combo = robot.lookup("#builtinDataset").queryAs(ComboBox.class);
        assertThat(combo.getItems()).containsExactly("digits", "boston", "fashion-mnist");
        typeDataset(robot, "boston");
        BarChart<?, ?> histogram = robot.lookup("#classHistogram").queryAs(BarChart.class);
        assertThat(histogram.getTitle()).isEqualTo("Training targets: 20 equal-width bins, 5.00 to 50.0");
        assertThat(histogram.getData().getFirst().getData()).hasSize(20);
        TableView<?> table = robot.lookup("#previewTable").queryAs(TableView.class);
        assertThat(table.getColumns().getLast().getText()).isEqualTo("target");
        assertThat(robot.lookup("#modelKind").queryAs(ComboBox.class).getValue()).isEqualTo(ModelKind.MLP_REG);

        @SuppressWarnings("unchecked")
        ComboBox<String> device = robot.lookup("#deviceKind").queryAs(ComboBox.class);
        robot.interact(() -> {
            device.setValue("auto");
            robot.lookup("#roundsField").queryAs(TextField.class).setText("2");
            robot.lookup("#clientsField").queryAs(TextField.class).setText("3");
        });
        robot.clickOn("#runButton");
        waitUntil(() -> !robot.lookup("#exportButton").queryAs(Button.class).isDisabled());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(devices).containsExactly("auto");
        assertThat(robot.lookup("#metricLoss").queryAs(ToggleButton.class).getText()).isEqualTo("RMSE");
        assertThat(robot.lookup("#metricAccuracy").queryAs(ToggleButton.class).getText()).isEqualTo("R²");
        LineChart<?, ?> global = robot.lookup("#globalCurves").queryAs(LineChart.class);
        LineChart<?, ?> clients = robot.lookup("#clientCurves").queryAs(LineChart.class);
        assertThat(global.getTitle()).isEqualTo("Global model: test RMSE per round");
        assertThat(global.getData().getFirst().getData()).extracting(d -> (Object) d.getYValue()).containsExactly((Object) 9.0, 4.5);
        assertThat(clients.getTitle()).isEqualTo("Training MSE per client");
        robot.clickOn("#metricAccuracy");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(global.getTitle()).isEqualTo("Global model: test R² per round");
        assertThat(global.getData().getFirst().getData()).extracting(d -> (Object) d.getYValue()).containsExactly((Object) 0.3, 0.6);
        assertThat(clients.getData().getFirst().getData()).as("clients still plot their MSE").hasSize(2);
        assertThat(robot.lookup("#stepLabel").queryAs(Label.class).getText())
                .isEqualTo("Finished 2 rounds · test RMSE 4.500 · R² 0.600");
    }

    @Test
    void publishShowsTheManifestCidWhichLoadsTheDatasetBack(FxRobot robot) throws Exception {
        typeDataset(robot, "boston");
        robot.clickOn("#publishButton");
        waitUntil(() -> !model.dataset().publishedCidProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        TextField cid = robot.lookup("#publishedCid").queryAs(TextField.class);
        assertThat(cid.isVisible()).isTrue();
        assertThat(cid.isEditable()).isFalse();
        assertThat(cid.getText()).startsWith("bafkrei");
        assertThat(robot.lookup("#publishMessage").queryAs(Label.class).getText()).startsWith("Published boston");
        robot.clickOn("#copyCidButton");
        String[] clip = new String[1];
        robot.interact(() -> clip[0] = Clipboard.getSystemClipboard().getString());
        assertThat(clip[0]).isEqualTo("cid:" + cid.getText());

        String published = cid.getText();
        typeDataset(robot, "cid:" + published);
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.dataset().datasetProperty().get().train().size()).isEqualTo(404);
        assertThat(robot.lookup("#datasetShape").queryAs(Label.class).getText()).contains("real-valued target");
    }

    @Test
    void theReadingOptionsAreKeyboardReachableAndReReadAFile(FxRobot robot) throws Exception {
        Path csv = dir.resolve("houses-" + System.nanoTime() + ".csv");
        java.nio.file.Files.writeString(csv, "rooms,age,price\n" + "3,10,200.5\n4,5,310.25\n2,40,120.0\n5,1,450.75\n"
                + "3,20,210.0\n4,15,300.5\n2,30,150.25\n6,2,520.0\n3,12,205.5\n4,8,320.0\n");
        typeDataset(robot, csv.toString());
        assertThat(model.dataset().regressionProperty().get()).as("real prices: regression by default").isTrue();
        TitledPane pane = robot.lookup("#datasetOptions").queryAs(TitledPane.class);
        assertThat(pane.isExpanded()).isFalse();
        robot.interact(pane::requestFocus);
        robot.type(KeyCode.SPACE);
        assertThat(pane.isExpanded()).isTrue();
        int before = options.size();
        TextField target = robot.lookup("#targetColumnField").queryAs(TextField.class);
        robot.clickOn(target).write("rooms").type(KeyCode.ENTER);
        waitUntil(() -> options.size() > before && !model.dataset().loadingProperty().get());
        assertThat(options.getLast().targetColumn()).isEqualTo("rooms");
        assertThat(model.dataset().regressionProperty().get()).as("whole rooms 2..6: classes").isFalse();
        assertThat(model.form().modelKindProperty().get()).isEqualTo(ModelKind.MLP);

        @SuppressWarnings("unchecked")
        ComboBox<DatasetOptions.TaskType> task = robot.lookup("#taskKind").queryAs(ComboBox.class);
        robot.interact(() -> task.setValue(DatasetOptions.TaskType.REGRESSION));
        waitUntil(() -> options.getLast().task() == DatasetOptions.TaskType.REGRESSION && !model.dataset().loadingProperty().get());
        assertThat(model.dataset().regressionProperty().get()).isTrue();

        TextField size = robot.lookup("#imageSizeField").queryAs(TextField.class);
        robot.interact(() -> size.setText("2"));
        robot.clickOn(size).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(size.getStyleClass()).contains("invalid");
        assertThat(model.errorProperty().get()).contains("Image size");
    }
}
