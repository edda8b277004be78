package dev.defl.engine.content;

import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An on-disk {@link BlockStore} laid out like kubo's flatfs datastore: one file per block, named by
 * the upper-case base32 (RFC 4648, no padding) of the block's multihash plus {@code .data}, in a
 * shard directory named by the next-to-last two characters of that name
 * ({@code /repo/flatfs/shard/v1/next-to-last/2}, recorded in a {@code SHARDING} file as kubo does).
 * Blocks are keyed by multihash, so a CIDv0 and a CIDv1 of the same block share one file.
 *
 * <p>Writes are atomic and durable ({@link AtomicFiles}): a block is written to a temporary file in its
 * shard directory, forced to disk, and renamed into place, and the shard directory is forced, so a
 * process killed (or a machine losing power) at any point leaves either no block or the whole block
 * (stray temporary files are deleted on the next open). Many blocks are written much faster through a
 * {@link #batch()}, which overlaps the forced writes and forces each directory once per commit. Reads
 * hash every block and refuse one that does not match its CID.
 *
 * <p>Block count and total size are counted once when the store is opened and kept up to date by
 * {@link #put} and {@link #delete}. A delete unlinks the block file (atomic on POSIX file systems): a
 * concurrent {@code get} sees the whole block or none. Safe for concurrent {@code put}/{@code get} from many threads of one process; two
 * processes must not open the same directory at once (their counts would drift).
 *
 * <p>Identity CIDs (multihash 0x00) carry their block: as kubo's {@code idstore} in front of its flatfs, this
 * store answers {@link #get} and {@link #has} for them from the CID and never writes them (a put only checks
 * the block and the {@link Multihash#MAX_IDENTITY_LENGTH} limit); they are not counted as stored blocks.
 *
 * <p>Source of the layout: <a href="https://github.com/ipfs/go-ds-flatfs">ipfs/go-ds-flatfs</a>.
 */
public final class FileBlockStore implements BlockStore {
    /** Content of the {@code SHARDING} file, as kubo writes it. */
    static final String SHARDING = "/repo/flatfs/shard/v1/next-to-last/2";
    private static final String SHARDING_FILE = "SHARDING";
    private static final String BLOCK_SUFFIX = ".data";
    private final boolean removeStrayTemps;
    private static final int LOCK_STRIPES = 64;

    private final Path directory;
    private final AtomicLong blockCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private final Object[] locks = new Object[LOCK_STRIPES];

    /**
     * Opens the store in {@code directory}, creating it if needed, counting the blocks present and
     * deleting temporary files left by an interrupted write.
     *
     * @throws ContentException if the directory holds a {@code SHARDING} file for another layout
     * @throws IOException      if the directory cannot be created or read
     */
    public FileBlockStore(Path directory) throws IOException {
        this(directory, true);
    }

    /**
     * As {@link #FileBlockStore(Path)}; temporary files are deleted only when {@code removeStrayTemps} (the opener holds
     * the data directory's writer lock; for anyone else they may be another process's write in progress).
     */
    public FileBlockStore(Path directory, boolean removeStrayTemps) throws IOException {
        this.removeStrayTemps = removeStrayTemps;
        this.directory = directory.toAbsolutePath().normalize();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
        Files.createDirectories(this.directory);
        Path sharding = this.directory.resolve(SHARDING_FILE);
        if (Files.exists(sharding)) {
            String found = Files.readString(sharding, StandardCharsets.UTF_8).strip();
            if (!found.equals(SHARDING)) {
                throw new ContentException(sharding + " says \"" + found + "\"; this store reads only \"" + SHARDING + "\"");
            }
        } else {
            AtomicFiles.write(sharding, (SHARDING + "\n").getBytes(StandardCharsets.UTF_8));
        }
        scan();
    }

    private void scan() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    scanShard(entry);
                } else if (AtomicFiles.isTemporary(entry)) {
                    if (removeStrayTemps) Files.deleteIfExists(entry);
                }
            }
        }
    }

    private void scanShard(Path shard) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
            for (Path file : files) {
                if (AtomicFiles.isTemporary(file)) {
                    if (removeStrayTemps) Files.deleteIfExists(file);
                } else if (file.getFileName().toString().endsWith(BLOCK_SUFFIX)) {
                    blockCount.incrementAndGet();
                    sizeBytes.addAndGet(Files.size(file));
                }
            }
        }
    }

    /** The store's directory (absolute). */
    public Path directory() {
        return directory;
    }

    /**
     * Where the block for {@code cid} is (or would be) stored:
     * {@code directory/<shard>/<BASE32 multihash>.data}.
     */
    public Path blockPath(Cid cid) {
        return blockPath(cid.multihash());
    }

    private Path blockPath(Multihash multihash) {
        String key = Multibase.BASE32_UPPER.encodeBare(multihash.toBytes());
        String shard = key.substring(key.length() - 3, key.length() - 1);
        return directory.resolve(shard).resolve(key + BLOCK_SUFFIX);
    }

    /**
     * Stores {@code block} durably: written to a temporary file, forced to disk, renamed into place,
     * and its shard directory forced, before returning (a batch of one; see {@link #batch()}).
     */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        try (Batch batch = batch()) {
            batch.put(cid, block);
            batch.commit();
        }
    }

    /**
     * A batch writing blocks as kubo's flatfs {@code PutMany} does, with the forced writes overlapped:
     * each block goes to a temporary file in its shard directory at once; in the background (up to
     * {@value #SYNCS_IN_FLIGHT} at a time, so the file system can group their journal commits) each
     * temporary file is forced to disk and renamed into place; {@link Batch#commit()} waits for those,
     * then forces every directory a block was renamed into (and this directory, if a shard was created).
     * A block under its final name is therefore always whole, after a kill or a power loss, and
     * everything put is durable once commit returns. Open temporary files: at most
     * {@value #SYNCS_IN_FLIGHT} per batch.
     */
    @Override
    public Batch batch() {
        return new FileBatch();
    }

    /** Forced writes a batch keeps in progress at once (each holds one open file). */
    static final int SYNCS_IN_FLIGHT = 32;

    private final class FileBatch implements Batch {
        private final ExecutorService syncs = Executors.newVirtualThreadPerTaskExecutor();
        private final Semaphore inFlight = new Semaphore(SYNCS_IN_FLIGHT);
        /** Targets being written by this batch and not yet renamed, so that a block put twice is written once. */
        private final Set<Path> writing = ConcurrentHashMap.newKeySet();
        /** Directories that gained an entry since the last commit. */
        private final Set<Path> touched = ConcurrentHashMap.newKeySet();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private boolean closed;

        @Override
        public void put(Cid cid, byte[] block) throws IOException {
            if (!cid.matches(block)) {
                throw new BlockVerificationException(cid, "caller of put to " + directory);
            }
            if (cid.isIdentity()) {
                cid.inlineBlock(); // checks the size limit; the CID itself holds the block, nothing to write
                return;
            }
            write(cid, block);
        }

        /** The block hashed once, here: its CID is right by construction and needs no verifying. */
        @Override
        public Cid put(int cidVersion, long codec, byte[] block) throws IOException {
            Cid cid = Cid.of(cidVersion, codec, block);
            write(cid, block);
            return cid;
        }

        /** Writes {@code block}, already known to hash to {@code cid}. */
        private void write(Cid cid, byte[] block) throws IOException {
            if (closed) {
                throw new IllegalStateException("batch on " + directory + " is closed");
            }
            rethrowFailure();
            Path target = blockPath(cid);
            if (Files.exists(target) || !writing.add(target)) {
                return;
            }
            boolean handedOver = false;
            try {
                Path shard = target.getParent();
                if (!Files.isDirectory(shard)) {
                    Files.createDirectories(shard);
                    touched.add(directory);
                }
                AtomicFiles.Staged staged = AtomicFiles.stage(target);
                try {
                    staged.write(block);
                    inFlight.acquireUninterruptibly();
                } catch (IOException | RuntimeException e) {
                    staged.close();
                    throw e;
                }
                long length = block.length;
                handedOver = true;
                syncs.execute(() -> finish(staged, length));
            } finally {
                if (!handedOver) {
                    writing.remove(target);
                }
            }
        }

        /** In the background: forces the temporary file, closes it and renames it into place. */
        private void finish(AtomicFiles.Staged staged, long length) {
            Path target = staged.target();
            try (staged) {
                staged.force();
                synchronized (locks[Math.floorMod(target.hashCode(), LOCK_STRIPES)]) {
                    if (!Files.exists(target)) {
                        staged.moveIntoPlace();
                        blockCount.incrementAndGet();
                        sizeBytes.addAndGet(length);
                        touched.add(target.getParent());
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                writing.remove(target);
                inFlight.release();
            }
        }

        @Override
        public void commit() throws IOException {
            if (closed) {
                throw new IllegalStateException("batch on " + directory + " is closed");
            }
            awaitWrites();
            rethrowFailure();
            List<Path> directories = List.copyOf(touched);
            touched.removeAll(directories);
            for (Path dir : directories) {
                inFlight.acquireUninterruptibly();
                syncs.execute(() -> {
                    try {
                        AtomicFiles.forceDirectory(dir);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            awaitWrites();
            rethrowFailure();
        }

        /** Waits until no write of this batch is in progress. */
        private void awaitWrites() {
            inFlight.acquireUninterruptibly(SYNCS_IN_FLIGHT);
            inFlight.release(SYNCS_IN_FLIGHT);
        }

        private void rethrowFailure() throws IOException {
            Throwable e = failure.get();
            if (e == null) {
                return;
            }
            if (e instanceof IOException io) {
                throw new IOException("writing a block to " + directory + " failed: " + io.getMessage(), io);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new IOException(e);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            awaitWrites();
            syncs.close();
        }
    }

    /**
     * The multihashes of all stored blocks, in no particular order (read from the directory, so blocks
     * put by another thread meanwhile may or may not be included).
     *
     * @throws ContentException if a block file's name is not a base32 multihash
     * @throws IOException      if the directory cannot be read
     */
    public List<Multihash> multihashes() throws IOException {
        List<Multihash> out = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(directory)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*" + BLOCK_SUFFIX)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        String key = name.substring(0, name.length() - BLOCK_SUFFIX.length());
                        try {
                            out.add(Multihash.fromBytes(Multibase.BASE32_UPPER.decodeBare(key, 0)));
                        } catch (IllegalArgumentException e) {
                            throw new ContentException(file + " is not named by a base32 multihash: " + e.getMessage(), e);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Removes the block for {@code cid} (keyed by multihash: this removes the one file that a CIDv0 and
     * the CIDv1 of the same block share), keeping block count and size right. Not coordinated with a
     * concurrent {@link #put} of the same block beyond keeping the counts right; callers that need
     * that (garbage collection) hold their own lock, as {@link EmbeddedContentStore} does.
     *
     * @return the size of the removed block in bytes, or empty if there was no such block
     * @throws IOException if the file cannot be deleted
     */
    @Override
    public OptionalLong delete(Cid cid) throws IOException {
        if (cid.isIdentity()) {
            return OptionalLong.empty(); // never stored
        }
        return delete(cid.multihash());
    }

    /**
     * Removes the block whose multihash is {@code multihash}; see {@link #delete(Cid)}.
     *
     * @return the size of the removed block in bytes, or empty if there was no such block
     * @throws IOException if the file cannot be deleted
     */
    public OptionalLong delete(Multihash multihash) throws IOException {
        Path target = blockPath(multihash);
        synchronized (locks[Math.floorMod(target.hashCode(), LOCK_STRIPES)]) {
            long size;
            try {
                size = Files.size(target);
                Files.delete(target);
            } catch (NoSuchFileException e) {
                return OptionalLong.empty();
            }
            blockCount.decrementAndGet();
            sizeBytes.addAndGet(-size);
            return OptionalLong.of(size);
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        var inline = cid.inlineBlock();
        if (inline.isPresent()) {
            return inline.get();
        }
        Path path = blockPath(cid);
        byte[] block;
        try {
            block = readWhole(path);
        } catch (NoSuchFileException e) {
            throw new ContentNotFoundException(cid, directory.toString());
        }
        if (!cid.matches(block)) {
            throw new BlockVerificationException(cid, path.toString());
        }
        return block;
    }

    /**
     * The content of the file at {@code path}, as long as it was when opened: one open, one size query and one read
     * into an array of that size ({@link Files#readAllBytes} reads through a stream, then once more to find the end).
     * A block file never changes once renamed into place; one changed behind the store's back anyway is caught by the
     * caller's hash check, like any other damage.
     *
     * @throws NoSuchFileException if there is no such file
     * @throws IOException         if reading fails, or the file is larger than an array can hold
     */
    private static byte[] readWhole(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(path + " holds " + size + " bytes, more than a block can");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // a read may return fewer bytes than asked: go on until the buffer is full or the file ends
            }
            return buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
        }
    }

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || Files.isRegularFile(blockPath(cid));
    }

    @Override
    public long sizeBytes() {
        return sizeBytes.get();
    }

    @Override
    public long blockCount() {
        return blockCount.get();
    }

    @Override
    public String toString() {
        return "FileBlockStore[" + directory + ", " + blockCount() + " blocks, " + sizeBytes() + " bytes]";
    }
}
