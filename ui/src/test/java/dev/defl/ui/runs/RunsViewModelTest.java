package dev.defl.ui.runs;

import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunKind;
import dev.defl.engine.runs.RunParams;
import dev.defl.engine.runs.RunRecord;
import dev.defl.engine.runs.RunStatus;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Runs pane's view-model on a real SQLite run database written through its own API (no training: the rows a run
 * would write), everything on the calling thread.
 */
class RunsViewModelTest {

    static RunParams params(String strategy, long seed, int epochs) {
        return new RunParams(RunKind.EXPERIMENT, "digits", null, 1437L, 360L, "IID", "mlp", strategy,
                StrategySpec.of(strategy).toTaskSpec(), 3, 1.0, 1, 2, epochs, 32, 0.001, seed, "cpu()", null);
    }

    static long run(RunDatabase db, String strategy, long seed, int epochs, double... accuracies) throws Exception {
        Instant t0 = Instant.parse("2026-01-02T03:04:00Z");
        long id = db.startRun(null, params(strategy, seed, epochs), t0);
        for (int r = 1; r <= accuracies.length; r++) {
            db.roundFinalized(id, new RunRecord.RoundRow(r, t0.plusSeconds(10L * r), t0.plusSeconds(10L * r + 4), "bafkrei" + r,
                    accuracies[r - 1], 1.0 / r, null, null, null, 10L + r, 300_000L, 1.0, 1.0, 1.0, 1.0));
        }
        db.finishRun(id, RunStatus.FINISHED, null, t0.plusSeconds(60));
        return id;
    }

    @Test
    void listsFiltersComparesRenamesDeletesAndRestores(@TempDir Path dir) throws Exception {
        try (RunDatabase db = RunDatabase.open(dir)) {
            RunsViewModel model = new RunsViewModel(db, TaskExecutor.synchronous());
            model.start();
            assertThat(model.runs()).isEmpty();
            assertThat(model.placeholderProperty().get()).isEqualTo(RunsViewModel.NO_RUNS);

            long a = run(db, "fedavg", 1, 1, 0.5, 0.75);
            long b = run(db, "fedavgm", 2, 2, 0.6, 0.9);
            assertThat(model.runs()).extracting(RunRow::id).containsExactly(b, a);
            RunRow rowB = model.runs().getFirst();
            assertThat(rowB.roundsProperty().get()).isEqualTo("2 / 2");
            assertThat(rowB.bestProperty().get()).isEqualTo("90.00 %");
            assertThat(rowB.durationProperty().get()).isEqualTo("1 min 00 s");
            assertThat(rowB.score(true)).isGreaterThan(model.runs().get(1).score(true));

            model.filterProperty().set("FEDAVGM");
            assertThat(model.filteredRuns()).extracting(RunRow::id).containsExactly(b);
            model.filterProperty().set("nothing like it");
            assertThat(model.placeholderProperty().get()).contains("No run matches");
            model.filterProperty().set("");

            db.setTask(b, 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", 5, null, null, List.of(), List.of());
            model.select(List.of(b));
            assertThat(model.selectedTaskProperty().get()).as("the Peers pane follows it")
                    .isEqualTo(new RunTask(b, 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", 5, true));
            model.select(List.of(a, b));
            assertThat(model.selectedTaskProperty().get()).isNull();
            assertThat(model.series()).extracting(RunSeries::id).containsExactly(a, b);
            assertThat(model.series().get(0).colour()).isNotEqualTo(model.series().get(1).colour());
            assertThat(model.series().get(1).points()).extracting(RunSeries.Point::accuracy).containsExactly(60.0, 90.0);
            assertThat(model.roundMetrics()).hasSize(4);
            assertThat(model.roundMetrics().getFirst().seconds()).isEqualTo("4.0 s");
            assertThat(model.diff().stream().filter(ParamDiffRow::differs).map(ParamDiffRow::label).toList())
                    .containsExactly("strategy", "Server momentum β", "Server learning rate η", "E (local epochs)", "seed");
            ParamDiffRow momentum = model.diff().stream().filter(r -> r.label().equals("Server momentum β")).findFirst().orElseThrow();
            assertThat(momentum.values()).as("fedavg has no momentum").containsExactly("—", "0.9");
            model.onlyDifferencesProperty().set(true);
            assertThat(model.diff()).allMatch(ParamDiffRow::differs).hasSize(5);

            model.rename(a, "  baseline  ");
            assertThat(db.reads().summary(a).orElseThrow().name()).isEqualTo("baseline");
            assertThat(model.runs().get(1).nameProperty().get()).isEqualTo("baseline");
            model.rename(a, " ");
            assertThat(model.errorProperty().get()).contains("blank");
            assertThat(db.reads().summary(a).orElseThrow().name()).isEqualTo("baseline");

            model.delete(List.of(a));
            assertThat(model.runs()).extracting(RunRow::id).containsExactly(b);
            assertThat(model.noticeProperty().get()).isEqualTo("Deleted “baseline”.");
            assertThat(model.undoAvailableProperty().get()).isTrue();
            model.undo();
            assertThat(model.runs()).extracting(RunRow::id).containsExactly(b, a);
            assertThat(model.undoAvailableProperty().get()).isFalse();
            model.stop();
        }
    }

    @Test
    void durationsReadAsTextAndTheChartsUseTheSharedPalette() {
        assertThat(DurationText.duration(Duration.ofMillis(8_400))).isEqualTo("8.4 s");
        assertThat(DurationText.duration(Duration.ofSeconds(65))).isEqualTo("1 min 05 s");
        assertThat(DurationText.duration(Duration.ofMinutes(123))).isEqualTo("2 h 03 min");
        assertThat(dev.defl.ui.SeriesPalette.COLOURS).isGreaterThanOrEqualTo(12);
        assertThat(java.util.stream.IntStream.range(0, dev.defl.ui.SeriesPalette.COLOURS).mapToObj(dev.defl.ui.SeriesPalette::colour).distinct().count())
                .isEqualTo(dev.defl.ui.SeriesPalette.COLOURS);
    }
}
