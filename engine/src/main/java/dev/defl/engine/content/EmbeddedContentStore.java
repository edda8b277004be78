package dev.defl.engine.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zero-set-up {@link ContentStore}: a {@link FileBlockStore} in {@code root/blocks}, written by a
 * {@link UnixFsImporter} and read by a {@link UnixFsExporter}. Thread-safe.
 */
public final class EmbeddedContentStore implements ContentStore {
    private final Path root;
    private final FileBlockStore blocks;
    private final UnixFsImporter importer;
    private final UnixFsExporter exporter;

    /**
     * Opens (creating if needed) a store in {@code root}, adding with {@link ImportProfile#CIDV1_RAW_LEAVES}.
     *
     * @throws IOException if the directory cannot be created or read
     */
    public EmbeddedContentStore(Path root) throws IOException {
        this(root, ImportProfile.CIDV1_RAW_LEAVES);
    }

    /**
     * Opens (creating if needed) a store in {@code root}, adding with {@code profile}.
     *
     * @throws IOException if the directory cannot be created or read
     */
    public EmbeddedContentStore(Path root, ImportProfile profile) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        this.blocks = new FileBlockStore(this.root.resolve("blocks"));
        this.importer = new UnixFsImporter(blocks, profile);
        this.exporter = new UnixFsExporter(blocks);
    }

    /** The block store underneath, for raw block access. */
    public FileBlockStore blockStore() {
        return blocks;
    }

    @Override
    public Cid add(InputStream in) throws IOException {
        return importer.add(in);
    }

    @Override
    public Cid add(byte[] data) throws IOException {
        return importer.add(data);
    }

    /**
     * Stores the file at {@code file}; see {@link #add(InputStream)}.
     *
     * @throws IOException if the file cannot be read or a block not stored
     */
    public Cid add(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importer.add(in);
        }
    }

    @Override
    public void cat(Cid cid, OutputStream out) throws IOException {
        exporter.cat(cid, out);
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.has(cid);
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public long sizeBytes() {
        return blocks.sizeBytes();
    }

    @Override
    public long blockCount() {
        return blocks.blockCount();
    }

    @Override
    public String toString() {
        return "EmbeddedContentStore[" + root + ", " + blockCount() + " blocks, " + sizeBytes() + " bytes]";
    }
}
