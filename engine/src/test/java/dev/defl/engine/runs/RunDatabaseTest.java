package dev.defl.engine.runs;

import dev.defl.engine.workspace.EmbeddedDigitsWorkspace;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.FederatedExperiment;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunListener;
import dev.defl.engine.protocol.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run database on a real SQLite file, fed by real runs (digits on the embedded store and anvil). */
class RunDatabaseTest extends EmbeddedDigitsWorkspace {
    private static RecordedExperiment recorded(RunDatabase db) {
        return new RecordedExperiment(new FederatedExperiment(workspace), db, workspace.content(), RunReport.CPU);
    }

    @Test
    void aRunIsKeptWithItsRoundsEpochsTransactionsNamesAndLabels(@TempDir Path dir) throws Exception {
        try (RunDatabase db = RunDatabase.open(dir)) {
            AtomicInteger changes = new AtomicInteger();
            db.onChange(c -> changes.incrementAndGet());
            var config = new ExperimentConfig(3, 2, 2, 2, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
            RunReport report = recorded(db).run(config, data, ModelKind.MLP.spec(data), new RunListener() { }, () -> false);

            RunRecord run = db.reads().run(db.reads().runs(false).getFirst().id()).orElseThrow();
            RunSummary s = run.summary();
            assertThat(s.name()).isEqualTo("run " + s.id());
            assertThat(s.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(s.endedAt()).isAfterOrEqualTo(s.startedAt());
            assertThat(s.taskId()).isEqualTo(report.taskId());
            assertThat(s.contract()).isEqualToIgnoringCase(report.contract());
            assertThat(s.chainId()).isEqualTo(report.chainId());
            assertThat(s.params().datasetName()).isEqualTo("digits");
            assertThat(s.params().datasetCid()).startsWith("bafk");
            assertThat(s.params().model()).isEqualTo("mlp");
            assertThat(s.params().strategy()).isEqualTo("fedavg");
            assertThat(s.params().clients()).isEqualTo(3);
            assertThat(s.params().localEpochs()).isEqualTo(2);
            assertThat(s.params().device()).isEqualTo("cpu()");
            assertThat(s.roundsDone()).isEqualTo(2);
            assertThat(s.finalMetric()).isEqualTo(report.rounds().get(1).testAccuracy());
            assertThat(s.bestMetric()).isEqualTo(Math.max(report.rounds().get(0).testAccuracy(), report.rounds().get(1).testAccuracy()));

            assertThat(run.rounds()).extracting(RunRecord.RoundRow::globalCid)
                    .containsExactlyElementsOf(report.rounds().stream().map(RunReport.RoundReport::globalModelCid).toList());
            RunRecord.RoundRow r1 = run.rounds().getFirst();
            assertThat(r1.gasUsed()).isPositive();
            assertThat(r1.trainSeconds()).isPositive();
            assertThat(r1.openedAt()).isNotNull();
            assertThat(run.epochs()).hasSize(2 * 3 * 2); // rounds × clients × E
            assertThat(run.transactions()).filteredOn(t -> t.kind().equals("update")).hasSize(6);
            assertThat(run.transactions()).filteredOn(t -> t.kind().equals("update"))
                    .extracting(RunRecord.TxRow::cid)
                    .containsExactlyElementsOf(report.rounds().stream().flatMap(r -> r.updates().stream())
                            .map(RunReport.UpdateRecord::cid).toList());
            assertThat(run.participants()).hasSize(5);

            Map<String, ContentName> names = db.names().contentNames();
            assertThat(names.get(report.rounds().get(1).globalModelCid()).name()).isEqualTo("run " + s.id() + " · round 2 · global model");
            String update = report.rounds().get(0).updates().get(2).cid();
            assertThat(names.get(update).name()).isEqualTo("run " + s.id() + " · round 1 · update of client 3");
            assertThat(names.get(s.params().datasetCid()).name()).isEqualTo("dataset digits");
            assertThat(names.values()).extracting(ContentName::name).contains("dataset digits · train shard 1 of 1",
                    "dataset digits · test shard 1 of 1");
            assertThat(workspace.content().has(dev.defl.engine.content.Cid.parse(s.params().datasetCid()))).isTrue();
            String client2 = run.participants().stream().filter(p -> p.role().equals("client") && p.index() == 1)
                    .findFirst().orElseThrow().address();
            assertThat(db.names().labels()).containsEntry(client2.toLowerCase(), "run " + s.id() + " · client 2");
            assertThat(changes).hasPositiveValue();
        }
    }

    @Test
    void aStoppedRunIsRecordedStoppedAndAFailedOneWithItsError(@TempDir Path dir) throws Exception {
        try (RunDatabase db = RunDatabase.open(dir)) {
            var config = new ExperimentConfig(2, 1, 3, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
            boolean[] stop = {false};
            RunListener stopAfterRound1 = new RunListener() {
                @Override
                public void onRoundFinalized(RunReport.RoundReport report) {
                    stop[0] = true;
                }
            };
            assertThatThrownBy(() -> recorded(db).run(config, data, ModelKind.MLP.spec(data), stopAfterRound1, () -> stop[0]))
                    .isInstanceOf(RunCancelledException.class);
            RunSummary stopped = db.reads().runs(false).getFirst();
            assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
            assertThat(stopped.roundsDone()).isEqualTo(1);

            var tooMany = new ExperimentConfig(2, 1, 1, 1, 32, ExperimentConfig.DEFAULT_LEARNING_RATE, 7);
            var wrongModel = ModelKind.LINREG.spec(Datasets.load("boston", 7));
            assertThatThrownBy(() -> recorded(db).run(tooMany, data, wrongModel, new RunListener() { }, () -> false))
                    .isInstanceOf(IllegalArgumentException.class);
            RunSummary failed = db.reads().runs(false).getFirst();
            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.error()).contains("features");
        }
    }

    @Test
    void migratesAFirstVersionFileKeepingItsRuns(@TempDir Path dir) throws Exception {
        long id;
        try (RunDatabase v1 = RunDatabase.open(dir, 1)) {
            id = v1.startRun("old run", params(), Instant.parse("2026-01-02T03:04:05Z"));
            v1.roundFinalized(id, new RunRecord.RoundRow(1, null, Instant.parse("2026-01-02T03:05:00Z"), "bafkreiold",
                    0.5, 1.2, null, null, null, 9L, 100L, null, null, null, null));
            v1.finishRun(id, RunStatus.FINISHED, null, Instant.parse("2026-01-02T03:06:00Z"));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunDatabase.FILE_NAME))) {
            assertThat(RunSchema.version(c)).isEqualTo(1);
        }
        try (RunDatabase db = RunDatabase.open(dir)) {
            RunSummary old = db.reads().summary(id).orElseThrow();
            assertThat(old.name()).isEqualTo("old run");
            assertThat(old.finalMetric()).isEqualTo(0.5);
            assertThat(old.deletedAt()).isNull();
            db.names().setLabel("0x00000000000000000000000000000000000000aa", "alice");
            assertThat(db.names().labels()).containsEntry("0x00000000000000000000000000000000000000aa", "alice");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunDatabase.FILE_NAME))) {
            assertThat(RunSchema.version(c)).isEqualTo(RunSchema.CURRENT);
        }
    }

    /** Schema 2 → 3 adds the DP columns: the old run reads back without DP, a new DP run with its setting and ε. */
    @Test
    void migratesASecondVersionFileAddingTheDpColumns(@TempDir Path dir) throws Exception {
        long old;
        try (RunDatabase v2 = RunDatabase.open(dir, 2)) {
            old = v2.startRun("old run", params(), Instant.parse("2026-01-02T03:04:05Z"));
            v2.roundFinalized(old, new RunRecord.RoundRow(1, null, Instant.parse("2026-01-02T03:05:00Z"), "bafkreiold",
                    0.5, 1.2, null, null, null, 9L, 100L, null, null, null, null));
            v2.finishRun(old, RunStatus.FINISHED, null, Instant.parse("2026-01-02T03:06:00Z"));
        }
        try (RunDatabase db = RunDatabase.open(dir)) {
            RunRecord before = db.reads().run(old).orElseThrow();
            assertThat(before.summary().params().dpClip()).isNull();
            assertThat(before.rounds().getFirst().epsilon()).isNull();
            assertThat(before.summary().params().describe()).doesNotContainKey("DP clip C");

            RunParams dp = params().withDp(new dev.defl.engine.learning.privacy.DpSetting(1.0, 1.1, 1e-5));
            long id = db.startRun("dp run", dp, Instant.parse("2026-01-03T03:04:05Z"));
            db.roundFinalized(id, new RunRecord.RoundRow(1, null, Instant.parse("2026-01-03T03:05:00Z"), "bafkreidp",
                    0.4, 1.3, null, null, null, 10L, 100L, null, null, null, null, 2.5));
            db.roundFinalized(id, new RunRecord.RoundRow(2, null, Instant.parse("2026-01-03T03:06:00Z"), "bafkreidp2",
                    0.4, 1.3, null, null, null, 11L, 100L, null, null, null, null, Double.POSITIVE_INFINITY));
            RunRecord back = db.reads().run(id).orElseThrow();
            assertThat(back.summary().params()).isEqualTo(dp);
            assertThat(back.summary().params().describe()).containsEntry("DP clip C", "1").containsEntry("DP δ", "1.0E-5");
            assertThat(back.rounds()).extracting(RunRecord.RoundRow::epsilon).containsExactly(2.5, Double.POSITIVE_INFINITY);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunDatabase.FILE_NAME))) {
            assertThat(RunSchema.version(c)).isEqualTo(RunSchema.CURRENT);
        }
    }

    /** Schema 3 → 4 adds adaptive clipping's γ: a fixed-C run reads back without it, an adaptive one with it. */
    @Test
    void migratesAThirdVersionFileAddingTheTargetQuantile(@TempDir Path dir) throws Exception {
        var fixed = new dev.defl.engine.learning.privacy.DpSetting(1.0, 1.1, 1e-5);
        long old;
        try (RunDatabase v3 = RunDatabase.open(dir, 3)) {
            old = v3.startRun("fixed C", params().withDp(fixed), Instant.parse("2026-01-02T03:04:05Z"));
        }
        try (RunDatabase db = RunDatabase.open(dir)) {
            assertThat(db.reads().summary(old).orElseThrow().params()).isEqualTo(params().withDp(fixed));
            RunParams adaptive = params().withDp(fixed.withTargetQuantile(0.7));
            long id = db.startRun("adaptive", adaptive, Instant.parse("2026-01-03T03:04:05Z"));
            RunParams back = db.reads().summary(id).orElseThrow().params();
            assertThat(back).isEqualTo(adaptive);
            assertThat(back.dpTargetQuantile()).isEqualTo(0.7);
            assertThat(back.describe()).containsEntry("DP target quantile γ", "0.7");
        }
    }

    /** Schema 4 → 5 rebuilds {@code transactions} to allow Merkle mode's commit and claim rows, keeping the old rows. */
    @Test
    void migratesAFourthVersionFileKeepingItsTransactionsAndTakingCommitsAndClaims(@TempDir Path dir) throws Exception {
        long old;
        var update = new RunRecord.TxRow(1, "update", "0xaa", "bafyupdate", 10L, "0x01", 50_000L);
        try (RunDatabase v4 = RunDatabase.open(dir, 4)) {
            old = v4.startRun("per-update", params(), Instant.parse("2026-01-02T03:04:05Z"));
            v4.recordTransaction(old, update);
            assertThatThrownBy(() -> v4.recordTransaction(old, new RunRecord.TxRow(1, "commit", "0xbb", "bafymanifest", null, "0x02", 90_000L)))
                    .isInstanceOf(java.io.IOException.class);
        }
        try (RunDatabase db = RunDatabase.open(dir)) {
            var commit = new RunRecord.TxRow(1, "commit", "0xbb", "bafymanifest", null, "0x02", 90_000L);
            var claim = new RunRecord.TxRow(1, "claim", "0xaa", "bafyupdate", null, "0x03", 40_000L);
            db.recordTransaction(old, commit);
            db.recordTransaction(old, claim);
            assertThat(db.reads().run(old).orElseThrow().transactions()).containsExactlyInAnyOrder(update, commit, claim);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunDatabase.FILE_NAME))) {
            assertThat(RunSchema.version(c)).isEqualTo(5);
        }
    }

    @Test
    void aFileFromANewerBuildOrNotSqliteIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunDatabase.FILE_NAME));
             var st = c.createStatement()) {
            st.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> RunDatabase.open(dir)).hasMessageContaining(RunDatabase.FILE_NAME).hasMessageContaining("newer");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve(RunDatabase.FILE_NAME), "not a database, just text ".repeat(100));
        assertThatThrownBy(() -> RunDatabase.open(other)).hasMessageContaining(RunDatabase.FILE_NAME);
    }

    @Test
    void aRunLeftRunningByADeadProcessIsInterruptedAndDeleteCanBeUndone(@TempDir Path dir) throws Exception {
        long id;
        try (RunDatabase db = RunDatabase.open(dir)) {
            id = db.startRun(null, params(), Instant.now());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunDatabase.FILE_NAME));
             var st = c.createStatement()) {
            st.executeUpdate("UPDATE runs SET pid = 2147483000"); // no such process: as after kill -9
        }
        try (RunDatabase db = RunDatabase.open(dir)) {
            assertThat(db.reads().summary(id).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            db.rename(id, "  baseline  ");
            assertThat(db.reads().summary(id).orElseThrow().name()).isEqualTo("baseline");
            assertThatThrownBy(() -> db.rename(id, " ")).isInstanceOf(IllegalArgumentException.class);
            db.markDeleted(id);
            assertThat(db.reads().runs(false)).isEmpty();
            db.restore(id);
            assertThat(db.reads().runs(false)).hasSize(1);
            db.markDeleted(id);
            assertThat(db.purgeDeleted()).isEqualTo(1);
            assertThat(db.reads().runs(true)).isEmpty();
        }
    }

    @Test
    void aUserLabelWinsOverLabelsDerivedFromLaterRuns(@TempDir Path dir) throws Exception {
        String a = "0x00000000000000000000000000000000000000Bb";
        try (RunDatabase db = RunDatabase.open(dir)) {
            long r1 = db.startRun(null, params(), Instant.now());
            db.setTask(r1, 31337, "0xc", 1, "bafkspec", "bafkinit", List.of(a), List.of());
            assertThat(db.names().labels()).containsEntry(a.toLowerCase(), "run " + r1 + " · client 1");
            db.names().setLabel(a, "Alice's laptop");
            long r2 = db.startRun(null, params(), Instant.now());
            db.setTask(r2, 31337, "0xc", 2, "bafkspec", "bafkinit", List.of(), List.of(a));
            assertThat(db.names().labels()).containsEntry(a.toLowerCase(), "Alice's laptop");
            db.names().setLabel(a, "");
            assertThat(db.names().labels()).doesNotContainKey(a.toLowerCase());
            assertThatThrownBy(() -> db.names().setLabel("0x12", "x")).hasMessageContaining("0x12");
            assertThatThrownBy(() -> db.names().setLabel(a, "x".repeat(500))).hasMessageContaining("120");
        }
    }

    @Test
    void theRecorderPassesOnEveryEventOfARunListener() {
        for (java.lang.reflect.Method m : RunListener.class.getMethods()) {
            if (m.isDefault()) {
                assertThat(java.util.Arrays.stream(RunRecorder.class.getDeclaredMethods())
                        .anyMatch(d -> d.getName().equals(m.getName()) && java.util.Arrays.equals(d.getParameterTypes(), m.getParameterTypes())))
                        .as("RunRecorder passes on %s", m).isTrue();
            }
        }
    }

    private static RunParams params() {
        return new RunParams(RunKind.EXPERIMENT, "digits", null, 1000L, 200L, "iid", "mlp", "fedavg", Map.of(), 3, 1.0,
                2, 2, 1, 32, 0.05, 7L, "cpu()", null);
    }
}
