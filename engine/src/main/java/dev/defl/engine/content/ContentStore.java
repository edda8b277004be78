package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cat(cid, out);
        return out.toByteArray();
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
