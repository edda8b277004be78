package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvDatasetReaderTest {
    @TempDir
    Path dir;

    @Test
    void bundledDigitsLoadAndSplit80To20() throws Exception {
        DatasetSplit s = Datasets.load("digits", 42);
        assertThat(s.train().size()).isEqualTo(1437);
        assertThat(s.test().size()).isEqualTo(360);
        assertThat(s.train().numFeatures()).isEqualTo(64);
        assertThat(s.train().numClasses()).isEqualTo(10);
        assertThat(s.train().imageShape()).containsExactly(8, 8);
        assertThat(s.train().preprocessing()).startsWith("x/max|x| per column (train)").contains("16");
        float max = 0;
        for (float v : s.train().features()) max = Math.max(max, v);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void splitIsDeterministicPerSeed() throws Exception {
        DatasetSplit a = Datasets.load("digits", 7);
        DatasetSplit b = Datasets.load("digits", 7);
        DatasetSplit c = Datasets.load("digits", 8);
        assertThat(a.test().labels()).containsExactly(b.test().labels());
        assertThat(a.test().features()).containsExactly(b.test().features());
        assertThat(a.test().labels()).isNotEqualTo(c.test().labels());
    }

    @Test
    void detectsHeaderAndMapsStringLabelsInSortedOrder() throws Exception {
        Path f = dir.resolve("flowers.csv");
        Files.writeString(f, """
                petal_length,petal_width,species
                1.4,0.2,setosa
                4.7,1.4,versicolor
                6.0,2.5,virginica
                1.3,0.2,setosa
                4.5,1.5,versicolor

                5.1,1.9,virginica
                """);
        DatasetSplit s = CsvDatasetReader.read(f, 1);
        assertThat(s.train().size() + s.test().size()).isEqualTo(6);
        assertThat(s.train().size()).isEqualTo(4);
        assertThat(s.train().numClasses()).isEqualTo(3);
        assertThat(s.train().imageShape()).isNull();
        assertThat(s.train().name()).isEqualTo("flowers/train");
        assertThat(s.train().preprocessing()).contains("setosa,versicolor,virginica");
        // label of each row follows its features: setosa rows have a petal_length below the mean (z-score < 0)
        LabeledDataset all = s.train();
        for (int i = 0; i < all.size(); i++) {
            float scaledLength = all.row(i)[0];
            int label = all.labels()[i];
            assertThat(label == 0).isEqualTo(scaledLength < 0);
        }
    }

    @Test
    void malformedCellNamesFileLineAndColumn() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "1,2,3,0\n4,5,6,1\n7,8,abc,0\n1,1,1,1\n2,2,2,0\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":3:3: non-numeric value \"abc\" in column 3");
    }

    @Test
    void rowWithWrongFieldCountNamesLine() throws Exception {
        Path f = dir.resolve("short.csv");
        Files.writeString(f, "a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,0\n1,1,1,1\n2,2,2,0\n");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(f + ":4:").hasMessageContaining("row has 3 fields, expected 4");
    }

    @Test
    void readsGzippedStreamWithSourceNameInErrors() throws Exception {
        byte[] gz = IdxTestFiles.gzip("1,2,0\n3,4,1\n5,x,0\n6,7,1\n8,9,0\n".getBytes());
        assertThatThrownBy(() -> CsvDatasetReader.read(new java.io.ByteArrayInputStream(gz), "upload.csv.gz", 1))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("upload.csv.gz:3:2:");
    }

    @Test
    void missingFileIsNotFound() {
        Path f = dir.resolve("none.csv");
        assertThatThrownBy(() -> CsvDatasetReader.read(f, 1)).isInstanceOf(DatasetNotFoundException.class).hasMessageContaining(f.toString());
    }
}
