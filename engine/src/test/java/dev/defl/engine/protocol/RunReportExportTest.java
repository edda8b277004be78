package dev.defl.engine.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunReportExportTest {

    static final RunReport REPORT = new RunReport(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", 1, List.of(
            new RoundReport(1, "bafkreiaaa", 0.75, 0.8125,
                    List.of(new UpdateRecord("0xc1", "bafkreic1", 100, "0xt1", 101_142),
                            new UpdateRecord("0xc2", "bafkreic2", 90, "0xt2", 101_142)),
                    List.of(new ProposalRecord("0xa1", "bafkreiaaa", "0xt3", 167_466)),
                    List.of(new VoteRecord("0xa2", "bafkreiaaa", "0xt4", 76_030)), 12),
            new RoundReport(2, "bafkreibbb", 0.875, 0.5, List.of(new UpdateRecord("0xc1", "bafkreic3", 100, "0xt5", 90_000)),
                    List.of(), List.of(), 20)));

    @Test
    void jsonRoundTripsToAnEqualReport(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("run.json");
        RunReportExport.writeJson(REPORT, json);
        assertThat(Files.readString(json)).contains("\n  \"chainId\" : 31337");
        assertThat(new ObjectMapper().readValue(json.toFile(), RunReport.class)).isEqualTo(REPORT);
    }

    @Test
    void csvHasAHeaderAndOneRowPerRoundWithTheUpdateCount(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("run.csv");
        RunReportExport.writeCsv(REPORT, csv);
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly(
                "round,globalModelCid,testAccuracy,testLoss,testRmse,testMae,testR2,updates,finalizedBlock,epsilon,clipNorm",
                "1,bafkreiaaa,0.75,0.8125,,,,2,12,,",
                "2,bafkreibbb,0.875,0.5,,,,1,20,,");
    }

    @Test
    void aRegressionReportReadsBackWithItsAccuracyStillNaN(@TempDir Path dir) throws IOException {
        RunReport regression = new RunReport(1, "0x0", 1, List.of(new RoundReport(1, "bafkreiccc", Double.NaN, 9.0,
                3.0, 2.25, 0.8, List.of(), List.of(), List.of(), 30)));
        Path json = dir.resolve("regression.json");
        RunReportExport.writeJson(regression, json);
        assertThat(Files.readString(json)).contains("\"testAccuracy\" : null");
        RunReport back = new ObjectMapper().readValue(json.toFile(), RunReport.class);
        assertThat(back.rounds().getFirst().testAccuracy()).isNaN();
        assertThat(back).isEqualTo(regression);
    }

    @Test
    void aRegressionRoundHasRmseMaeAndR2AndNoAccuracy(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("sub/regression.csv");
        RunReportExport.writeCsv(new RunReport(1, "0x0", 1, List.of(new RoundReport(1, "bafkreiccc", Double.NaN, 9.0,
                3.0, 2.25, 0.8, List.of(), List.of(), List.of(), 30))), csv);
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly(RunReportExport.CSV_HEADER,
                "1,bafkreiccc,,9.0,3.0,2.25,0.8,0,30,,");
    }

    @Test
    void aReportWithoutRoundsIsJustTheHeader(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("empty.csv");
        RunReportExport.writeCsv(new RunReport(1, "0x0", 0, List.of()), csv);
        assertThat(Files.readString(csv)).isEqualTo(RunReportExport.CSV_HEADER + "\n");
    }

    @Test
    void anUnwritableTargetIsReportedWithItsPath(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("a-file/run.csv"); // its parent is a regular file
        Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> RunReportExport.writeCsv(REPORT, missing))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> RunReportExport.writeJson(REPORT, dir.resolve("a-file/run.json")))
                .isInstanceOf(IOException.class).hasMessageContaining("run.json");
    }

    @Test
    void epsilonAndTheAdaptiveClipNormAreTheLastCsvColumnsAndRoundTripInJson(@TempDir Path dir) throws IOException {
        RunReport dp = new RunReport(1, "0x0", 1, List.of(
                new RoundReport(1, "bafkreiccc", 0.5, 1.0, List.of(), List.of(), List.of(), 30).withEpsilon(1.25).withClipNorm(0.125),
                new RoundReport(2, "bafkreiddd", 0.5, 1.0, List.of(), List.of(), List.of(), 31)
                        .withEpsilon(Double.POSITIVE_INFINITY)));
        Path csv = dir.resolve("dp.csv");
        RunReportExport.writeCsv(dp, csv);
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly(RunReportExport.CSV_HEADER,
                "1,bafkreiccc,0.5,1.0,,,,0,30,1.25,0.125", "2,bafkreiddd,0.5,1.0,,,,0,31,Infinity,");
        Path json = dir.resolve("dp.json");
        RunReportExport.writeJson(dp, json);
        assertThat(new ObjectMapper().readValue(json.toFile(), RunReport.class)).isEqualTo(dp);
        // a report written before epsilon existed reads back without it
        String old = Files.readString(json).replace(",\n    \"epsilon\" : 1.25", "").replace(",\n    \"epsilon\" : \"Infinity\"", "");
        assertThat(old).doesNotContain("epsilon");
        assertThat(new ObjectMapper().readValue(old, RunReport.class).rounds()).allMatch(r -> r.epsilon() == null);
    }
}
