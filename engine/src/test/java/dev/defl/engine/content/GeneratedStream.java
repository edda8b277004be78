package dev.defl.engine.content;

import java.io.InputStream;

/**
 * A deterministic pseudo-random stream of {@code length} bytes, generated as it is read (never held in
 * memory, never on disk): byte {@code p} is byte {@code p % 8} (little-endian) of SplitMix64 applied to
 * {@code seed + p / 8}. The same length and seed always give the same bytes, however the stream is read.
 */
final class GeneratedStream extends InputStream {
    private static final int SEGMENT_WORDS = 8192;
    private static final int SEGMENT_BYTES = SEGMENT_WORDS * 8;

    private final long length;
    private final long seed;
    private final byte[] segment = new byte[SEGMENT_BYTES];
    private long segmentIndex = -1;
    private long position;

    GeneratedStream(long length, long seed) {
        if (length < 0) throw new IllegalArgumentException("length must be >= 0 bytes, not " + length);
        this.length = length;
        this.seed = seed;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        if (position >= length) return -1;
        int n = (int) Math.min(len, length - position);
        int done = 0;
        while (done < n) {
            long index = position / SEGMENT_BYTES;
            if (index != segmentIndex) fill(index);
            int inSegment = (int) (position % SEGMENT_BYTES);
            int take = Math.min(n - done, SEGMENT_BYTES - inSegment);
            System.arraycopy(segment, inSegment, b, off + done, take);
            done += take;
            position += take;
        }
        return n;
    }

    private void fill(long index) {
        long word = seed + index * SEGMENT_WORDS;
        for (int i = 0; i < SEGMENT_WORDS; i++) {
            long z = (word + i) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            for (int k = 0; k < 8; k++) {
                segment[i * 8 + k] = (byte) (z >>> (8 * k));
            }
        }
        segmentIndex = index;
    }
}
