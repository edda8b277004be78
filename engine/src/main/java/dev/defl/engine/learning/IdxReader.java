package dev.defl.engine.learning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reader for the IDX format of the MNIST database (Y. LeCun, C. Cortes, C. Burges,
 * <a href="http://yann.lecun.com/exdb/mnist/">yann.lecun.com/exdb/mnist</a>), also used by Fashion-MNIST.
 *
 * <p>An images file is the big-endian u32 magic {@code 0x00000803} (unsigned bytes, 3 dimensions), the u32 sizes
 * {@code n, rows, cols}, then {@code n × rows × cols} unsigned pixel bytes. A labels file is magic {@code 0x00000801},
 * {@code n}, then {@code n} label bytes. Either file may be gzip-compressed (detected by the magic {@code 1f 8b}).
 * Features become {@code pixel / 255f} in {@code [0, 1]}.
 */
public final class IdxReader {
    /** Magic of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Preprocessing recorded in {@link LabeledDataset#preprocessing()}. */
    public static final String PREPROCESSING = "pixel/255";

    private IdxReader() {
    }

    /**
     * Reads an images file and its labels file; the number of classes is the largest label + 1.
     *
     * @param images IDX images file ({@code idx3-ubyte}, optionally gzipped)
     * @param labels IDX labels file ({@code idx1-ubyte}, optionally gzipped)
     * @param name   dataset name, e.g. {@code fashion-mnist/train}
     * @return rows of {@code rows × cols} features, {@code imageShape = [rows, cols]}
     * @throws DatasetNotFoundException if a file does not exist
     * @throws DatasetFormatException   on a bad magic, truncated data, different image and label counts
     * @throws IOException              if a file cannot be read
     */
    public static LabeledDataset read(Path images, Path labels, String name) throws IOException {
        return read(images, labels, name, 0);
    }

    /**
     * As {@link #read(Path, Path, String)} but with a fixed class count: a label {@code >= numClasses} is an error.
     *
     * @param numClasses the expected number of classes, or {@code 0} for largest label + 1
     * @throws DatasetFormatException additionally when a label is out of range {@code [0, numClasses)}
     */
    public static LabeledDataset read(Path images, Path labels, String name, int numClasses) throws IOException {
        byte[] img = load(images);
        byte[] lab = load(labels);
        String imgName = images.toString();
        String labName = labels.toString();

        requireLength(img, 16, imgName, "header");
        int imgMagic = u32(img, 0);
        if (imgMagic != IMAGES_MAGIC) {
            throw new DatasetFormatException(imgName + ": bad magic 0x" + hex(imgMagic) + ", expected 0x" + hex(IMAGES_MAGIC)
                    + " (IDX images, unsigned bytes, 3 dimensions)" + swapHint(imgMagic));
        }
        long n = Integer.toUnsignedLong(u32(img, 4));
        long rows = Integer.toUnsignedLong(u32(img, 8));
        long cols = Integer.toUnsignedLong(u32(img, 12));
        if (rows == 0 || cols == 0) {
            throw new DatasetFormatException(imgName + ": image size " + rows + "×" + cols + " must be positive");
        }
        long pixels = n * rows * cols;
        if (pixels > Integer.MAX_VALUE - 16) {
            throw new DatasetFormatException(imgName + ": " + n + " images of " + rows + "×" + cols + " are too many to hold in memory");
        }
        requireLength(img, 16 + pixels, imgName, n + " images of " + rows + "×" + cols + " pixels");

        requireLength(lab, 8, labName, "header");
        int labMagic = u32(lab, 0);
        if (labMagic != LABELS_MAGIC) {
            throw new DatasetFormatException(labName + ": bad magic 0x" + hex(labMagic) + ", expected 0x" + hex(LABELS_MAGIC)
                    + " (IDX labels, unsigned bytes, 1 dimension)" + swapHint(labMagic));
        }
        long m = Integer.toUnsignedLong(u32(lab, 4));
        if (m != n) {
            throw new DatasetFormatException("count mismatch: " + imgName + " has " + n + " images but " + labName + " has " + m + " labels");
        }
        requireLength(lab, 8 + m, labName, m + " labels");

        int count = (int) n;
        int d = (int) (rows * cols);
        float[] x = new float[count * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (img[16 + i] & 0xff) / 255f;
        }
        int[] y = new int[count];
        int maxLabel = -1;
        for (int i = 0; i < count; i++) {
            y[i] = lab[8 + i] & 0xff;
            if (numClasses > 0 && y[i] >= numClasses) {
                throw new DatasetFormatException(labName + ": label out of range at byte " + (8 + i) + " (item " + i + "): "
                        + y[i] + " is not in [0, " + numClasses + ")");
            }
            maxLabel = Math.max(maxLabel, y[i]);
        }
        int classes = numClasses > 0 ? numClasses : maxLabel + 1;
        if (classes <= 0) classes = 1;
        return new LabeledDataset(name, x, y, d, classes, new int[] {(int) rows, (int) cols}, PREPROCESSING);
    }

    private static byte[] load(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(file, "IDX file not found: " + file);
        }
        return DatasetBytes.decompressIfGzip(raw, file.toString());
    }

    private static void requireLength(byte[] data, long needed, String file, String what) throws DatasetFormatException {
        if (data.length < needed) {
            throw new DatasetFormatException(file + ": truncated at byte " + data.length + ": " + what + " need " + needed
                    + " bytes (after gzip decompression)");
        }
    }

    private static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }

    private static String swapHint(int magic) {
        if (Integer.reverseBytes(magic) == IMAGES_MAGIC || Integer.reverseBytes(magic) == LABELS_MAGIC) {
            return "; the file looks little-endian, IDX is big-endian";
        }
        if (magic == IMAGES_MAGIC) return "; this is an images file";
        if (magic == LABELS_MAGIC) return "; this is a labels file";
        return "";
    }
}
