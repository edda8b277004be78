package dev.defl.engine.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Deterministic test content: byte {@code i} of the file is {@code i % modulus}. Generated and
 * checked as a stream, so large files never sit in memory or in the repository.
 */
record PatternContent(long length, int modulus) {

    byte[] bytes() {
        byte[] out = new byte[Math.toIntExact(length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (i % modulus);
        }
        return out;
    }

    InputStream stream() {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? (int) (position++ % modulus) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((position + i) % modulus);
                }
                position += n;
                return n;
            }
        };
    }

    /** An output stream that fails on the first byte that differs from this content; {@link Checker#close} checks the length. */
    Checker checker() {
        return new Checker();
    }

    final class Checker extends OutputStream {
        private long position;

        @Override
        public void write(int b) throws IOException {
            check((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                check(b[off + i]);
            }
        }

        private void check(byte b) throws IOException {
            if (position >= length) {
                throw new IOException("more than the expected " + length + " bytes");
            }
            if (b != (byte) (position % modulus)) {
                throw new IOException("byte " + position + " is " + (b & 0xFF) + ", expected " + (position % modulus));
            }
            position++;
        }

        long bytesChecked() {
            return position;
        }
    }
}
