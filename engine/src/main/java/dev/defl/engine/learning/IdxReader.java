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
 *
 * <p>What is checked, each failure naming the file: the magic; {@code n ≥ 1} images; image sides {@code ≥ 1}; the
 * length, which must be exactly the header's ({@code 16 + n·rows·cols} bytes for images, {@code 8 + n} for labels; a
 * shorter file is truncated, a longer one has dimensions in its header that do not match its data); equal image and
 * label counts; and the labels, by the rule below. Byte counts and offsets are of the decompressed data when a file is
 * gzipped (the message then says so).
 *
 * <p><b>Labels</b> are class indices. With a fixed class count {@code K} ({@link #read(Path, Path, String, int)}) every
 * label must be in {@code [0, K)}. Without one, {@code K} is the largest label {@code + 1}, and at least half of the
 * classes {@code 0..K−1} must occur: {@code K ≤ 2 × (number of distinct labels)}. A label that breaks this (e.g. one
 * {@code 255} among the labels 0–9: {@code K} would be 256 with 245 empty classes) is rejected naming the file, the item
 * index, its byte offset and the value; renumber sparse classes to {@code 0..K−1}.
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
     * Reads an images file and its labels file; the number of classes is the largest label + 1 (see the class comment
     * for the rule the labels must follow).
     *
     * @param images IDX images file ({@code idx3-ubyte}, optionally gzipped)
     * @param labels IDX labels file ({@code idx1-ubyte}, optionally gzipped)
     * @param name   dataset name, e.g. {@code fashion-mnist/train}
     * @return rows of {@code rows × cols} features, {@code imageShape = [rows, cols]}
     * @throws DatasetNotFoundException if a file does not exist
     * @throws DatasetFormatException   naming the file, on a bad magic, 0 images, a length other than the header
     *                                  declares (truncated data, or dimensions that do not match the data), different
     *                                  image and label counts, or a label far beyond the others (see the class comment)
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
        Loaded imgFile = load(images);
        Loaded labFile = load(labels);
        byte[] img = imgFile.bytes();
        byte[] lab = labFile.bytes();
        String imgName = images.toString();
        String labName = labels.toString();

        requireLength(imgFile, 16, imgName, "header");
        int imgMagic = u32(img, 0);
        if (imgMagic != IMAGES_MAGIC) {
            throw new DatasetFormatException(imgName + ": bad magic 0x" + hex(imgMagic) + ", expected 0x" + hex(IMAGES_MAGIC)
                    + " (IDX images, unsigned bytes, 3 dimensions)" + swapHint(imgMagic));
        }
        long n = Integer.toUnsignedLong(u32(img, 4));
        long rows = Integer.toUnsignedLong(u32(img, 8));
        long cols = Integer.toUnsignedLong(u32(img, 12));
        if (n == 0) {
            throw new DatasetFormatException(imgName + ": header declares 0 images (of " + rows + "×" + cols
                    + " pixels); an IDX images file must hold at least one");
        }
        if (rows == 0 || cols == 0) {
            throw new DatasetFormatException(imgName + ": image size " + rows + "×" + cols + " must be positive");
        }
        long pixels = n * rows * cols;
        if (pixels > Integer.MAX_VALUE - 16) {
            throw new DatasetFormatException(imgName + ": " + n + " images of " + rows + "×" + cols + " are too many to hold in memory");
        }
        requireLength(imgFile, 16 + pixels, imgName, n + " images of " + rows + "×" + cols + " pixels");
        if (img.length > 16 + pixels) {
            long data = img.length - 16L;
            throw new DatasetFormatException(imgName + ": header declares " + n + " images of " + rows + "×" + cols
                    + " pixels, " + (16 + pixels) + " bytes with the 16-byte header, but the file has " + img.length
                    + " bytes" + gzipNote(imgFile) + ", " + (img.length - 16 - pixels) + " more"
                    + (data % n == 0 ? " (" + data / n + " bytes per image, not " + rows + "×" + cols + " = " + rows * cols + ")" : "")
                    + ": the dimensions in the header do not match the data");
        }

        requireLength(labFile, 8, labName, "header");
        int labMagic = u32(lab, 0);
        if (labMagic != LABELS_MAGIC) {
            throw new DatasetFormatException(labName + ": bad magic 0x" + hex(labMagic) + ", expected 0x" + hex(LABELS_MAGIC)
                    + " (IDX labels, unsigned bytes, 1 dimension)" + swapHint(labMagic));
        }
        long m = Integer.toUnsignedLong(u32(lab, 4));
        if (m != n) {
            throw new DatasetFormatException("count mismatch: " + imgName + " has " + n + " images but " + labName + " has " + m + " labels");
        }
        requireLength(labFile, 8 + m, labName, m + " labels");
        if (lab.length > 8 + m) {
            throw new DatasetFormatException(labName + ": header declares " + m + " labels, " + (8 + m)
                    + " bytes with the 8-byte header, but the file has " + lab.length + " bytes" + gzipNote(labFile) + ", "
                    + (lab.length - 8 - m) + " more");
        }

        int count = (int) n;
        int d = (int) (rows * cols);
        float[] x = new float[count * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (img[16 + i] & 0xff) / 255f;
        }
        int[] y = new int[count];
        int maxLabel = -1;
        int maxAt = -1;
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int i = 0; i < count; i++) {
            y[i] = lab[8 + i] & 0xff;
            if (numClasses > 0 && y[i] >= numClasses) {
                throw new DatasetFormatException(labName + ": label out of range at byte " + (8 + i) + " (item " + i + "): "
                        + y[i] + " is not in [0, " + numClasses + ")");
            }
            if (!seen[y[i]]) {
                seen[y[i]] = true;
                distinct++;
            }
            if (y[i] > maxLabel) {
                maxLabel = y[i];
                maxAt = i;
            }
        }
        if (numClasses <= 0 && maxLabel + 1 > 2 * distinct) {
            throw new DatasetFormatException(labName + ": label " + maxLabel + " at item " + maxAt + " (byte " + (8 + maxAt) + ")"
                    + gzipNote(labFile) + " would make " + (maxLabel + 1) + " classes, but there are only " + distinct
                    + " distinct labels; labels must be class indices 0..K-1 with at least half of the K classes present: "
                    + "fix the label, or renumber the classes");
        }
        int classes = numClasses > 0 ? numClasses : maxLabel + 1;
        return new LabeledDataset(name, x, y, d, classes, new int[] {(int) rows, (int) cols}, PREPROCESSING);
    }

    /** A file's bytes, gzip-decompressed when {@code gzipped}. */
    private record Loaded(byte[] bytes, boolean gzipped) {
    }

    private static Loaded load(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(file, "IDX file not found: " + file);
        }
        return new Loaded(DatasetBytes.decompressIfGzip(raw, file.toString()), DatasetBytes.isGzip(raw));
    }

    /** {@code " (after gzip decompression)"} for a gzipped file, where byte counts are of the decompressed data. */
    private static String gzipNote(Loaded file) {
        return file.gzipped() ? " (after gzip decompression)" : "";
    }

    private static void requireLength(Loaded data, long needed, String file, String what) throws DatasetFormatException {
        if (data.bytes().length < needed) {
            throw new DatasetFormatException(file + ": truncated at byte " + data.bytes().length + ": " + what + " need " + needed
                    + " bytes" + gzipNote(data));
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
