package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Image folders on disk: PNG and JPEG files written with ImageIO into a temporary directory. */
class ImageFolderReaderTest {
    @TempDir
    Path dir;

    private static final DatasetOptions GREY8 = DatasetOptions.defaults().withImage(8, 1);

    /** A {@code w × h} grey image whose pixel (x, y) is {@code value.at(x, y)} (0..255). */
    interface Pixel {
        int at(int x, int y);
    }

    static BufferedImage grey(int w, int h, Pixel value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, value.at(x, y));
        return img;
    }

    static BufferedImage rgb(int w, int h, Pixel argb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, argb.at(x, y));
        return img;
    }

    static Path write(Path file, BufferedImage img, String format) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(img, format, file.toFile())).as("ImageIO writes " + format).isTrue();
        return file;
    }

    /** {@code perClass} small PNGs in each class folder; image i of class c is a flat grey of 20·c + i. */
    static void classes(Path root, int perClass, String... names) throws IOException {
        for (int c = 0; c < names.length; c++) {
            for (int i = 0; i < perClass; i++) {
                int v = 20 * c + i;
                write(root.resolve(names[c]).resolve("img" + i + ".png"), grey(4, 4, (x, y) -> v), "png");
            }
        }
    }

    @Test
    void folderBecomesADatasetWithClassesSortedAndNumberedFromZero() throws Exception {
        Path root = dir.resolve("pets");
        classes(root, 5, "dog", "cat", "bird");
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        Files.write(root.resolve("cat/.hidden.png"), new byte[] {1, 2, 3});
        Files.createDirectories(root.resolve(".thumbnails"));

        DatasetSplit s = ImageFolderReader.read(root, 1, GREY8);

        assertThat(s.train().size()).isEqualTo(12);
        assertThat(s.test().size()).isEqualTo(3);
        assertThat(s.train().name()).isEqualTo("pets/train");
        assertThat(s.train().numFeatures()).isEqualTo(64);
        assertThat(s.train().numClasses()).isEqualTo(3);
        assertThat(s.train().imageShape()).containsExactly(8, 8);
        assertThat(ImageFolderReader.classNames(s.train().preprocessing())).containsExactly("bird", "cat", "dog");
        assertThat(s.train().preprocessing()).contains("8×8 area-average resize").contains("ITU-R BT.601");
        for (LabeledDataset part : new LabeledDataset[] {s.train(), s.test()}) {
            for (int i = 0; i < part.size(); i++) {
                // pixels of dog (written 0th) are 0..4, cat 20..24, bird 40..44; sorted: bird 0, cat 1, dog 2
                float[] row = part.row(i);
                int value = Math.round(row[0] * 255);
                assertThat(part.labels()[i]).isEqualTo(2 - value / 20);
                for (float f : row) assertThat(f).isEqualTo(value / 255f);
            }
        }
        for (int c = 0; c < 3; c++) assertThat(s.train().classCounts()[c] + s.test().classCounts()[c]).isEqualTo(5);
    }

    @Test
    void theSplitIsSeeded() throws Exception {
        classes(dir, 5, "a", "b");
        DatasetSplit x = ImageFolderReader.read(dir, 9, GREY8);
        DatasetSplit y = ImageFolderReader.read(dir, 9, GREY8);
        assertThat(x.train().features()).isEqualTo(y.train().features());
        assertThat(x.train().labels()).isEqualTo(y.train().labels());
    }

    @Test
    void areaAveragingDownscalesBlocksToTheirMeans() throws Exception {
        // 8×8, each 2×2 block holds 4 values whose mean is 10·(block index + 1)
        Path file = write(dir.resolve("blocks.png"), grey(8, 8, (x, y) -> {
            int block = (y / 2) * 4 + x / 2;
            int corner = (y % 2) * 2 + x % 2;
            return 10 * (block + 1) + new int[] {-3, 3, -1, 1}[corner];
        }), "png");
        float[] f = ImageFolderReader.readImage(file, 4, 1);
        for (int i = 0; i < 16; i++) assertThat(f[i]).isCloseTo(10f * (i + 1) / 255, within(1e-6f));
    }

    @Test
    void areaAveragingWeighsPartlyCoveredPixels() throws Exception {
        // 6 columns → 4: output 0 covers source 0 fully and source 1 half: (a + b/2) / 1.5
        int[] cols = {0, 60, 120, 180, 240, 30};
        Path file = write(dir.resolve("ramp.png"), grey(6, 6, (x, y) -> cols[x]), "png");
        float[] f = ImageFolderReader.readImage(file, 4, 1);
        double[] expected = {(0 + 60 * 0.5) / 1.5, (60 * 0.5 + 120) / 1.5, (180 + 240 * 0.5) / 1.5, (240 * 0.5 + 30) / 1.5};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) assertThat(f[y * 4 + x]).isCloseTo((float) (expected[x] / 255), within(1e-6f));
        }
    }

    @Test
    void upscalingRepeatsPixels() throws Exception {
        Path file = write(dir.resolve("small.png"), grey(4, 4, (x, y) -> 16 * (y * 4 + x)), "png");
        float[] f = ImageFolderReader.readImage(file, 8, 1);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) assertThat(f[y * 8 + x]).isCloseTo(16f * ((y / 2) * 4 + x / 2) / 255, within(1e-6f));
        }
    }

    @Test
    void rgbRowsAreChannelMajorAndGreyIsBt601Luminance() throws Exception {
        // left half pure red, right half pure blue
        Path file = write(dir.resolve("rb.png"), rgb(4, 4, (x, y) -> x < 2 ? 0xff0000 : 0x0000ff), "png");
        float[] c3 = ImageFolderReader.readImage(file, 4, 3);
        assertThat(c3).hasSize(48);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(c3[y * 4 + x]).as("R").isEqualTo(x < 2 ? 1f : 0f);
                assertThat(c3[16 + y * 4 + x]).as("G").isEqualTo(0f);
                assertThat(c3[32 + y * 4 + x]).as("B").isEqualTo(x < 2 ? 0f : 1f);
            }
        }
        float[] c1 = ImageFolderReader.readImage(file, 4, 1);
        assertThat(c1[0]).isCloseTo(0.299f, within(1e-6f));
        assertThat(c1[3]).isCloseTo(0.114f, within(1e-6f));
    }

    @Test
    void rgbFolderHasImageShapeChannelsHeightWidth() throws Exception {
        write(dir.resolve("red/a.png"), rgb(5, 5, (x, y) -> 0xff0000), "png");
        write(dir.resolve("red/b.png"), rgb(5, 5, (x, y) -> 0xee1100), "png");
        write(dir.resolve("blue/a.png"), rgb(5, 5, (x, y) -> 0x0000ff), "png");
        write(dir.resolve("blue/b.png"), rgb(5, 5, (x, y) -> 0x0011ee), "png");
        DatasetSplit s = ImageFolderReader.read(dir, 1, DatasetOptions.defaults().withImage(6, 3));
        assertThat(s.train().imageShape()).containsExactly(3, 6, 6);
        assertThat(s.train().numFeatures()).isEqualTo(108);
        assertThat(s.train().preprocessing()).contains("RGB");
    }

    @Test
    void jpegFilesAreRead() throws Exception {
        Path file = write(dir.resolve("grey.jpg"), rgb(16, 16, (x, y) -> 0x808080), "jpg");
        float[] f = ImageFolderReader.readImage(file, 4, 1);
        for (float v : f) assertThat(v).isCloseTo(128f / 255, within(0.02f));
    }

    @Test
    void aCorruptImageIsNamed() throws Exception {
        classes(dir, 2, "a", "b");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grey(4, 4, (x, y) -> 7), "png", png);
        Path broken = dir.resolve("b/broken.png");
        Files.write(broken, Arrays.copyOf(png.toByteArray(), 40));
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 1, GREY8))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(broken.toString());

        Files.writeString(broken, "this is text with a .png name");
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 1, GREY8))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(broken.toString());
    }

    @Test
    void anEmptyClassFolderIsNamed() throws Exception {
        classes(dir, 2, "a", "b");
        Path empty = Files.createDirectories(dir.resolve("c"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 1, GREY8))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(empty.toString()).hasMessageContaining("no PNG or JPEG");
    }

    @Test
    void fewerThanTwoClassesIsAnErrorNamingTheFolder() throws Exception {
        classes(dir, 3, "only");
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 1, GREY8))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining(dir.toString()).hasMessageContaining("at least 2 class");
    }

    @Test
    void trainAndTestSubfoldersAreUsedAsTheSplit() throws Exception {
        classes(dir.resolve("train"), 3, "x", "y");
        classes(dir.resolve("test"), 1, "x", "y");
        DatasetSplit s = ImageFolderReader.read(dir, 1, GREY8);
        assertThat(s.train().size()).isEqualTo(6);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.train().labels()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(s.test().labels()).containsExactly(0, 1);
        assertThat(s.test().name()).endsWith("/test");
    }

    @Test
    void aTestClassMissingFromTrainingIsNamed() throws Exception {
        classes(dir.resolve("train"), 2, "x", "y");
        classes(dir.resolve("test"), 1, "x", "z");
        assertThatThrownBy(() -> ImageFolderReader.read(dir, 1, GREY8))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("'z'");
    }

    @Test
    void datasetsLoadRecognisesAnImageFolder() throws Exception {
        classes(dir.resolve("shapes"), 5, "circle", "square");
        DatasetSplit s = Datasets.load(dir.resolve("shapes").toString(), 1, DatasetOptions.defaults().withImage(12, 3));
        assertThat(s.train().imageShape()).containsExactly(3, 12, 12);
        assertThat(s.train().size() + s.test().size()).isEqualTo(10);
    }

    @Test
    void aCnnTrainsOneEpochOnThreeChannelImages() throws Exception {
        for (int i = 0; i < 8; i++) {
            int shade = 20 * i;
            write(dir.resolve("red/" + i + ".png"), rgb(8, 8, (x, y) -> (255 - shade) << 16 | shade), "png");
            write(dir.resolve("blue/" + i + ".png"), rgb(8, 8, (x, y) -> shade << 16 | (255 - shade)), "png");
        }
        DatasetSplit s = ImageFolderReader.read(dir, 1, DatasetOptions.defaults().withImage(8, 3));
        ModelSpec spec = ModelKind.CNN.spec(s);
        assertThat(spec.inputShape()).containsExactly(3, 8, 8);
        LocalTrainer trainer = new LocalTrainer();
        ModelWeights start = trainer.initialWeights(spec, 1);
        assertThat(start.tensor("0.weight").shape()).containsExactly(32, 3, 5, 5);
        TrainResult r = trainer.train(spec, start, s.train(), new TrainConfig(1, 4, TrainConfig.DEFAULT_LEARNING_RATE, 3), (e, l, a) -> { }, () -> false);
        assertThat(r.weights().matches(spec)).isTrue();
        assertThat(r.numSamples()).isEqualTo(s.train().size());
        assertThat(trainer.evaluate(spec, r.weights(), s.test()).loss()).isFinite();
    }
}
