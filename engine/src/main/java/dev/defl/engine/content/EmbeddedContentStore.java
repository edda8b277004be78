package dev.defl.engine.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The zero-set-up {@link ContentStore}: a {@link FileBlockStore} in {@code root/blocks} behind a memory
 * {@link CachingBlockStore} (64 MiB by default), written by a {@link UnixFsImporter} and read by a
 * {@link UnixFsExporter}, with pins in {@code root/pins} ({@link PinStore}) and garbage collection of
 * unpinned blocks, as a kubo repository has. Thread-safe; one process per directory.
 *
 * <p>Pins follow kubo: a {@linkplain PinMode#RECURSIVE recursive} pin protects a root and every block
 * reachable from it through dag-pb links (raw leaves have none), a {@linkplain PinMode#DIRECT direct} pin
 * the one block. Like {@code ipfs add}, every {@code add} without a {@code pin} argument pins the added
 * file recursively; {@code add(…, false)} is {@code ipfs add --pin=false}.
 *
 * <p>Garbage collection against concurrent writers: a store-wide read/write lock (kubo's "GC lock").
 * Adds (blocks and their pin together), pins and unpins hold the read lock, so they run concurrently
 * with each other; {@link #gc()} holds the write lock for its whole mark and sweep, so it never sees an
 * add half done and never deletes a block of an add in progress; adds wait while it runs. Reads
 * ({@link #cat}) take no lock: a cat of an unpinned file that overlaps a GC may fail with
 * {@link ContentNotFoundException}, as in kubo. Blocks put straight into {@link #blockStore()} bypass the
 * lock and are not protected.
 *
 * <p>Live work holds a <b>lease</b> ({@link #lease(String)}, kubo's "pin while writing"): a run, or a node, needs
 * blocks that no pin protects yet (updates fetched from peers, an aggregate not yet pinned) for as long as it lives.
 * While any lease is held, {@link #gc()} refuses with a {@link GcRefusedException} naming the holders, and deletes
 * nothing. Across processes the data-directory lock keeps a GC away from another process's writes.
 */
public final class EmbeddedContentStore implements ContentStore {
    private final Path root;
    private final FileBlockStore blocks;
    private final CachingBlockStore cache;
    private final PinStore pins;
    private final UnixFsImporter importer;
    private final UnixFsExporter exporter;
    /** For files larger than the cache: reads that do not fill it. */
    private final UnixFsExporter scanningExporter;
    /** Blocks {@link #cat(Cid, OutputStream)} reads (and verifies) ahead per DAG level: 8 × 256 KiB = 2 MiB. */
    static final int READ_AHEAD_BLOCKS = 8;
    private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
    private final java.util.concurrent.atomic.LongAdder addNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder catNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.Map<Long, String> leases = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong leaseIds = new java.util.concurrent.atomic.AtomicLong();
    private final List<java.util.function.Consumer<PinChange>> pinListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Opens (creating if needed) a store in {@code root}, adding with {@link ImportProfile#CIDV1_RAW_LEAVES}.
     *
     * @throws ContentException if a pin file is malformed (names the file)
     * @throws IOException      if the directory cannot be created or read
     */
    public EmbeddedContentStore(Path root) throws IOException {
        this(root, ImportProfile.CIDV1_RAW_LEAVES);
    }

    /**
     * Opens (creating if needed) a store in {@code root}, adding with {@code profile}, with a block cache
     * of {@link CachingBlockStore#DEFAULT_CAPACITY_BYTES}.
     *
     * @throws ContentException if a pin file is malformed (names the file)
     * @throws IOException      if the directory cannot be created or read
     */
    public EmbeddedContentStore(Path root, ImportProfile profile) throws IOException {
        this(root, profile, CachingBlockStore.DEFAULT_CAPACITY_BYTES);
    }

    /**
     * Opens (creating if needed) a store in {@code root}, adding with {@code profile}, with a block cache
     * of at most {@code cacheCapacityBytes} bytes (0: no caching).
     *
     * @throws IllegalArgumentException if {@code cacheCapacityBytes} is negative
     * @throws ContentException         if a pin file is malformed (names the file)
     * @throws IOException              if the directory cannot be created or read
     */
    public EmbeddedContentStore(Path root, ImportProfile profile, long cacheCapacityBytes) throws IOException {
        this(root, profile, cacheCapacityBytes, true);
    }

    /**
     * Opens the store in {@code root} for a process that does not hold the data directory's writer lock (a reader:
     * {@code cat}, {@code pin ls}, {@code chain events} while a run holds the directory): as
     * {@link #EmbeddedContentStore(Path, ImportProfile, long)}, except that it leaves temporary files alone, since
     * they may be another process's writes in progress, not leftovers of a crash.
     *
     * @throws ContentException         if a pin file is malformed (names the file)
     * @throws IOException              if the directory cannot be created or read
     */
    public static EmbeddedContentStore openShared(Path root, ImportProfile profile, long cacheCapacityBytes)
            throws IOException {
        return new EmbeddedContentStore(root, profile, cacheCapacityBytes, false);
    }

    private EmbeddedContentStore(Path root, ImportProfile profile, long cacheCapacityBytes, boolean owner)
            throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        this.blocks = new FileBlockStore(this.root.resolve("blocks"), owner);
        this.cache = new CachingBlockStore(blocks, cacheCapacityBytes);
        this.pins = new PinStore(this.root.resolve("pins"), owner);
        this.importer = new UnixFsImporter(cache, profile);
        this.exporter = new UnixFsExporter(cache, READ_AHEAD_BLOCKS);
        this.scanningExporter = new UnixFsExporter(cache.scanning(), READ_AHEAD_BLOCKS);
    }

    /** The block store underneath, for raw block access (bypasses the cache and the GC lock). */
    public FileBlockStore blockStore() {
        return blocks;
    }

    /** Adds and pins recursively, as {@code ipfs add}; see {@link ContentStore#add(InputStream)}. */
    @Override
    public Cid add(InputStream in) throws IOException {
        return add(in, true);
    }

    /** Adds and pins recursively, as {@code ipfs add}; see {@link ContentStore#add(byte[])}. */
    @Override
    public Cid add(byte[] data) throws IOException {
        return add(new ByteArrayInputStream(data), true);
    }

    /**
     * Stores the file at {@code file} and pins it recursively; see {@link #add(InputStream)}.
     *
     * @throws IOException if the file cannot be read or a block not stored
     */
    public Cid add(Path file) throws IOException {
        return add(file, true);
    }

    /**
     * Reads {@code in} to its end (not closing it), stores it as one file and, if {@code pin}, pins its
     * root recursively ({@code pin = false} is {@code ipfs add --pin=false}: the file is kept until the
     * next {@link #gc()}). Blocks and pin are written under the GC lock, so a GC never removes part of it.
     *
     * @return the CID of the file's root block
     * @throws IOException if reading, storing or pinning fails
     */
    public Cid add(InputStream in, boolean pin) throws IOException {
        long t0 = System.nanoTime();
        try {
            return addTimed(in, pin);
        } finally {
            addNanos.add(System.nanoTime() - t0);
        }
    }

    /**
     * Wall time spent in this store's {@code add} and {@code cat} since it was opened, on all threads together, in
     * nanoseconds (hashing, block writes and reads included; a caller's own stream counts when it is slow). Round
     * overhead accounting ({@code defl bench round}).
     *
     * @param addNanos time in {@link #add(InputStream, boolean)} and the methods that call it
     * @param catNanos time in {@link #cat(Cid, OutputStream)} and {@link #cat(Cid, OutputStream, BlockStore, boolean)}
     */
    public record IoTime(long addNanos, long catNanos) {
    }

    /** See {@link IoTime}. */
    public IoTime ioTime() {
        return new IoTime(addNanos.sum(), catNanos.sum());
    }

    private Cid addTimed(InputStream in, boolean pin) throws IOException {
        Lock lock = gcLock.readLock();
        lock.lock();
        Cid added = null;
        try {
            Cid cid = importer.add(in);
            boolean pinned = pin && pins.mode(cid).orElse(null) != PinMode.RECURSIVE;
            if (pinned) {
                pins.put(new Pin(cid, PinMode.RECURSIVE)); // just written whole under the lock: no walk needed
            }
            added = pinned ? cid : null;
            return cid;
        } finally {
            lock.unlock();
            if (added != null) pinsChanged(new PinChange(added, true));
        }
    }

    /** Stores {@code data} as one file, pinned recursively if {@code pin}; see {@link #add(InputStream, boolean)}. */
    public Cid add(byte[] data, boolean pin) throws IOException {
        return add(new ByteArrayInputStream(data), pin);
    }

    /**
     * Stores the file at {@code file}, pinned recursively if {@code pin}; see {@link #add(InputStream, boolean)}.
     *
     * @throws IOException if the file cannot be read or a block not stored
     */
    public Cid add(Path file, boolean pin) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return add(in, pin);
        }
    }

    /**
     * Pins {@code cid} ({@code ipfs pin add}, {@code --recursive=false} for {@link PinMode#DIRECT}). A
     * recursive pin first checks that the whole DAG is in the store: every block is checked for presence on
     * disk, and every dag-pb node is read to follow its links (hash-verified when read from disk; a cache
     * hit was verified when it was cached). Raw leaves are not read. Identity CIDs need no block: pinning one
     * records the pin and stores nothing, as kubo's {@code ipfs pin add bafkqaaa} succeeds (its identity
     * blockstore reports every identity CID present). Pinning recursively a CID
     * pinned directly makes the pin recursive; pinning again with the same mode does nothing.
     *
     * @throws ContentNotFoundException   naming the first missing block of the DAG (nothing is pinned)
     * @throws BlockVerificationException if a dag-pb node of the DAG does not hash to its CID
     * @throws MalformedDagException      if a node is not valid dag-pb, or has a codec other than raw or
     *                                    dag-pb (only those can be pinned recursively)
     * @throws ContentException           for a direct pin of a CID already pinned recursively (as kubo)
     * @throws IOException                if reading a block or writing the pin fails
     */
    public void pin(Cid cid, PinMode mode) throws IOException {
        Lock lock = gcLock.readLock();
        lock.lock();
        boolean changed = false;
        try {
            Optional<PinMode> existing = pins.mode(cid);
            if (existing.isPresent() && existing.get() == mode) {
                return;
            }
            if (mode == PinMode.DIRECT) {
                if (existing.isPresent()) {
                    throw new ContentException("CID " + cid + " is already pinned recursively; unpin it first to pin it directly");
                }
                cid.inlineBlock(); // checks an identity CID's size limit
                if (!blocks.has(cid)) {
                    throw new ContentNotFoundException(cid, blocks.directory().toString());
                }
            } else {
                walk(cid, new HashSet<>());
            }
            pins.put(new Pin(cid, mode));
            changed = true;
        } finally {
            lock.unlock();
            if (changed) pinsChanged(new PinChange(cid, true));
        }
    }

    /**
     * Removes the pin of {@code cid} ({@code ipfs pin rm}); its blocks stay until the next {@link #gc()}.
     *
     * @throws NotPinnedException if {@code cid} is not pinned (names the CID; a block under a recursive pin
     *                            is not a pin of its own)
     * @throws IOException        if the pin file cannot be deleted
     */
    public void unpin(Cid cid) throws IOException {
        Lock lock = gcLock.readLock();
        lock.lock();
        try {
            if (!pins.remove(cid)) {
                throw new NotPinnedException(cid, pins.directory().toString());
            }
        } finally {
            lock.unlock();
        }
        pinsChanged(new PinChange(cid, false));
    }

    /**
     * Calls {@code listener} with the root and whether it is pinned now, whenever a pin is added or removed ({@link #add(InputStream, boolean)}
     * with a new pin, {@link #pin}, {@link #unpin}): on the thread that changed it, after the change is on disk and
     * the GC lock released. A listener must return quickly (hand the work to another thread) and should not throw;
     * what it throws is dropped, the change stands. A window refreshes its list of pins this way while a run adds
     * updates and models.
     *
     * @return removes the listener (idempotent)
     */
    public Runnable onPinsChanged(java.util.function.Consumer<PinChange> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        pinListeners.add(listener);
        return () -> pinListeners.remove(listener);
    }

    /** A pin added ({@code pinned}: by an add, or {@link #pin}) or removed ({@link #unpin}) for root {@code cid}. */
    public record PinChange(Cid cid, boolean pinned) {
    }

    private void pinsChanged(PinChange change) {
        for (java.util.function.Consumer<PinChange> l : pinListeners) {
            try {
                l.accept(change);
            } catch (RuntimeException ignored) {
                // a listener's failure must not fail the add or pin that already happened
            }
        }
    }

    /** All pins, ordered by CID string ({@code ipfs pin ls --type=recursive} and {@code direct}). */
    public List<Pin> pins() {
        return pins.list();
    }

    /** Whether {@code cid} is pinned, recursively or directly (blocks under a recursive pin are not counted). */
    public boolean isPinned(Cid cid) {
        return pins.mode(cid).isPresent();
    }

    /** How {@code cid} is pinned, or empty if it is not a pin. */
    public Optional<PinMode> pinMode(Cid cid) {
        return pins.mode(cid);
    }

    /**
     * Takes a lease that keeps {@link #gc()} away while live work (a run, a node) may still need blocks no pin
     * protects; waits while a GC runs. Close it when the work ends (any thread may).
     *
     * @param holder what holds it, named in the refusal a GC gets, e.g. {@code "defl run, task 3"}
     */
    public Lease lease(String holder) {
        Lock lock = gcLock.readLock();
        lock.lock(); // a GC in progress finishes first
        try {
            long id = leaseIds.incrementAndGet();
            leases.put(id, holder + " (since " + java.time.Instant.now() + ")");
            return () -> leases.remove(id);
        } finally {
            lock.unlock();
        }
    }

    /** A held {@link #lease(String)}; closing it twice is harmless. */
    @FunctionalInterface
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Deletes every block not protected by a pin ({@code ipfs repo gc}): marks the blocks reachable from
     * the recursive pins (following dag-pb links) and the directly pinned blocks, then deletes the rest,
     * keeping block count and size right and dropping deleted blocks from the cache. Holds the GC write
     * lock throughout, so adds and pin changes wait for it (see the class comment). If the mark fails,
     * nothing is deleted.
     *
     * @return the number of blocks deleted and their total size in bytes
     * @throws GcRefusedException        while a {@link #lease(String)} is held (names the holders; nothing deleted)
     * @throws ContentNotFoundException   if a block of a recursively pinned DAG is missing (names it)
     * @throws BlockVerificationException if a pinned dag-pb node does not hash to its CID
     * @throws MalformedDagException      if a pinned dag-pb node cannot be decoded
     * @throws IOException                if reading or deleting fails
     */
    public GcResult gc() throws IOException {
        Lock lock = gcLock.writeLock();
        lock.lock();
        try {
            if (!leases.isEmpty()) {
                throw new GcRefusedException("garbage collection refused: live work may still need unpinned blocks of "
                        + root + ": " + String.join("; ", new java.util.TreeMap<>(leases).values())
                        + ". Run it again when that work has ended");
            }
            Set<Multihash> keep = new HashSet<>();
            for (Pin pin : pins.list()) {
                if (pin.mode() == PinMode.RECURSIVE) {
                    walk(pin.cid(), keep);
                } else {
                    keep.add(pin.cid().multihash());
                }
            }
            long removed = 0;
            long bytes = 0;
            for (Multihash multihash : blocks.multihashes()) {
                if (!keep.contains(multihash)) {
                    // blocks are keyed by multihash; the codec of this CID only names the key
                    OptionalLong size = cache.delete(new Cid(1, Cid.RAW, multihash));
                    if (size.isPresent()) {
                        removed++;
                        bytes += size.getAsLong();
                    }
                }
            }
            return new GcResult(removed, bytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds to {@code reached} the multihashes of the DAG under {@code root}, following dag-pb links,
     * failing on a missing block. Blocks already in {@code reached} are not walked again.
     */
    private void walk(Cid root, Set<Multihash> reached) throws IOException {
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!reached.add(cid.multihash())) {
                continue;
            }
            cid.inlineBlock(); // an identity CID is always present (the CID holds it) unless over kubo's size limit
            if (!blocks.has(cid)) { // on disk, not merely in the cache
                throw new ContentNotFoundException(cid, blocks.directory().toString());
            }
            if (cid.codec() == Cid.DAG_PB) {
                byte[] block = cache.get(cid);
                List<DagPbLink> links;
                try {
                    links = DagPbNode.decode(block).links();
                } catch (IllegalArgumentException e) {
                    throw new MalformedDagException(cid, "malformed dag-pb: " + e.getMessage());
                }
                for (int i = links.size() - 1; i >= 0; i--) {
                    todo.push(links.get(i).cid());
                }
            } else if (cid.codec() != Cid.RAW) {
                throw new MalformedDagException(cid, "cannot follow links of codec 0x" + Long.toHexString(cid.codec())
                        + " (only raw 0x55 and dag-pb 0x70 DAGs can be pinned recursively)");
            }
        }
    }

    /** Figures of the store now, like {@code ipfs repo stat}. */
    public RepoStat stat() {
        return new RepoStat(blocks.blockCount(), blocks.sizeBytes(), pins.size(), root);
    }

    /** Counters of the memory block cache. */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /**
     * Writes the file {@code cid} to {@code out} (not closed), as {@link ContentStore#cat}, reading
     * {@value #READ_AHEAD_BLOCKS} blocks ahead. A file larger than the block cache is read as a scan
     * ({@link CachingBlockStore#scanning()}): its blocks are not admitted to the cache, which it would
     * only flush.
     */
    @Override
    public void cat(Cid cid, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        try {
            byte[] root = cache.get(cid);
            (declaredFileSize(cid, root) > cache.capacityBytes() ? scanningExporter : exporter).cat(cid, root, out);
        } finally {
            catNanos.add(System.nanoTime() - t0);
        }
    }

    /**
     * The size the root block {@code root} of {@code cid} declares (UnixFS filesize), or -1 if it is a
     * raw block or not a readable UnixFS node (the exporter then reports what is wrong).
     */
    private static long declaredFileSize(Cid cid, byte[] root) {
        if (cid.codec() != Cid.DAG_PB) {
            return -1;
        }
        try {
            return UnixFsData.decode(DagPbNode.decode(root).data()).fileSize();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Writes the content of the file {@code cid} to {@code out} (not closed), reading blocks this store
     * lacks from {@code remote} through a {@link ReadThroughBlockStore} (every block hash-verified). If
     * {@code keepFetched}, the fetched blocks are stored here (under the GC lock, so a concurrent
     * {@link #gc()} waits), which makes the content local, unpinned, like {@code ipfs get}; a later
     * {@link #gc()} removes them unless they are pinned.
     *
     * @param remote      where missing blocks come from, e.g. a
     *                    {@code dev.defl.engine.content.net.MultiEndpointBlockStore}
     * @return the number of content bytes written
     * @throws ContentNotFoundException   if a block is neither here nor at the remote
     * @throws BlockVerificationException if a block does not hash to its CID
     * @throws MalformedDagException      as {@link UnixFsExporter#cat}
     * @throws IOException                if the remote fails, or reading, storing or writing fails
     */
    public long cat(Cid cid, OutputStream out, BlockStore remote, boolean keepFetched) throws IOException {
        long t0 = System.nanoTime();
        try {
            return catThrough(cid, out, remote, keepFetched);
        } finally {
            catNanos.add(System.nanoTime() - t0);
        }
    }

    private long catThrough(Cid cid, OutputStream out, BlockStore remote, boolean keepFetched) throws IOException {
        UnixFsExporter through = new UnixFsExporter(new ReadThroughBlockStore(cache, remote, keepFetched));
        if (!keepFetched) {
            return through.cat(cid, out);
        }
        Lock lock = gcLock.readLock();
        lock.lock();
        try {
            return through.cat(cid, out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ranged reads of this store's files ({@link UnixFsRangeReader}), every block hash-verified; blocks are read as a
     * scan ({@link CachingBlockStore#scanning()}), not admitted to the block cache. Thread-safe.
     */
    @Override
    public Optional<UnixFsRangeReader> rangeReader() {
        return Optional.of(new UnixFsRangeReader(cache.scanning()));
    }

    /**
     * Ranged reads of files whose blocks this store may lack: a block not here is read from {@code remote} through a
     * {@link ReadThroughBlockStore} (hash-verified) and kept here, unpinned, as {@link #cat(Cid, OutputStream,
     * BlockStore, boolean)} with {@code keepFetched} keeps it; each block read holds the GC lock's read side, so a
     * concurrent {@link #gc()} waits for it. Thread-safe if {@code remote} is.
     */
    public UnixFsRangeReader rangeReader(BlockStore remote) {
        BlockStore through = new ReadThroughBlockStore(cache.scanning(), java.util.Objects.requireNonNull(remote, "remote"), true);
        return new UnixFsRangeReader(new ForwardingBlockStore(through) {
            @Override
            public byte[] get(Cid cid) throws IOException {
                Lock lock = gcLock.readLock();
                lock.lock();
                try {
                    return super.get(cid);
                } finally {
                    lock.unlock();
                }
            }
        });
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
        return "EmbeddedContentStore[" + root + ", " + blockCount() + " blocks, " + sizeBytes() + " bytes, "
                + pins.size() + " pins]";
    }
}
