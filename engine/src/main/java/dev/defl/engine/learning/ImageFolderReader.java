package dev.defl.engine.learning;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads an image-folder dataset (the layout of torchvision's {@code ImageFolder}): a directory with one subfolder per
 * class holding PNG or JPEG files ({@code .png}, {@code .jpg}, {@code .jpeg}, any case), decoded with
 * {@link ImageIO}.
 *
 * <p>Classes are the subfolder names sorted by {@link String#compareTo} and numbered from 0. When the directory has
 * both a {@code train/} and a {@code test/} subfolder, each of them holds the class subfolders (the test classes must
 * be among the training classes); otherwise all images are split 80/20 after a seeded shuffle
 * ({@link SeededShuffle#split8020}). Within a class, files are read in name order. Hidden files (names starting with
 * {@code .}) and files of other types are skipped.
 *
 * <p>Each image is resized to {@code options.imageSize()} pixels square by <b>area averaging</b> (a box filter: each
 * output pixel is the mean of the source area it covers, partial source pixels weighted by their covered fraction;
 * the aspect ratio is not kept), then:
 * <ul>
 *   <li>1 channel: grey-scale luminance {@code Y = 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601); a grey-scale image's
 *       own samples are used as they are;</li>
 *   <li>3 channels: R, G, B.</li>
 * </ul>
 * An alpha channel is ignored. Features are {@code value / 255} in {@code [0, 1]} (16-bit samples are first scaled to
 * {@code [0, 255]}); a row is channel-major, {@code (C, H, W)} row-major, so {@code imageShape} is
 * {@code [H, W]} for grey scale and {@code [3, H, W]} for RGB. The class names are recorded at the end of the
 * preprocessing note, {@code "...; classes: cat, dog"} (see {@link #classNames(String)}).
 */
public final class ImageFolderReader {
    /** Prefix of the class list in {@link LabeledDataset#preprocessing()}. */
    public static final String CLASSES_PREFIX = "; classes: ";
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");

    private ImageFolderReader() {
    }

    /**
     * Whether {@code dir} looks like an image folder: a directory with at least one visible subfolder.
     * ({@link #read} then checks the rest.)
     */
    public static boolean isImageFolder(Path dir) throws IOException {
        return Files.isDirectory(dir) && !subfolders(dir).isEmpty();
    }

    /**
     * Reads the image folder {@code dir}.
     *
     * @param seed    seed of the 80/20 shuffle (unused when {@code train/} and {@code test/} exist)
     * @param options image size and channels
     * @return train and test parts named {@code <dir name>/train} and {@code /test}; {@code numClasses} = the number of
     *         training classes
     * @throws DatasetNotFoundException if {@code dir} does not exist
     * @throws DatasetFormatException   naming the folder if it has fewer than 2 class folders, a class folder has no
     *                                  image, or a test class is not a training class; naming the file if an image
     *                                  cannot be decoded
     */
    public static DatasetSplit read(Path dir, long seed, DatasetOptions options) throws IOException {
        if (!Files.isDirectory(dir)) throw new DatasetNotFoundException(dir, "image folder not found: " + dir);
        Path abs = dir.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "images" : abs.getFileName().toString();
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            List<Path> trainClasses = classFolders(trainDir);
            List<String> classes = trainClasses.stream().map(p -> p.getFileName().toString()).toList();
            LabeledDataset train = readClasses(trainDir, trainClasses, classes, name + "/train", options);
            List<Path> testClasses = subfolders(testDir);
            for (Path c : testClasses) {
                if (!classes.contains(c.getFileName().toString())) {
                    throw new DatasetFormatException(c + ": test class '" + c.getFileName() + "' is not one of the training classes " + classes
                            + " in " + trainDir);
                }
            }
            LabeledDataset test = readClasses(testDir, testClasses, classes, name + "/test", options);
            return new DatasetSplit(train, test);
        }
        List<Path> classFolders = classFolders(dir);
        List<String> classes = classFolders.stream().map(p -> p.getFileName().toString()).toList();
        return SeededShuffle.split8020(readClasses(dir, classFolders, classes, name, options), seed, name);
    }

    /**
     * The class names recorded in a preprocessing note written by this reader, in label order; empty if there are
     * none.
     */
    public static List<String> classNames(String preprocessing) {
        if (preprocessing == null) return List.of();
        int at = preprocessing.lastIndexOf(CLASSES_PREFIX);
        if (at < 0) return List.of();
        return List.of(preprocessing.substring(at + CLASSES_PREFIX.length()).split(", "));
    }

    /**
     * One image file as features: resized, converted, scaled as described in the class comment.
     *
     * @return {@code channels × size × size} values in {@code [0, 1]}, channel-major
     * @throws DatasetFormatException naming the file if it is not a decodable image
     */
    public static float[] readImage(Path file, int size, int channels) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file + ": cannot decode image: " + e, e);
        }
        if (image == null) throw new DatasetFormatException(file + ": not a readable PNG or JPEG image (no ImageIO decoder accepts it)");
        float[][] planes;
        try {
            planes = planes(image, channels);
        } catch (RuntimeException e) {
            throw new DatasetFormatException(file + ": cannot decode image pixels: " + e, e);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[channels * size * size];
        for (int c = 0; c < channels; c++) {
            float[] resized = resize(planes[c], w, h, size, size);
            for (int i = 0; i < resized.length; i++) out[c * size * size + i] = (float) (resized[i] / 255.0);
        }
        return out;
    }

    /**
     * Area-averaging resize of a {@code srcW × srcH} row-major plane to {@code dstW × dstH}: separable, each output
     * sample the overlap-weighted mean of the source samples its interval covers (accumulated in
     * {@code double}, stored as {@code float}).
     */
    static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH) {
        float[] rows = new float[srcH * dstW];
        Weights wx = Weights.of(srcW, dstW);
        for (int y = 0; y < srcH; y++) wx.apply(src, y * srcW, 1, rows, y * dstW, 1);
        float[] out = new float[dstH * dstW];
        Weights wy = Weights.of(srcH, dstH);
        for (int x = 0; x < dstW; x++) wy.apply(rows, x, dstW, out, x, dstW);
        return out;
    }

    /** For each output index: the first source index and the weights of the consecutive source samples it covers. */
    private record Weights(int[] first, double[][] weights) {
        static Weights of(int n, int m) {
            int[] first = new int[m];
            double[][] weights = new double[m][];
            double scale = (double) n / m;
            for (int j = 0; j < m; j++) {
                double lo = j * scale;
                double hi = (j + 1) * scale;
                int a = (int) Math.floor(lo);
                int b = Math.min(n, (int) Math.ceil(hi));
                first[j] = a;
                weights[j] = new double[b - a];
                for (int i = a; i < b; i++) {
                    weights[j][i - a] = (Math.min(hi, i + 1) - Math.max(lo, i)) / scale;
                }
            }
            return new Weights(first, weights);
        }

        void apply(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride) {
            for (int j = 0; j < first.length; j++) {
                double sum = 0;
                double[] w = weights[j];
                for (int k = 0; k < w.length; k++) sum += w[k] * src[srcOffset + (first[j] + k) * srcStride];
                dst[dstOffset + j * dstStride] = (float) sum;
            }
        }
    }

    /** The image's channels in {@code [0, 255]}: 1 (luminance) or 3 (R, G, B), each {@code w × h} row-major. */
    private static float[][] planes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] planes = new float[channels][w * h];
        if (image.getColorModel() instanceof ComponentColorModel cm && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // The raw grey samples: getRGB would convert the linear CS_GRAY space to sRGB and change the values.
            Raster raster = image.getRaster();
            double max = (1L << cm.getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = (float) (raster.getSample(x, y, 0) * 255.0 / max);
                    for (int c = 0; c < channels; c++) planes[c][y * w + x] = v;
                }
            }
            return planes;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int r = (argb[i] >> 16) & 0xff;
            int g = (argb[i] >> 8) & 0xff;
            int b = argb[i] & 0xff;
            if (channels == 1) {
                planes[0][i] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
            } else {
                planes[0][i] = r;
                planes[1][i] = g;
                planes[2][i] = b;
            }
        }
        return planes;
    }

    private static LabeledDataset readClasses(Path root, List<Path> classFolders, List<String> classes, String name,
                                              DatasetOptions options) throws IOException {
        int size = options.imageSize();
        int channels = options.imageChannels();
        int d = channels * size * size;
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : classFolders) {
            int label = classes.indexOf(folder.getFileName().toString());
            List<Path> images = imageFiles(folder);
            if (images.isEmpty()) {
                throw new DatasetFormatException(folder + ": class folder holds no PNG or JPEG image (in image folder " + root + ")");
            }
            for (Path image : images) {
                rows.add(readImage(image, size, channels));
                labels.add(label);
            }
        }
        float[] features = new float[rows.size() * d];
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(rows.get(i), 0, features, i * d, d);
            y[i] = labels.get(i);
        }
        int[] imageShape = channels == 1 ? new int[] {size, size} : new int[] {channels, size, size};
        String preprocessing = String.format(Locale.ROOT, "image folder: %d×%d area-average resize, %s, pixel/255%s%s", size, size,
                channels == 1 ? "grey-scale luminance (ITU-R BT.601)" : "RGB channel-major (C,H,W)", CLASSES_PREFIX, String.join(", ", classes));
        return new LabeledDataset(name, features, y, d, classes.size(), imageShape, preprocessing);
    }

    /** The visible subfolders of {@code dir}, by name; at least 2, or an error naming {@code dir}. */
    private static List<Path> classFolders(Path dir) throws IOException {
        List<Path> folders = subfolders(dir);
        if (folders.size() < 2) {
            throw new DatasetFormatException(dir + ": an image folder needs at least 2 class subfolders, found " + folders.size()
                    + (folders.isEmpty() ? "" : " (" + folders.getFirst().getFileName() + ")"));
        }
        return folders;
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static List<Path> imageFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(ImageFolderReader::isImageName).sorted().toList();
        }
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return !n.startsWith(".") && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
