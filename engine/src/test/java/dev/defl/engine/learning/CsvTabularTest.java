package dev.defl.engine.learning;

import dev.defl.engine.learning.DatasetOptions.MissingValues;
import dev.defl.engine.learning.DatasetOptions.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The tabular side of {@link CsvDatasetReader}: header and preamble, target choice, encoding, missing values. */
class CsvTabularTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    /** {@code rows} lines "x,y" with x = i and a real target y = 0.5·i + 0.25 (30 distinct values: regression). */
    private static String linear(int rows) {
        return IntStream.range(0, rows).mapToObj(i -> i + "," + (0.5 * i + 0.25)).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The row of {@code data} whose target is {@code target}. */
    private static int rowWithTarget(LabeledDataset data, float target) {
        for (int i = 0; i < data.size(); i++) if (data.targets()[i] == target) return i;
        return -1;
    }

    @Test
    void sklearnPreambleLineAndQuotedHeaderAreSkipped() throws Exception {
        Path f = csv("house.csv", "30,1,,\n\"x\",\"price\"\n" + linear(30));
        DatasetSplit s = CsvDatasetReader.read(f, 3);
        assertThat(s.train().size() + s.test().size()).isEqualTo(30);
        assertThat(s.train().isRegression()).isTrue();
        assertThat(s.train().numFeatures()).isEqualTo(1);
        assertThat(s.train().preprocessing()).contains("sklearn preamble line 1 skipped").contains("header line")
                .contains("target price (column 2)").contains("features (1): x");
    }

    @Test
    void bundledBostonIsARegressionOnMedvInThousandsOfDollars() throws Exception {
        DatasetSplit s = Datasets.load("boston", 1);
        assertThat(s.train().size()).isEqualTo(404);
        assertThat(s.test().size()).isEqualTo(102);
        assertThat(s.train().numFeatures()).isEqualTo(13);
        assertThat(s.train().isRegression()).isTrue();
        assertThat(s.train().numClasses()).isEqualTo(CsvDatasetReader.TARGET_BINS);
        float max = 0;
        for (float t : s.train().targets()) max = Math.max(max, t);
        assertThat(max).as("raw MEDV, not scaled").isEqualTo(50f);
        assertThat(s.train().preprocessing()).contains("target MEDV (column 14)").contains("CRIM(mean=");
        // target bins: ten training deciles, each holding about a tenth of the training rows
        for (long count : s.train().classCounts()) assertThat(count).isBetween(20L, 60L);
    }

    @Test
    void targetIsChosenByHeaderNameOrOneBasedIndex() throws Exception {
        String rows = IntStream.range(0, 20).mapToObj(i -> (i % 3) + "," + i + "," + (i * 1.5)).collect(Collectors.joining("\n"));
        Path f = csv("t.csv", "kind,count,weight\n" + rows + "\n");
        DatasetSplit byName = CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTargetColumn("Kind"));
        assertThat(byName.train().isRegression()).isFalse();
        assertThat(byName.train().numClasses()).isEqualTo(3);
        assertThat(byName.train().numFeatures()).isEqualTo(2);
        assertThat(byName.train().preprocessing()).contains("target kind (column 1)").contains("features (2): count,weight");

        DatasetSplit byIndex = CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTargetColumn("2"));
        assertThat(byIndex.train().preprocessing()).contains("target count (column 2)");
        assertThat(byIndex.train().isRegression()).as("20 distinct integers are classes under auto").isFalse();
        assertThat(CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTargetColumn("2").withTask(TaskType.REGRESSION))
                .train().isRegression()).isTrue();
        assertThat(CsvDatasetReader.read(f, 1).train().isRegression()).as("real-valued last column").isTrue();

        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTargetColumn("price")))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("no target column 'price'")
                .hasMessageContaining("kind, count, weight");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTargetColumn("4")))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("target column 4 is out of range");
    }

    @Test
    void textTargetCannotBeARegression() throws Exception {
        Path f = csv("text.csv", "a,b\n1,x\n2,y\n3,x\n4,y\n5,x\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTask(TaskType.REGRESSION)))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(f + ":2:2: non-numeric value \"x\"");
    }

    @Test
    void textColumnsAreOneHotOverTrainCategoriesAndAnUnseenTestCategoryIsAllZeros() throws Exception {
        // quoted categories with commas (RFC 4180); "Zed, Z" occurs once, in the row whose target is 999
        StringBuilder sb = new StringBuilder("city,size,price\n");
        for (int i = 0; i < 30; i++) sb.append(i % 2 == 0 ? "\"Oslo, NO\"" : "\"Lima, PE\"").append(',').append(i).append(',').append(i + 0.5).append('\n');
        sb.append("\"Zed, Z\",7,999\n");
        Path f = csv("cities.csv", sb.toString());
        for (long seed = 1; seed < 100; seed++) {
            DatasetSplit s = CsvDatasetReader.read(f, seed);
            int row = rowWithTarget(s.test(), 999f);
            if (row < 0) continue;
            assertThat(s.train().numFeatures()).isEqualTo(3);
            assertThat(s.train().preprocessing()).contains("features (3): city=Lima, PE,city=Oslo, NO,size")
                    .contains("city{Lima, PE,Oslo, NO}");
            float[] x = s.test().row(row);
            assertThat(x[0]).isZero();
            assertThat(x[1]).isZero();
            float[] first = s.train().row(0);
            assertThat(first[0] + first[1]).as("a seen category has exactly one 1").isEqualTo(1f);
            return;
        }
        throw new AssertionError("no seed below 100 put the Zed row in the test split");
    }

    @Test
    void numericColumnsAreStandardizedWithTrainStatisticsOnly() throws Exception {
        // feature x = i, target y = 0.5·i + 0.25: x is recovered from the raw target
        DatasetSplit s = CsvDatasetReader.read(csv("lin.csv", "x,y\n" + linear(40)), 5);
        double mean = 0;
        double m2 = 0;
        float[] trainX = new float[s.train().size()];
        for (int i = 0; i < trainX.length; i++) trainX[i] = (s.train().targets()[i] - 0.25f) / 0.5f;
        for (float v : trainX) mean += v;
        mean /= trainX.length;
        for (float v : trainX) m2 += (v - mean) * (v - mean);
        double std = Math.sqrt(m2 / trainX.length);
        for (int i = 0; i < s.train().size(); i++) assertThat(s.train().row(i)[0]).isCloseTo((float) ((trainX[i] - mean) / std), within(1e-5f));
        double testMean = 0;
        for (int i = 0; i < s.test().size(); i++) {
            double raw = (s.test().targets()[i] - 0.25) / 0.5;
            assertThat(s.test().row(i)[0]).isCloseTo((float) ((raw - mean) / std), within(1e-5f));
            testMean += s.test().row(i)[0];
        }
        assertThat(Math.abs(testMean / s.test().size())).as("the test part is not re-centred").isGreaterThan(0.01);
        assertThat(s.train().preprocessing()).contains("x(mean=" + (float) mean + ",std=" + (float) std + ")");
    }

    @Test
    void constantColumnIsOnlyCentred() throws Exception {
        String rows = IntStream.range(0, 10).mapToObj(i -> "4," + i + "," + (i * 0.5)).collect(Collectors.joining("\n"));
        DatasetSplit s = CsvDatasetReader.read(csv("c.csv", rows), 1, DatasetOptions.defaults().withTask(TaskType.REGRESSION));
        for (int i = 0; i < s.train().size(); i++) assertThat(s.train().row(i)[0]).isZero();
        assertThat(s.train().preprocessing()).contains("column 1(mean=4.0,std=0.0)").contains("no header line");
    }

    @Test
    void missingCellsAreReportedWithFileLineAndColumn() throws Exception {
        Path f = csv("holes.csv", "a,b,c\n1,2,3\n4,,6\n7,8,9\nNA,11,12\n13,?,15\n16,17,NaN\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ": 4 missing cells (empty, NA, NaN or ?): " + f + ":3:2, " + f + ":5:1, " + f + ":6:2, " + f + ":7:3")
                .hasMessageContaining("mean, median or drop");
    }

    @Test
    void missingReportListsTheFirstTenAndTheCount() throws Exception {
        String rows = IntStream.range(0, 12).mapToObj(i -> i + ",," + i).collect(Collectors.joining("\n"));
        Path f = csv("many.csv", rows);
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("12 missing cells").hasMessageContaining(f + ":10:2, …")
                .hasMessageNotContaining(f + ":11:2");
    }

    /** x = 1 in most rows, 100 in one, missing in the row whose target is 7.5; target y = i + 0.5. */
    private Path skewedWithOneHole() throws Exception {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 30; i++) sb.append(i == 7 ? "" : i == 3 ? "100" : "1").append(',').append(i + 0.5).append('\n');
        return csv("skew.csv", sb.toString());
    }

    @Test
    void meanImputationFillsTheTrainMean() throws Exception {
        DatasetSplit s = CsvDatasetReader.read(skewedWithOneHole(), 2, DatasetOptions.defaults().withMissing(MissingValues.MEAN));
        LabeledDataset part = rowWithTarget(s.train(), 7.5f) >= 0 ? s.train() : s.test();
        // mean imputation: the filled cell sits at the train mean, whose z-score is 0 (whether the row trains or tests)
        assertThat(part.row(rowWithTarget(part, 7.5f))[0]).isCloseTo(0f, within(1e-5f));
        assertThat(s.train().preprocessing()).contains("missing: 1 cells imputed with train mean");
    }

    @Test
    void medianImputationFillsTheTrainMedian() throws Exception {
        DatasetSplit s = CsvDatasetReader.read(skewedWithOneHole(), 2, DatasetOptions.defaults().withMissing(MissingValues.MEDIAN));
        LabeledDataset part = rowWithTarget(s.train(), 7.5f) >= 0 ? s.train() : s.test();
        int ordinary = 0;
        while (s.train().targets()[ordinary] == 3.5f || s.train().targets()[ordinary] == 7.5f) ordinary++;
        // the training median of x is 1: the filled cell standardizes like any x = 1 cell
        assertThat(part.row(rowWithTarget(part, 7.5f))[0]).isEqualTo(s.train().row(ordinary)[0]).isNotZero();
        assertThat(s.train().preprocessing()).contains("imputed with train median");
    }

    @Test
    void dropRemovesRowsWithMissingCells() throws Exception {
        DatasetSplit s = CsvDatasetReader.read(skewedWithOneHole(), 2, DatasetOptions.defaults().withMissing(MissingValues.DROP));
        assertThat(s.train().size() + s.test().size()).isEqualTo(29);
        assertThat(rowWithTarget(s.train(), 7.5f)).isNegative();
        assertThat(rowWithTarget(s.test(), 7.5f)).isNegative();
        assertThat(s.train().preprocessing()).contains("missing: 1 rows with missing cells dropped");
    }

    @Test
    void missingTargetCannotBeImputed() throws Exception {
        Path f = csv("t.csv", linear(10) + "3,\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withMissing(MissingValues.MEAN)))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(f + ":11:2").hasMessageContaining("drop");
    }

    @Test
    void unclosedQuoteNamesItsLine() throws Exception {
        Path f = csv("q.csv", "a,b\n1,2\n\"3,4\n5,6\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":3: quoted field is not closed");
    }

    @Test
    void featureNamesAreReadBackFromThePreprocessingNote() throws Exception {
        DatasetSplit boston = Datasets.boston(7);
        assertThat(CsvDatasetReader.featureNames(boston.train().preprocessing(), 13))
                .containsExactly("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT");
        assertThat(CsvDatasetReader.featureNames(boston.train().preprocessing(), 12)).isEmpty();
        assertThat(CsvDatasetReader.featureNames(Datasets.digits(7).train().preprocessing(), 64)).isEmpty();
        assertThat(CsvDatasetReader.featureNames(null, 3)).isEmpty();
    }
}
