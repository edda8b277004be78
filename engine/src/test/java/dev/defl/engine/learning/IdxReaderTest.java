package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsFashionMnistTestSet() throws Exception {
        Path root = FashionMnist.DEFAULT_DIR;
        LabeledDataset test = IdxReader.read(root.resolve("t10k-images-idx3-ubyte.gz"), root.resolve("t10k-labels-idx1-ubyte.gz"), "fashion-mnist/test");
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.imageShape()).containsExactly(28, 28);
        assertThat(test.numFeatures()).isEqualTo(784);
        assertThat(test.numClasses()).isEqualTo(10);
        assertThat(test.classCounts()).containsOnly(1000L);
        assertThat(test.preprocessing()).isEqualTo("pixel/255");
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : test.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws Exception {
        byte[] img = IdxTestFiles.images(3, 2, 2);
        byte[] lab = IdxTestFiles.labels(0, 4, 2);
        LabeledDataset plain = IdxReader.read(IdxTestFiles.write(dir, "i", img), IdxTestFiles.write(dir, "l", lab), "t");
        LabeledDataset gz = IdxReader.read(IdxTestFiles.write(dir, "i.gz", IdxTestFiles.gzip(img)),
                IdxTestFiles.write(dir, "l.gz", IdxTestFiles.gzip(lab)), "t");
        assertThat(plain.features()).containsExactly(gz.features());
        assertThat(plain.labels()).containsExactly(0, 4, 2);
        assertThat(plain.numClasses()).isEqualTo(5);
        assertThat(plain.row(0)[1]).isEqualTo(37 / 255f);
    }

    @Test
    void rejectsBadMagicNamingTheFile() throws Exception {
        Path img = IdxTestFiles.write(dir, "bad-images", IdxTestFiles.labels(1, 2, 3, 4, 5, 6, 7, 8, 9));
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(1));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("bad-images").hasMessageContaining("bad magic 0x00000801").hasMessageContaining("0x00000803");
    }

    @Test
    void rejectsTruncatedImagesNamingTheByte() throws Exception {
        byte[] img = IdxTestFiles.images(4, 3, 3);
        Path imgFile = IdxTestFiles.write(dir, "short-images", Arrays.copyOf(img, 30));
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(0, 1, 2, 3));
        assertThatThrownBy(() -> IdxReader.read(imgFile, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("short-images").hasMessageContaining("truncated at byte 30").hasMessageContaining("52");
    }

    @Test
    void rejectsTruncatedGzipStream() throws Exception {
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(4, 3, 3));
        Path imgFile = IdxTestFiles.write(dir, "cut.gz", Arrays.copyOf(gz, gz.length - 10));
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(0, 1, 2, 3));
        assertThatThrownBy(() -> IdxReader.read(imgFile, lab, "t"))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("cut.gz").hasMessageContaining("gzip");
    }

    @Test
    void rejectsDifferentImageAndLabelCounts() throws Exception {
        Path img = IdxTestFiles.write(dir, "images", IdxTestFiles.images(3, 2, 2));
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(0, 1));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("count mismatch").hasMessageContaining("3 images").hasMessageContaining("2 labels");
    }

    @Test
    void rejectsLabelOutOfRangeForFixedClassCount() throws Exception {
        Path img = IdxTestFiles.write(dir, "images", IdxTestFiles.images(2, 2, 2));
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(3, 12));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t", 10))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("labels").hasMessageContaining("label out of range").hasMessageContaining("12")
                .hasMessageContaining("byte 9");
    }

    @Test
    void rejectsHeaderDimensionsThatDoNotMatchTheDataLength() throws Exception {
        byte[] img = IdxTestFiles.images(3, 28, 28);
        img[11] = 27; // rows: 27×28 declared over 28×28 data
        Path imgFile = IdxTestFiles.write(dir, "misaligned-images", img);
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(0, 1, 2));
        assertThatThrownBy(() -> IdxReader.read(imgFile, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(imgFile + ": header declares 3 images of 27×28 pixels")
                .hasMessageContaining("2284 bytes").hasMessageContaining("the file has 2368")
                .hasMessageContaining("784 bytes per image");
    }

    @Test
    void rejectsTrailingBytesAfterTheLabels() throws Exception {
        Path img = IdxTestFiles.write(dir, "images", IdxTestFiles.images(2, 2, 2));
        Path lab = IdxTestFiles.write(dir, "long-labels", Arrays.copyOf(IdxTestFiles.labels(0, 1), 12));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(lab + ": header declares 2 labels").hasMessageContaining("10 bytes")
                .hasMessageContaining("the file has 12");
    }

    @Test
    void rejectsAFileOfZeroImagesNamingIt() throws Exception {
        Path img = IdxTestFiles.write(dir, "empty-images", IdxTestFiles.images(0, 28, 28));
        Path lab = IdxTestFiles.write(dir, "empty-labels", IdxTestFiles.labels());
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(img + ": header declares 0 images");
    }

    @Test
    void rejectsALabelFarBeyondTheOthers() throws Exception {
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 3};
        Path img = IdxTestFiles.write(dir, "images", IdxTestFiles.images(labels.length, 2, 2));
        Path lab = IdxTestFiles.write(dir, "odd-labels", IdxTestFiles.labels(labels));
        assertThatThrownBy(() -> IdxReader.read(img, lab, "t"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(lab + ": label 255 at item 10 (byte 18)")
                .hasMessageContaining("11 distinct labels");
    }

    @Test
    void acceptsLabelsThatCoverAtLeastHalfOfTheirClasses() throws Exception {
        Path img = IdxTestFiles.write(dir, "images", IdxTestFiles.images(4, 2, 2));
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(0, 2, 7, 1));
        assertThat(IdxReader.read(img, lab, "t").numClasses()).isEqualTo(8);
        Path lab2 = IdxTestFiles.write(dir, "labels2", IdxTestFiles.labels(0, 2, 8, 1));
        assertThatThrownBy(() -> IdxReader.read(img, lab2, "t")).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("label 8 at item 2");
    }

    @Test
    void onlyGzippedFilesSayAfterGzipDecompression() throws Exception {
        byte[] img = Arrays.copyOf(IdxTestFiles.images(4, 3, 3), 30);
        Path lab = IdxTestFiles.write(dir, "labels", IdxTestFiles.labels(0, 1, 2, 3));
        Path plain = IdxTestFiles.write(dir, "short-images", img);
        assertThatThrownBy(() -> IdxReader.read(plain, lab, "t")).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("truncated at byte 30").hasMessageNotContaining("gzip");
        Path gz = IdxTestFiles.write(dir, "short-images.gz", IdxTestFiles.gzip(img));
        assertThatThrownBy(() -> IdxReader.read(gz, lab, "t")).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("truncated at byte 30").hasMessageContaining("(after gzip decompression)");
    }

    @Test
    void missingFashionMnistDirectorySuggestsThePackage() {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> FashionMnist.load(missing))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("apt-get install dataset-fashion-mnist");
    }
}
