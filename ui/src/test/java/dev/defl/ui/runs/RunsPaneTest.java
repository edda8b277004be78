package dev.defl.ui.runs;

import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.runs.RunCsv;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunSummary;
import dev.defl.engine.workspace.Workspace;
import dev.defl.ui.RealEngine;
import dev.defl.ui.WorkbenchHarness;
import dev.defl.ui.WorkbenchServices;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.timeline.RoundRow;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Runs pane and the window's restore from the run database, on a real SQLite file holding two real recorded runs
 * (digits, 3 clients, 2 rounds; the second with another seed and E = 2) made before the window opens: each test's
 * window is "the window after a restart".
 */
class RunsPaneTest extends WorkbenchHarness {
    @TempDir
    static Path dbDir;
    static RunDatabase db;
    static long first, second;

    @BeforeAll
    static void recordTwoRuns() throws Exception {
        db = RealEngine.runDatabase(dbDir);
        DatasetSplit data = Datasets.load("digits", 7);
        var runner = RealEngine.recordedRunners(db).onDevice("cpu");
        runner.run(new ExperimentConfig(3, 1, 2, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 1), data,
                ModelKind.MLP.spec(data), new RunListener() { }, () -> false);
        runner.run(new ExperimentConfig(3, 1, 2, 2, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 2), data,
                ModelKind.MLP.spec(data), new RunListener() { }, () -> false);
        List<RunSummary> runs = db.reads().runs(false);
        second = runs.get(0).id();
        first = runs.get(1).id();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Override
    protected WorkbenchServices services(Executor background) {
        Workspace ws = RealEngine.workspace();
        String base = TaskContract.ABI_RESOURCE.substring(0, TaskContract.ABI_RESOURCE.length() - 4);
        ChainExplorer explorer = new ChainExplorer(ws.chain(), ContractRecognizer.create(ws.chain()).withArtifactResource(base), 32);
        return new WorkbenchServices(RealEngine.datasets(), RealEngine.recordedRunners(db), ws::status,
                scratchContentStore(), background, null, null, () -> null,
                new ChainServices(explorer, () -> {
                    try {
                        var index = ws.eventIndex();
                        index.sync();
                        return index;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, ws::taskContract), db);
    }

    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }

    @SuppressWarnings("unchecked")
    private TableView<RunRow> showRuns(FxRobot robot) throws Exception {
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(6));
        TableView<RunRow> table = robot.lookup("#runsTable").queryAs(TableView.class);
        waitUntil(20, () -> fx(() -> table.getItems().size() >= 2));
        return table;
    }

    private static int indexOf(TableView<RunRow> table, long id) throws Exception {
        return fx(() -> {
            for (int i = 0; i < table.getItems().size(); i++) if (table.getItems().get(i).id() == id) return i;
            return -1;
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void selectingTwoRunsOverlaysTheirCurvesAndMarksTheParametersThatDiffer(FxRobot robot) throws Exception {
        TableView<RunRow> table = showRuns(robot);
        assertThat(fx(() -> table.getItems().stream().map(r -> r.statusProperty().get()).toList())).containsOnly("finished");
        assertThat(fx(() -> table.getItems().get(indexOf(table, second)).roundsProperty().get())).isEqualTo("2 / 2");
        assertThat(fx(() -> table.getItems().get(indexOf(table, second)).bestProperty().get())).endsWith(" %");

        int a = indexOf(table, first), b = indexOf(table, second);
        robot.interact(() -> table.getSelectionModel().selectIndices(a, b));
        LineChart<Number, Number> score = robot.lookup("#runsScoreChart").queryAs(LineChart.class);
        LineChart<Number, Number> loss = robot.lookup("#runsLossChart").queryAs(LineChart.class);
        waitUntil(20, () -> fx(() -> score.getData().size() == 2));
        assertThat(fx(() -> score.getData().stream().map(s -> s.getData().size()).toList())).containsExactly(2, 2);
        assertThat(fx(() -> loss.getData().size())).isEqualTo(2);
        assertThat(fx(() -> score.getData().get(0).getNode().getStyle()))
                .as("distinct colours").doesNotContain(dev.defl.ui.SeriesPalette.colour(1)).contains(dev.defl.ui.SeriesPalette.colour(0));
        assertThat(fx(() -> score.getData().get(1).getNode().getStyle())).contains(dev.defl.ui.SeriesPalette.colour(1));
        double accuracy = fx(() -> score.getData().get(0).getData().get(1).getYValue().doubleValue());
        assertThat(accuracy).as("percent").isBetween(30.0, 100.0);

        TableView<ParamDiffRow> diff = robot.lookup("#runsDiffTable").queryAs(TableView.class);
        assertThat(fx(() -> diff.getColumns().size())).as("parameter + one column per run").isEqualTo(3);
        assertThat(fx(() -> diff.getItems().stream().filter(ParamDiffRow::differs).map(ParamDiffRow::label).toList()))
                .contains("seed", "E (local epochs)").doesNotContain("dataset", "model", "N (clients)");
        int seedRow = fx(() -> diff.getItems().stream().map(ParamDiffRow::label).toList().indexOf("seed"));
        robot.interact(() -> diff.scrollTo(seedRow));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> robot.lookup("#runsDiffTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() != null && ((ParamDiffRow) r.getItem()).label().equals("seed"))
                .allMatch(r -> r.getStyleClass().contains("param-differs")))).as("the seed row is highlighted").isTrue();

        robot.clickOn("#runsOnlyDifferences");
        waitUntil(5, () -> fx(() -> diff.getItems().stream().allMatch(ParamDiffRow::differs)));
        assertThat(fx(() -> diff.getItems().stream().map(ParamDiffRow::label).toList())).contains("seed", "E (local epochs)");
        robot.interact(() -> robot.lookup("#runsOnlyDifferences").queryAs(CheckBox.class).setSelected(false));

        TableView<RoundMetricRow> rounds = robot.lookup("#runsRoundsTable").queryAs(TableView.class);
        assertThat(fx(() -> rounds.getItems().size())).as("2 rounds of 2 runs").isEqualTo(4);

        // the filter narrows the table; nothing matching says so
        robot.interact(() -> robot.lookup("#runsFilter").queryAs(TextField.class).setText("no such run"));
        assertThat(fx(() -> table.getItems().size())).isZero();
        assertThat(fx(() -> ((Label) table.getPlaceholder()).getText())).contains("No run matches");
        robot.interact(() -> robot.lookup("#runsFilter").queryAs(TextField.class).setText("FINISHED"));
        assertThat(fx(() -> table.getItems().size())).isEqualTo(2);
    }

    @Test
    void renamingInPlaceIsKeptInTheDatabase(FxRobot robot) throws Exception {
        TableView<RunRow> table = showRuns(robot);
        int row = indexOf(table, first);
        robot.interact(() -> {
            table.getSelectionModel().clearAndSelect(row);
            table.requestFocus();
        });
        robot.type(KeyCode.F2);
        waitUntil(5, () -> fx(() -> robot.lookup("#runsTable .text-field").tryQuery().isPresent()));
        robot.interact(() -> robot.lookup("#runsTable .text-field").queryAs(TextField.class).setText("baseline, seed 1"));
        robot.type(KeyCode.ENTER);
        waitUntil(10, () -> db.reads().summary(first).orElseThrow().name().equals("baseline, seed 1"));
        waitUntil(10, () -> fx(() -> table.getItems().get(indexOf(table, first)).nameProperty().get().equals("baseline, seed 1")));
    }

    @Test
    void deletingAsksWithCancelAsDefaultAndUndoBringsTheRunBack(FxRobot robot) throws Exception {
        TableView<RunRow> table = showRuns(robot);
        int row = indexOf(table, second);
        robot.interact(() -> {
            table.getSelectionModel().clearAndSelect(row);
            table.requestFocus();
        });
        robot.type(KeyCode.DELETE);
        waitUntil(10, () -> robot.lookup(".dialog-pane .button").tryQuery().isPresent());
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(fx(() -> ((Button) dialog.lookupButton(ButtonType.CANCEL)).isDefaultButton())).isTrue();
        ButtonType delete = fx(() -> dialog.getButtonTypes().stream().filter(t -> t.getText().equals("Delete")).findFirst().orElseThrow());
        assertThat(fx(() -> ((Button) dialog.lookupButton(delete)).isDefaultButton())).isFalse();
        robot.interact(() -> ((Button) dialog.lookupButton(delete)).fire());

        waitUntil(10, () -> db.reads().summary(second).orElseThrow().deletedAt() != null);
        waitUntil(10, () -> fx(() -> indexOf(table, second) < 0));
        assertThat(fx(() -> robot.lookup("#runsNotice").queryAs(Label.class).getText())).startsWith("Deleted");

        robot.clickOn("#runsUndo");
        waitUntil(10, () -> db.reads().summary(second).orElseThrow().deletedAt() == null);
        waitUntil(10, () -> fx(() -> indexOf(table, second) >= 0));
    }

    @Test
    void exportWritesARunsRoundsAsCsvInTheBackground(@TempDir Path out) throws Exception {
        // the view-model the pane's Export button calls with the file its (native) file chooser returns
        RunsViewModel model = new RunsViewModel(db, dev.defl.ui.concurrent.TaskExecutor.synchronous());
        Path file = out.resolve("rounds.csv");
        model.exportCsv(first, file);
        assertThat(Files.readAllLines(file)).hasSize(3).first().isEqualTo(RunCsv.ROUNDS_HEADER);
        assertThat(model.noticeProperty().get()).startsWith("Exported 2 rounds");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFreshWindowOnTheDatabaseRestoresTheTimelineScoresTheCurvesAndTheForm(FxRobot robot) throws Exception {
        // the Trainer: the latest run's settings (seed 2, E = 2) and its curves
        waitUntil(30, () -> fx(() -> robot.lookup("#seedField").queryAs(TextField.class).getText().equals("2")));
        assertThat(fx(() -> robot.lookup("#localEpochsField").queryAs(TextField.class).getText())).isEqualTo("2");
        assertThat(fx(() -> robot.lookup("#roundsField").queryAs(TextField.class).getText())).isEqualTo("2");
        assertThat(fx(() -> robot.lookup("#clientsField").queryAs(TextField.class).getText())).isEqualTo("3");
        LineChart<Number, Number> global = robot.lookup("#globalCurves").queryAs(LineChart.class);
        LineChart<Number, Number> clients = robot.lookup("#clientCurves").queryAs(LineChart.class);
        waitUntil(30, () -> fx(() -> !global.getData().isEmpty() && global.getData().getFirst().getData().size() == 2));
        waitUntil(10, () -> fx(() -> clients.getData().size() == 3));

        // the Round timeline: the latest task's rounds with the test accuracy the run measured
        TabPane tabs = robot.lookup("#paneTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        TableView<RoundRow> rounds = robot.lookup("#timelineTable").queryAs(TableView.class);
        waitUntil(30, () -> fx(() -> rounds.getItems().size() == 2
                && !"—".equals(rounds.getColumns().get(6).getCellData(1))));
        double measured = db.reads().run(second).orElseThrow().rounds().get(1).testAccuracy();
        assertThat(fx(() -> rounds.getItems().get(1).testAccuracyProperty().get())).isEqualTo(measured);
        LineChart<Number, Number> accuracy = robot.lookup("#accuracyChart").queryAs(LineChart.class);
        waitUntil(10, () -> fx(() -> accuracy.getData().stream().mapToInt(s -> s.getData().size()).sum() == 2));
    }
}
