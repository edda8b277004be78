package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Files by CID: adds content as a UnixFS DAG (CIDv1, raw leaves, 256 KiB chunks, balanced, 174 links;
 * the CIDs of {@code ipfs add --cid-version=1}) and reads it back, verifying every block.
 *
 * <p>A store that keeps pins and collects garbage (such as {@link EmbeddedContentStore}) pins what
 * {@link #add} adds recursively, as {@code ipfs add} does, so added content survives garbage collection
 * until it is unpinned.
 */
public interface ContentStore {
    /**
     * Reads {@code in} to its end (not closing it) and stores it as one file, pinned recursively where
     * the store keeps pins.
     *
     * @return the CID of the file's root block
     * @throws IOException if reading or storing fails
     */
    Cid add(InputStream in) throws IOException;

    /** Stores {@code data} as one file; see {@link #add(InputStream)}. */
    Cid add(byte[] data) throws IOException;

    /**
     * Writes the file {@code cid} to {@code out} (not closed).
     *
     * @throws ContentNotFoundException   if a block of the file is missing
     * @throws BlockVerificationException if a block does not hash to its CID
     * @throws MalformedDagException      if the DAG is not a UnixFS file this store can read
     * @throws IOException                if reading or writing fails
     */
    void cat(Cid cid, OutputStream out) throws IOException;

    /**
     * The whole file {@code cid} in memory; see {@link #cat}.
     *
     * @throws IOException as {@link #cat}, or if the file exceeds the largest Java array
     */
    default byte[] catBytes(Cid cid) throws IOException {
        return catBytes(cid, Integer.MAX_VALUE - 8);
    }

    /**
     * The whole file {@code cid} in memory, refusing one larger than {@code maxBytes}: for content a peer chose, so that
     * it cannot make this reader allocate without bound. At most about {@code maxBytes} bytes are held; reading stops
     * at the first byte beyond the limit.
     *
     * @param maxBytes the most bytes accepted, {@code 0 ≤ maxBytes ≤ Integer.MAX_VALUE - 8} (the largest Java array)
     * @throws ContentTooLargeException if the file holds more than {@code maxBytes} bytes
     * @throws IllegalArgumentException if {@code maxBytes} is outside that range
     * @throws IOException              as {@link #cat}
     */
    default byte[] catBytes(Cid cid, long maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be within 0.." + (Integer.MAX_VALUE - 8) + ", got " + maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void write(int b) {
                ensure(1);
                super.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                ensure(len);
                super.write(b, off, len);
            }

            private void ensure(int more) {
                if ((long) count + more > maxBytes) throw new UncheckedIOException(new ContentTooLargeException(cid, "", maxBytes));
            }
        };
        try {
            cat(cid, out);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ContentTooLargeException tooLarge) throw tooLarge;
            throw e;
        }
        return out.toByteArray();
    }

    /**
     * A reader of byte ranges of this store's files ({@link UnixFsRangeReader}: only the blocks holding a range are
     * read, each hash-verified), or empty when this store cannot read ranges of the bytes {@link #cat} gives (the
     * default: e.g. a store that transforms content on the way, such as one that opens envelopes).
     */
    default java.util.Optional<UnixFsRangeReader> rangeReader() {
        return java.util.Optional.empty();
    }

    /** Whether the root block of {@code cid} is present (its children are not checked). */
    boolean has(Cid cid);

    /** The directory the store keeps its data in. */
    Path root();

    /** Total size of the stored blocks, in bytes. */
    long sizeBytes();

    /** Number of stored blocks. */
    long blockCount();
}
