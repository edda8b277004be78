package dev.defl.ui.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunControl;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.RealEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.defl.ui.trainer.TrainerCurvesTest.round;
import static dev.defl.ui.trainer.TrainerViewModelTest.LOADER;
import static dev.defl.ui.trainer.TrainerViewModelTest.NOBODY;
import static dev.defl.ui.trainer.TrainerViewModelTest.TINY_CSV;
import static dev.defl.ui.trainer.TrainerViewModelTest.vm;
import static org.assertj.core.api.Assertions.assertThat;

/** Pause / resume / stop through the run's {@link RunControl}, and exporting the report of a finished or stopped run. */
class TrainerRunControlAndExportTest {

    @Test
    void theRunPollsARunControlThatPauseResumeAndStopDrive() {
        AtomicReference<TrainerViewModel> self = new AtomicReference<>();
        List<String> seen = new ArrayList<>();
        // stand-in: Pause, Resume and Stop pressed at exact points inside the run, each checked before the run moves
        // on; the real run advances on its own between the presses, so these checks would race
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("Pause/Resume/Stop at exact points", (c, d, spec, l, cancelled) -> {
            TrainerViewModel m = self.get();
            assertThat(cancelled).isInstanceOf(RunControl.class);
            RunControl control = (RunControl) cancelled;
            assertThat(m.runControl().pauseDisabledProperty().get()).isFalse();
            m.runControl().togglePause();
            seen.add(m.runControl().statusProperty().get() + " paused=" + control.isPaused());
            m.runControl().togglePause();
            seen.add(m.runControl().statusProperty().get().replaceFirst(":.*", "") + " paused=" + control.isPaused()
                    + " poll=" + cancelled.getAsBoolean());
            m.runControl().pause();
            m.stop(); // stopping a paused run wakes it
            seen.add("paused=" + m.pausedProperty().get() + " poll=" + cancelled.getAsBoolean());
            throw new RunCancelledException("stopped in round 1");
        }), NOBODY);
        self.set(vm);
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.runControl().pauseDisabledProperty().get()).as("nothing to pause while idle").isTrue();
        vm.runControl().run();
        assertThat(seen).containsExactly("Paused paused=true", "Starting paused=false poll=false", "paused=false poll=true");
        assertThat(vm.pausedProperty().get()).isFalse();
        assertThat(vm.stepProperty().get()).isEqualTo("Stopped: stopped in round 1");
    }

    /** Issue 12 F1: a stopped run says what became of its task on chain. */
    @Test
    void aStoppedRunSaysItsTaskWasAbandonedOnChain() {
        // stand-in: the exact task and block of the abandonment, which the assertion spells out; a real stop lands
        // wherever the real run happens to be
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("a stop with a known task and block", (c, d, spec, listener, cancelled) -> {
            listener.onStarted(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", "http://rpc");
            listener.onTaskAbandoned(4, 57);
            throw new RunCancelledException("run stopped by the user");
        }), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        vm.runControl().run();
        assertThat(vm.stepProperty().get())
                .isEqualTo("Stopped: run stopped by the user; task 4 marked abandoned on chain (block 57)");
    }

    @Test
    void aStoppedRunCanExportTheRoundsItFinalized(@TempDir Path dir) throws Exception {
        // stand-in: a run stopped exactly after round 2, with the rounds' values the exported files must hold
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("a stop exactly after round 2", (c, d, spec, listener, cancelled) -> {
            listener.onStarted(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", "http://rpc");
            listener.onRoundFinalized(round(1, 0.6, 1.1));
            listener.onRoundFinalized(round(2, 0.7, 0.9));
            throw new RunCancelledException("stopped before round 3");
        }), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.runControl().exportDisabledProperty().get()).as("no run yet").isTrue();
        vm.runControl().run();
        assertThat(vm.runControl().exportDisabledProperty().get()).isFalse();
        RunReport partial = vm.runControl().reportProperty().get();
        assertThat(partial.chainId()).isEqualTo(31337);
        assertThat(partial.taskId()).isEqualTo(-1);
        assertThat(partial.rounds()).hasSize(2);
        assertThat(vm.runControl().suggestedExportName()).isEqualTo("defl-run-5fbdb231-2rounds");

        int[] argb = new int[6 * 4];
        Arrays.fill(argb, 0xFF2F6FDE);
        vm.runControl().exportReport(dir.resolve("out"), "my-run.json", new ChartPixels(6, 4, argb));

        RunReport json = new ObjectMapper().readValue(dir.resolve("out/my-run.json").toFile(), RunReport.class);
        assertThat(json).isEqualTo(partial);
        assertThat(Files.readAllLines(dir.resolve("out/my-run.csv"))).containsExactly(
                "round,globalModelCid,testAccuracy,testLoss,testRmse,testMae,testR2,updates,finalizedBlock,epsilon,clipNorm",
                "1,bafk1,0.6,1.1,,,,0,10,,", "2,bafk2,0.7,0.9,,,,0,20,,");
        BufferedImage png = ImageIO.read(dir.resolve("out/my-run.png").toFile());
        assertThat(png.getWidth()).isEqualTo(6);
        assertThat(png.getHeight()).isEqualTo(4);
        assertThat(png.getRGB(3, 2)).isEqualTo(0xFF2F6FDE);
        assertThat(vm.runControl().exportMessageProperty().get()).isEqualTo("Exported my-run.json, my-run.csv, my-run.png to "
                + dir.resolve("out"));
        assertThat(vm.runControl().exportingProperty().get()).isFalse();
    }

    /** A real run of digits, 2 clients, 1 round on the shared workspace. */
    private static TrainerViewModel afterARealRun() {
        TrainerViewModel vm = vm(RealEngine.datasets(), RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset("digits");
        vm.form().field(ConfigField.CLIENTS).set("2");
        vm.form().field(ConfigField.ROUNDS).set("1");
        vm.runControl().run();
        assertThat(vm.errorProperty().get()).isEmpty();
        return vm;
    }

    @Test
    void anExportThatCannotWriteShowsTheFailure(@TempDir Path dir) throws Exception {
        TrainerViewModel vm = afterARealRun();
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        vm.runControl().exportReport(notADirectory, "run", null);
        assertThat(vm.errorProperty().get()).startsWith("Export failed: ").contains("file");
        assertThat(vm.runControl().exportMessageProperty().get()).isEmpty();
    }

    @Test
    void anExportWithoutAChartWritesJsonAndCsvOnly(@TempDir Path dir) throws Exception {
        TrainerViewModel vm = afterARealRun();
        vm.runControl().exportReport(dir, "run", null);
        RunReport json = new ObjectMapper().readValue(dir.resolve("run.json").toFile(), RunReport.class);
        assertThat(json).isEqualTo(vm.runControl().reportProperty().get());
        assertThat(Files.readAllLines(dir.resolve("run.csv"))).hasSize(2)
                .last().asString().startsWith("1," + json.rounds().getFirst().globalModelCid() + ",");
        assertThat(dir.resolve("run.png")).doesNotExist();
        assertThat(vm.runControl().exportMessageProperty().get()).isEqualTo("Exported run.json, run.csv to " + dir);
    }
}
