package dev.defl.ui.trainer;

import dev.defl.ui.RealEngine;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.timeline.RoundRow;
import dev.defl.ui.timeline.TimelineView;
import dev.defl.ui.timeline.TimelineViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trainer form's client-level DP section (headless Monocle) over the real engine ({@link RealEngine}), with the
 * Round timeline observing the run as in the window: validation, and a DP run's ε in the status line and the timeline.
 */
@ExtendWith(ApplicationExtension.class)
class TrainerPrivacyTest {

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "trainer-privacy-test");
        t.setDaemon(true);
        return t;
    });
    /** How long a real run of digits (3 clients, 2 rounds) may take, in seconds. */
    private static final long REAL_RUN_SECONDS = 180;
    private TrainerViewModel model;
    private TimelineViewModel timeline;

    @Start
    void start(Stage stage) {
        timeline = new TimelineViewModel();
        model = new TrainerViewModel(RealEngine.datasets(), RealEngine.runner(), TaskExecutor.onFxThread(background),
                timeline);
        TrainerView view = new TrainerView(model);
        view.activate();
        TimelineView timelineView = new TimelineView(timeline);
        timelineView.activate();
        Scene scene = new Scene((javafx.scene.Parent) view.root(), 1280, 860);
        scene.getStylesheets().add(TrainerView.class.getResource("/dev/defl/ui/workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        // the Round timeline in a window of its own, as the workbench shows it in another tab
        Stage second = new Stage();
        second.setScene(new Scene((javafx.scene.Parent) timelineView.root(), 900, 600));
        second.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> model.stop()).get(10, TimeUnit.SECONDS);
        background.shutdownNow();
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitUntil(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(condition).get(10, TimeUnit.SECONDS));
    }

    private void loadDigits(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<String> combo = robot.lookup("#builtinDataset").queryAs(ComboBox.class);
        robot.interact(() -> combo.getSelectionModel().select("digits"));
        waitUntil(30, () -> robot.lookup("#imageGrid").tryQuery().isPresent()
                && !robot.lookup("#runButton").queryAs(Button.class).isDisabled());
    }

    @Test
    void dpIsOffAtFirstAndBadValuesShowAMessageAndDisableRun(FxRobot robot) throws Exception {
        loadDigits(robot);
        CheckBox dp = robot.lookup("#dpEnabled").queryAs(CheckBox.class);
        TextField clip = robot.lookup("#dpClipField").queryAs(TextField.class);
        TextField delta = robot.lookup("#dpDeltaField").queryAs(TextField.class);
        Button run = robot.lookup("#runButton").queryAs(Button.class);
        Label reason = robot.lookup("#runDisabledReason").queryAs(Label.class);
        assertThat(dp.isSelected()).isFalse();
        assertThat(clip.isDisabled()).as("greyed while DP is off").isTrue();
        assertThat(delta.getText()).isEqualTo("1e-5");
        assertThat(robot.lookup("#dpHint").queryAs(Label.class).getText())
                .isEqualTo("Each client clips its update to C and adds Gaussian noise z·C/√m; ε is reported per round.");
        double runY = onFx(() -> run.localToScene(0, 0).getY());

        robot.interact(() -> clip.setText("0")); // DP off: the field is not checked
        assertThat(run.isDisabled()).isFalse();
        robot.interact(dp::fire); // below the fold of the scrolled form
        assertThat(clip.isDisabled()).isFalse();
        assertThat(onFx(reason::getText)).isEqualTo("Fix: DP clip norm C: must be finite and > 0, got 0");
        assertThat(run.isDisabled()).isTrue();
        assertThat(clip.getStyleClass()).contains("invalid");
        assertThat(onFx(() -> run.localToScene(0, 0).getY())).as("the message does not move the controls").isEqualTo(runY);

        robot.interact(() -> {
            clip.setText("1");
            delta.setText("1.5");
        });
        assertThat(onFx(reason::getText)).isEqualTo("Fix: DP δ: must be finite and in (0, 1), got 1.5");
        robot.interact(() -> {
            delta.setText("1e-5");
            robot.lookup("#dpNoiseField").queryAs(TextField.class).setText("abc");
        });
        assertThat(onFx(reason::getText)).isEqualTo("Fix: DP noise multiplier z: 'abc' is not a number");
        assertThat(run.isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#dpNoiseField").queryAs(TextField.class).setText("1"));
        assertThat(run.isDisabled()).isFalse();
        assertThat(onFx(() -> model.form().config().dp())).isNotNull();
    }

    @Test
    void adaptiveClippingIsOffAtFirstAndABadQuantileOrZIsNamed(FxRobot robot) throws Exception {
        loadDigits(robot);
        CheckBox adaptive = robot.lookup("#dpAdaptive").queryAs(CheckBox.class);
        TextField quantile = robot.lookup("#dpQuantileField").queryAs(TextField.class);
        Button run = robot.lookup("#runButton").queryAs(Button.class);
        Label reason = robot.lookup("#runDisabledReason").queryAs(Label.class);
        assertThat(adaptive.isSelected()).isFalse();
        assertThat(adaptive.isDisabled()).as("greyed while DP is off").isTrue();
        assertThat(quantile.getText()).isEqualTo("0.5");

        robot.interact(() -> {
            robot.lookup("#dpEnabled").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#dpClipField").queryAs(TextField.class).setText("0.05");
            robot.lookup("#dpNoiseField").queryAs(TextField.class).setText("0.1");
            quantile.setText("1.5");
        });
        assertThat(quantile.isDisabled()).as("greyed while adaptive clipping is off").isTrue();
        assertThat(run.isDisabled()).as("γ is not checked while adaptive clipping is off").isFalse();
        robot.interact(adaptive::fire);
        assertThat(quantile.isDisabled()).isFalse();
        assertThat(onFx(reason::getText)).isEqualTo("Fix: DP target quantile γ: must be finite and in [0, 1], got 1.5");
        assertThat(run.isDisabled()).isTrue();
        assertThat(quantile.getStyleClass()).contains("invalid");

        robot.interact(() -> quantile.setText("0.8"));
        assertThat(run.isDisabled()).isFalse();
        assertThat(onFx(() -> model.form().config().dp().targetQuantile())).isEqualTo(0.8);
        // with few clients a round the count is noised with σ_b = z instead of m/20: z = 1 still runs
        robot.interact(() -> robot.lookup("#dpNoiseField").queryAs(TextField.class).setText("1"));
        assertThat(run.isDisabled()).isFalse();
    }

    @Test
    void aDpRunShowsEpsilonInTheStatusAndTheTimeline(FxRobot robot) throws Exception {
        loadDigits(robot);
        robot.interact(() -> {
            robot.lookup("#clientsField").queryAs(TextField.class).setText("3");
            robot.lookup("#roundsField").queryAs(TextField.class).setText("2");
            robot.lookup("#dpEnabled").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#dpClipField").queryAs(TextField.class).setText("1");
            robot.lookup("#dpNoiseField").queryAs(TextField.class).setText("1");
        });
        robot.clickOn("#runButton");
        waitUntil(REAL_RUN_SECONDS, () -> model.runControl().reportProperty().get() != null && !model.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#stepLabel").queryAs(Label.class).getText())
                .matches("Finished 2 rounds · test accuracy \\d+\\.\\d % · ε \\d+\\.\\d\\d");

        assertThat(onFx(() -> timeline.privateRunProperty().get())).isTrue();
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<RoundRow> table = robot.lookup("#timelineTable").queryAs(javafx.scene.control.TableView.class);
        TableColumn<RoundRow, ?> column = table.getColumns().stream()
                .filter(c -> "epsilonColumn".equals(c.getId())).findFirst().orElseThrow();
        assertThat(column.isVisible()).isTrue();
        List<Double> eps = onFx(() -> timeline.rows().stream().map(r -> r.epsilonProperty().get()).toList());
        assertThat(eps).hasSize(2);
        assertThat(eps.getFirst()).isPositive().isFinite();
        assertThat(eps.get(1)).as("privacy spent grows each round").isGreaterThan(eps.getFirst());
        assertThat(onFx(() -> column.getCellData(timeline.rows().get(1))))
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", eps.get(1)));
    }
}
