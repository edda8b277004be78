package dev.defl.engine.learning;

import dev.defl.engine.learning.DatasetOptions.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad cells that used to be read without a word: a typo in a numeric target (which turned Boston's regression into a
 * 229-class classification), numbers Java parses but a table should not hold ({@code 2.6f}), and bytes that are not
 * UTF-8. Each must fail naming the file, the line and the column (or byte offset) and the value.
 */
class CsvBadCellsTest {
    @TempDir
    Path dir;

    /** The bundled Boston table as text (sklearn preamble on line 1, header on line 2, 506 rows from line 3). */
    private static String bostonText() throws IOException {
        try (InputStream in = Datasets.class.getResourceAsStream(Datasets.BOSTON_RESOURCE);
             InputStream gz = new GZIPInputStream(in)) {
            return new String(gz.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Boston with the MEDV cell (column 14, the last) of each given 1-based line replaced by its value. */
    private Path bostonWith(Map<Integer, String> targets) throws IOException {
        String[] lines = bostonText().split("\n", -1);
        for (Map.Entry<Integer, String> e : targets.entrySet()) {
            String line = lines[e.getKey() - 1];
            lines[e.getKey() - 1] = line.substring(0, line.lastIndexOf(',') + 1) + e.getValue();
        }
        Path f = dir.resolve("boston.csv");
        Files.writeString(f, String.join("\n", lines));
        return f;
    }

    @ParameterizedTest(name = "MEDV cell {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "x1y|x1y",
            "1\"\"5.1|1\"\"5.1",
            "!2.6|!2.6",
            "'16\t7'|16\\t7",
            "2.6f|2.6f",
            "0x1p3|0x1p3"})
    void oneTypoInBostonsTargetIsNamedNotReadAsAClassification(String cell, String shown) throws Exception {
        Path f = bostonWith(Map.of(100, cell));
        for (DatasetOptions options : new DatasetOptions[] {DatasetOptions.defaults(), DatasetOptions.defaults().withTargetColumn("MEDV"),
                DatasetOptions.defaults().withTask(TaskType.REGRESSION)}) {
            assertThatThrownBy(() -> CsvDatasetReader.read(f, 1, options)).as(options.toString())
                    .isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining(f + ":100:14: non-numeric value \"" + shown + "\" in column 14 (MEDV)")
                    .hasMessageNotContaining("\n").hasMessageNotContaining("\t");
        }
    }

    @Test
    void severalTyposAreListedFirstFewAndCounted() throws Exception {
        Map<Integer, String> bad = new TreeMap<>();
        for (int line = 10; line <= 80; line += 10) bad.put(line, "bad" + line);
        Path f = bostonWith(bad);
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":10:14: non-numeric value \"bad10\" in column 14 (MEDV)")
                .hasMessageContaining("8 non-numeric cells")
                .hasMessageContaining(f + ":50:14 \"bad50\"")
                .hasMessageNotContaining("bad60")
                .hasMessageContaining("classification");
    }

    @Test
    void anIntegerLabelColumnWithATypoIsNotAFourClassProblem() throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "a,b,label\n1,2,0\n3,4,1\n5,6,2\n7,8,1x\n9,10,0\n11,12,1\n13,14,2\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":5:3: non-numeric value \"1x\" in column 3 (label)");
    }

    @Test
    void aTypoInTheFirstRowOfAHeaderlessTableIsNotTakenForAHeader() throws Exception {
        Path f = dir.resolve("headerless.csv");
        StringBuilder rows = new StringBuilder("1,2,x1y\n");
        for (int i = 2; i <= 40; i++) rows.append(i).append(',').append(i % 7).append(',').append(i * 1.25).append('\n');
        Files.writeString(f, rows.toString());
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":1:3: non-numeric value \"x1y\" in column 3;");
    }

    @Test
    void aHeaderWithSomeNumericNamesIsStillAHeader() throws Exception {
        Path f = dir.resolve("years.csv");
        StringBuilder rows = new StringBuilder("region,2019,2020,label\n");
        for (int i = 0; i < 20; i++) rows.append(i % 3).append(',').append(i).append(',').append(i * 2).append(',').append(i % 2).append('\n');
        Files.writeString(f, rows.toString());
        assertThat(CsvDatasetReader.read(f, 1).train().preprocessing()).contains("header line").contains("features (3): region,2019,2020");
    }

    @Test
    void askingForAClassificationReadsMixedLabelsAsClassNames() throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "a,b,label\n1,2,0\n3,4,1\n5,6,2\n7,8,1x\n9,10,0\n11,12,1\n13,14,2\n");
        DatasetSplit s = CsvDatasetReader.read(f, 1, DatasetOptions.defaults().withTask(TaskType.CLASSIFICATION));
        assertThat(s.train().numClasses()).isEqualTo(4);
        assertThat(s.train().preprocessing()).contains("labels: 0,1,1x,2 -> 0..3");
    }

    @Test
    void aMostlyTextTargetIsStillAClassification() throws Exception {
        Path f = dir.resolve("pets.csv");
        Files.writeString(f, "w,kind\n1,cat\n2,dog\n3,cat\n4,7\n5,dog\n6,cat\n");
        assertThat(CsvDatasetReader.read(f, 1).train().numClasses()).isEqualTo(3);
    }

    @Test
    void badFeatureCellsAreCountedToo() throws Exception {
        Path f = dir.resolve("features.csv");
        Files.writeString(f, "a,b,y\n1,2,0\n3,x,1\n5,6,0\n7,y,1\n9,10,0\n11,12,1\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":3:2: non-numeric value \"x\" in column 2 (b)")
                .hasMessageContaining("2 non-numeric cells").hasMessageContaining(f + ":5:2 \"y\"");
    }

    @Test
    void decimalFormsAreNumbersAndInfinityIsNamedAsNonFinite() throws Exception {
        Path f = dir.resolve("forms.csv");
        Files.writeString(f, "a,y\n.5,1.25\n-2.,2.5\n+3e-2,3.75\n1E5,5\n7,6.25\n8,7.5\n");
        assertThat(CsvDatasetReader.read(f, 1).train().isRegression()).isTrue();
        Files.writeString(f, "a,y\n.5,1.25\n-inf,2.5\n+3e-2,3.75\n1E5,5\n7,6.25\n8,7.5\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":3:1: non-finite value \"-inf\" in column 1 (a)");
        Files.writeString(f, "a,y\n.5,1.25\n1e39,2.5\n+3e-2,3.75\n1E5,5\n7,6.25\n8,7.5\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":3:1: non-finite value \"1e39\" in column 1 (a) (beyond the float range");
    }

    @Test
    void nonUtf8BytesAreNamedByLineAndByteOffset() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("x,y\n1,2\n3,caf".getBytes(StandardCharsets.US_ASCII));
        b.write(0xE9); // 'é' in Latin-1
        b.writeBytes("\n4,5\n6,7\n8,9\n".getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("latin1.csv");
        Files.write(f, b.toByteArray());
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(f + ":3: not UTF-8: byte 0xE9 at byte offset 13 (byte 6 of line 3)")
                .hasMessageNotContaining("gzip");

        Path gz = dir.resolve("latin1.csv.gz");
        Files.write(gz, IdxTestFiles.gzip(b.toByteArray()));
        assertThatThrownBy(() -> CsvDatasetReader.read(gz, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(gz + ":3: not UTF-8: byte 0xE9 at byte offset 13 (byte 6 of line 3) after gzip decompression");
    }

    @Test
    void utf16IsRecognisedByItsByteOrderMark() throws Exception {
        Path f = dir.resolve("utf16.csv");
        byte[] text = "x,y\n1,2\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[text.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(text, 0, bytes, 2, text.length);
        Files.write(f, bytes);
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":1: not UTF-8").hasMessageContaining("byte offset 0").hasMessageContaining("UTF-16");
    }

    @Test
    void validUtf8AcrossManyLinesStillReads() throws Exception {
        String rows = String.join("\n", Arrays.asList("city,y", "Zürich,1", "Köln,0", "Zürich,1", "Köln,0", "Zürich,1", "Köln,0")) + "\n";
        Path f = dir.resolve("utf8.csv");
        Files.writeString(f, rows);
        assertThat(CsvDatasetReader.read(f, 1).train().preprocessing()).contains("city=Köln");
    }
}
