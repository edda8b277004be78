package dev.defl.engine.learning;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Reads a whole dataset stream, transparently un-gzipping it when it starts with the gzip magic {@code 1f 8b} (RFC 1952). */
final class DatasetBytes {
    private DatasetBytes() {
    }

    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /**
     * @param raw        the stored bytes
     * @param sourceName file name used in error messages
     * @return the raw bytes, or their gzip-decompressed content
     * @throws DatasetFormatException if the gzip stream is corrupt or truncated
     */
    static byte[] decompressIfGzip(byte[] raw, String sourceName) throws DatasetFormatException {
        if (!isGzip(raw)) return raw;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetFormatException(sourceName + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }
}
