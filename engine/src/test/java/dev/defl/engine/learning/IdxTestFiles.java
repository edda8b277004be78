package dev.defl.engine.learning;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxTestFiles {
    private IdxTestFiles() {
    }

    static byte[] images(int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n * rows * cols; i++) b.put((byte) (i * 37));
        return b.array();
    }

    static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static Path write(Path dir, String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }
}
