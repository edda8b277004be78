package dev.defl.engine.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RunCsv} on a run read back from a real SQLite run database. */
class RunCsvTest {

    @Test
    void roundsAndEpochsAreWrittenOneRowEachWithEmptyFieldsForAbsentFigures(@TempDir Path dir) throws Exception {
        try (RunDatabase db = RunDatabase.open(dir)) {
            RunParams p = new RunParams(RunKind.EXPERIMENT, "digits", null, 1000L, 200L, "iid", "mlp", "fedavg", Map.of(),
                    2, 1.0, 1, 2, 1, 32, 0.05, 7L, "cpu()", null);
            long id = db.startRun("seed 7, \"quoted\"", p, Instant.parse("2026-01-02T03:04:00Z"));
            db.roundFinalized(id, new RunRecord.RoundRow(1, Instant.parse("2026-01-02T03:04:01Z"),
                    Instant.parse("2026-01-02T03:04:09Z"), "bafkreione", 0.75, 0.5, null, null, null, 12L, 300000L,
                    1.5, 0.25, 0.125, 0.5));
            db.roundOpened(id, 2, Instant.parse("2026-01-02T03:04:10Z"));
            db.recordTransaction(id, new RunRecord.TxRow(1, "update", "0xaa", "bafkreiu1", 500L, "0x01", 100000L));
            db.recordTransaction(id, new RunRecord.TxRow(1, "update", "0xbb", "bafkreiu2", 500L, "0x02", 100000L));
            db.recordTransaction(id, new RunRecord.TxRow(1, "proposal", "0xcc", "bafkreione", null, "0x03", 100000L));
            db.recordEpoch(id, 1, 0, 1, 0.9, 0.6);
            db.recordEpoch(id, 1, 1, 1, 1.1, Double.NaN);
            RunRecord run = db.reads().run(id).orElseThrow();

            StringWriter rounds = new StringWriter();
            RunCsv.writeRounds(run, rounds);
            assertThat(rounds.toString()).isEqualTo(RunCsv.ROUNDS_HEADER + "\n"
                    + id + ",\"seed 7, \"\"quoted\"\"\",1,2026-01-02T03:04:01Z,2026-01-02T03:04:09Z,bafkreione,0.75,0.5,,,,12,300000,1.5,0.25,0.125,0.5,2,\n"
                    + id + ",\"seed 7, \"\"quoted\"\"\",2,2026-01-02T03:04:10Z,,,,,,,,,,,,,,0,\n");

            StringWriter epochs = new StringWriter();
            RunCsv.writeEpochs(run, epochs);
            assertThat(epochs.toString()).isEqualTo(RunCsv.EPOCHS_HEADER + "\n"
                    + id + ",\"seed 7, \"\"quoted\"\"\",1,1,1,0.9,0.6\n"
                    + id + ",\"seed 7, \"\"quoted\"\"\",1,2,1,1.1,\n");
        }
    }
}
