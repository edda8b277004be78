package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.EnvelopeException;
import dev.defl.engine.envelope.EnvelopeHeader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** What anyone can tell about stored content without a key: whether it is an envelope, and for whom. */
public final class EncryptedContent {
    /** Largest envelope header, in bytes: {@code 31 + 145·1024} (1024 recipients). */
    private static final int MAX_HEADER_BYTES = 31 + 145 * Envelope.MAX_RECIPIENTS;

    private EncryptedContent() {
    }

    /**
     * The envelope header of the file {@code cid} (its recipients, the ciphertext's length), reading only as many
     * bytes as the header takes (at most 148 511; usually one block); empty for plain content, and for content that
     * starts with the magic but whose header is malformed (it cannot be opened either; {@code cat} names why).
     *
     * @throws IOException as {@link ContentStore#cat} (a missing or corrupt block)
     */
    public static Optional<EnvelopeHeader> header(ContentStore store, Cid cid) throws IOException {
        HeadCollector head = new HeadCollector();
        try {
            store.cat(cid, head);
        } catch (IOException | RuntimeException e) {
            if (!stoppedBy(e)) throw e; // else stopped once the header was in
        }
        byte[] bytes = head.bytes.toByteArray();
        if (!Envelope.isEnvelope(bytes)) return Optional.empty();
        try {
            return Optional.of(Envelope.readHeader(new ByteArrayInputStream(bytes)));
        } catch (EnvelopeException e) {
            return Optional.empty();
        }
    }

    private static boolean stoppedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Enough) return true;
        }
        return false;
    }

    /** Thrown by {@link HeadCollector} to stop the store's walk once enough bytes are in. */
    private static final class Enough extends IOException {
        Enough() {
            super("header read");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow, not an error
        }
    }

    /** Keeps the first bytes: the magic, then the whole header once the recipient count is known. */
    private static final class HeadCollector extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (true) {
                int wanted = wanted();
                if (bytes.size() >= wanted) throw new Enough();
                if (len == 0) return;
                int n = Math.min(len, wanted - bytes.size());
                bytes.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        /** How many bytes decide: 8 (the magic), 11 (the count), or the whole header. */
        private int wanted() {
            byte[] have = bytes.toByteArray();
            if (have.length < 8) return 8;
            if (!Envelope.isEnvelope(have)) return have.length;
            if (have.length < 11) return 11;
            int count = ((have[9] & 0xff) << 8) | (have[10] & 0xff);
            return count < 1 || count > Envelope.MAX_RECIPIENTS ? have.length : Math.min(MAX_HEADER_BYTES, 31 + 145 * count);
        }
    }
}
