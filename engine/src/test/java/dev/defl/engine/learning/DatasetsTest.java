package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void nonExistentPathIsNamed() {
        String missing = dir.resolve("missing.csv").toString();
        assertThatThrownBy(() -> Datasets.load(missing, 1)).isInstanceOf(DatasetNotFoundException.class).hasMessageContaining(missing);
    }

    @Test
    void singleIdxImagesFileWithoutTestPairIsSplit80To20() throws Exception {
        IdxTestFiles.write(dir, "foo-images-idx3-ubyte.gz", IdxTestFiles.gzip(IdxTestFiles.images(10, 2, 3)));
        IdxTestFiles.write(dir, "foo-labels-idx1-ubyte.gz", IdxTestFiles.gzip(IdxTestFiles.labels(0, 1, 2, 0, 1, 2, 0, 1, 2, 0)));
        DatasetSplit s = Datasets.load(dir.resolve("foo-images-idx3-ubyte.gz").toString(), 3);
        assertThat(s.train().size()).isEqualTo(8);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.train().imageShape()).containsExactly(2, 3);
    }

    @Test
    void idxDirectoryUsesTrainAndT10kPairs() throws Exception {
        IdxTestFiles.write(dir, "train-images-idx3-ubyte", IdxTestFiles.images(6, 2, 2));
        IdxTestFiles.write(dir, "train-labels-idx1-ubyte", IdxTestFiles.labels(0, 1, 0, 1, 0, 1));
        IdxTestFiles.write(dir, "t10k-images-idx3-ubyte", IdxTestFiles.images(3, 2, 2));
        IdxTestFiles.write(dir, "t10k-labels-idx1-ubyte", IdxTestFiles.labels(2, 1, 0));
        DatasetSplit s = Datasets.load(dir.toString(), 3);
        assertThat(s.train().size()).isEqualTo(6);
        assertThat(s.test().size()).isEqualTo(3);
        assertThat(s.train().numClasses()).isEqualTo(3);
        assertThat(s.test().numClasses()).isEqualTo(3);
    }

    @Test
    void imagesFileWithoutLabelsNamesTheMissingSibling() throws Exception {
        IdxTestFiles.write(dir, "bar-images-idx3-ubyte", IdxTestFiles.images(6, 2, 2));
        assertThatThrownBy(() -> Datasets.load(dir.resolve("bar-images-idx3-ubyte").toString(), 1))
                .isInstanceOf(DatasetNotFoundException.class).hasMessageContaining("bar-labels-idx1-ubyte");
    }
}
