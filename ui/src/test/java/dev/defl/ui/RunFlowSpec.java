package dev.defl.ui;

import dev.defl.ui.timeline.RoundRow;
import dev.defl.ui.timeline.RoundState;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trainer → Round timeline flow, independent of which loader and runner the subclass supplies:
 * drop a 200-row CSV of the digits sample, see its preview, run 2 clients for 1 round, and watch
 * round 1 reach "finalized" on the timeline.
 */
public abstract class RunFlowSpec extends WorkbenchHarness {

    /** How long a one-round, two-client run may take, in seconds (a real chain and trainer need more). */
    protected long runTimeoutSeconds() {
        return 180;
    }

    /** Writes the first {@code rows} rows of the bundled digits sample as a plain CSV. */
    protected static Path writeDigitsCsv(Path dir, int rows) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = RunFlowSpec.class.getResourceAsStream("/dev/defl/samples/digits.csv.gz")) {
            assertThat(in).as("bundled digits sample on the class path").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            String line;
            while (lines.size() < rows && (line = reader.readLine()) != null) lines.add(line);
        }
        Path csv = dir.resolve("digits-" + rows + ".csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }

    @Test
    void droppedCsvIsPreviewedAndATwoClientRunFinalizesRoundOne(FxRobot robot, @TempDir Path dir) throws Exception {
        Path csv = writeDigitsCsv(dir, 200);

        dropFiles(robot, "#datasetDropZone", List.of(csv.toFile()));

        Label shape = robot.lookup("#datasetShape").queryAs(Label.class);
        // the preview is rendered in one FX pulse; wait for its last node, then for the pulse to finish
        waitUntil(60, () -> robot.lookup("#previewTable").tryQuery().isPresent());
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(shape.getText()).contains("64 features").contains("10 classes");
        Matcher m = Pattern.compile("(\\d+) train · (\\d+) test").matcher(shape.getText());
        assertThat(m.find()).as(shape.getText()).isTrue();
        int train = Integer.parseInt(m.group(1));
        assertThat(train + Integer.parseInt(m.group(2))).isEqualTo(200);
        BarChart<?, ?> classes = robot.lookup("#classHistogram").queryAs(BarChart.class);
        long barTotal = 0;
        for (XYChart.Data<?, ?> bar : classes.getData().getFirst().getData()) barTotal += ((Number) bar.getYValue()).longValue();
        assertThat(classes.getData().getFirst().getData()).hasSize(10);
        assertThat(barTotal).isEqualTo(train);
        TableView<?> rowTable = robot.lookup("#previewTable").queryAs(TableView.class);
        assertThat(rowTable.getItems().size()).as("preview rows").isEqualTo(20);
        assertThat(robot.lookup("#errorLabel").queryAs(Label.class).getText()).isEmpty();

        robot.interact(() -> {
            robot.lookup("#clientsField").queryAs(TextField.class).setText("2");
            robot.lookup("#roundsField").queryAs(TextField.class).setText("1");
        });
        Button run = robot.lookup("#runButton").queryAs(Button.class);
        assertThat(run.isDisabled()).isFalse();
        robot.clickOn(run);

        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(1));
        @SuppressWarnings("unchecked")
        TableView<RoundRow> timeline = robot.lookup("#timelineTable").queryAs(TableView.class);
        waitUntil(runTimeoutSeconds(), () -> !timeline.getItems().isEmpty()
                && timeline.getItems().getFirst().state() == RoundState.FINALIZED);
        RoundRow round1 = timeline.getItems().getFirst();
        assertThat(round1.round()).isEqualTo(1);
        assertThat(round1.updateCountProperty().get()).isEqualTo(2);
        assertThat(round1.votesProperty().get()).isGreaterThanOrEqualTo(round1.quorum());
        assertThat(round1.proposalCidProperty().get()).isNotEmpty();
        assertThat(round1.finalizedBlockProperty().get()).isPositive();
        assertThat(round1.testAccuracyProperty().get()).isBetween(0.0, 1.0);
        assertThat(robot.lookup("#timelineHeader").queryAs(Label.class).getText()).contains("Chain id");
        LineChart<?, ?> accuracy = robot.lookup("#accuracyChart").queryAs(LineChart.class);
        waitUntil(10, () -> accuracy.getData().getFirst().getData().size() == 1);
        // the Trainer is bound to its view-models only while shown: back on it, it shows the finished run
        robot.interact(() -> robot.lookup("#paneTabs").queryAs(TabPane.class).getSelectionModel().select(0));
        waitUntil(30, () -> !robot.lookup("#runButton").queryAs(Button.class).isDisabled());
        assertThat(robot.lookup("#stepLabel").queryAs(Label.class).getText()).startsWith("Finished 1 round");
        assertThat(robot.lookup("#trainerTabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId())
                .isEqualTo("trainerCurvesTab");
        assertThat(robot.lookup("#errorLabel").queryAs(Label.class).getText()).isEmpty();
    }
}
