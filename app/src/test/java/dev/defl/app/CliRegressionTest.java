package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl run} on regression data: {@code --model linreg}, {@code --target}, {@code --target-type}, {@code --missing}. */
class CliRegressionTest {

    @TempDir
    Path dir;

    @Test
    void linregOnBostonPrintsRmseAndRSquaredAndReportsThem() throws Exception {
        Path report = dir.resolve("report.json");
        CliOutcome o = defl("run", "--dataset", "boston", "--model", "linreg", "--clients", "2", "--aggregators", "1",
                "--rounds", "1", "--local-epochs", "5", "--learning-rate", "0.01", "--data-dir", dir.resolve("data").toString(),
                "--report", report.toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.lines().getFirst()).contains("dataset boston/train: 404 training rows").contains("model linreg, 14 parameters");
        List<String> rounds = o.lines().stream().filter(l -> l.startsWith("round ")).toList();
        assertThat(rounds).singleElement().asString().contains("rmse ").contains("r2 ").doesNotContain("accuracy");
        JsonNode round = new ObjectMapper().readTree(report.toFile()).get("rounds").get(0);
        assertThat(round.get("testAccuracy").isNull()).isTrue();
        assertThat(round.get("testRmse").asDouble()).isPositive();
        assertThat(round.get("testR2").asDouble()).isGreaterThan(0.0);
    }

    @Test
    void classificationModelOnRegressionDataNamesTheRegressionModels() {
        CliOutcome o = defl("run", "--dataset", "boston", "--model", "mlp", "--data-dir", dir.resolve("data").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith("run: error: model mlp is a classification model").contains("linreg or mlp-reg");
    }

    @Test
    void targetTaskAndMissingOptionsReachTheCsvReader() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "kind,size,price\n" + IntStream.range(0, 30)
                .mapToObj(i -> (i % 2) + "," + (i == 4 ? "NA" : Integer.toString(i)) + "," + (i * 1.5))
                .collect(Collectors.joining("\n")));
        CliOutcome reported = defl("run", "--dataset", csv.toString(), "--model", "linreg", "--data-dir", dir.resolve("data").toString());
        assertThat(reported.exitCode()).isEqualTo(1);
        assertThat(reported.stderr()).contains(csv + ":6:2");
        CliOutcome badTask = defl("run", "--dataset", csv.toString(), "--target-type", "clustering", "--data-dir", dir.resolve("data").toString());
        assertThat(badTask.stderr().strip()).isEqualTo("run: error: --target-type must be one of auto, classification, regression; got 'clustering'");
        CliOutcome byKind = defl("run", "--dataset", csv.toString(), "--target", "kind", "--missing", "median", "--model", "mlp",
                "--clients", "2", "--aggregators", "1", "--rounds", "1", "--data-dir", dir.resolve("data").toString());
        assertThat(byKind.exitCode()).as(byKind.stderr()).isZero();
        assertThat(byKind.lines().stream().filter(l -> l.startsWith("round "))).singleElement().asString().contains("accuracy");
    }
}
