package dev.defl.engine.content;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a UnixFS file back out of a {@link BlockStore}: walks the DAG depth-first in link order and
 * writes the content of its leaves. Every block is read through the store, so every block is
 * hash-verified against its CID.
 *
 * <p>Supported blocks: raw (codec 0x55) leaves, and dag-pb (0x70) nodes whose UnixFS type is File or
 * Raw, holding content in their Data field (written first) and/or in their links. The sizes the
 * nodes declare are checked against what their children produce.
 * Source: <a href="https://specs.ipfs.tech/unixfs/">UnixFS specification</a>.
 *
 * <p>Identity CIDs (multihash 0x00, e.g. {@code bafkqaaa}, the empty file), as the root or as links (small
 * leaves inlined into their parent), are answered from the CID itself, whatever the store.
 *
 * <p>Read-ahead: an exporter made with {@code readAheadBlocks > 0} reads (and so verifies) up to that
 * many of a node's next children on reader threads while it writes the current one, so that reading and
 * hashing overlap with writing and with each other; the content is still written strictly in order, every
 * block is verified before any of its bytes are written, and a failure stops the walk at once (reads ahead
 * in progress are cancelled). The readers are platform threads, at most one per available processor (and
 * at most {@code readAheadBlocks}), started for one {@link #cat} and ended before it returns: the work is
 * reading from the page cache and hashing, which is CPU-bound, so more threads than cores would only
 * share them; and a file read on a virtual thread pins its carrier, around which the JDK's scheduler tries to
 * compensate (possibly starting another carrier) at every read. Memory: at most {@code readAheadBlocks}
 * blocks per DAG level beyond the one being written.
 */
public final class UnixFsExporter {
    /**
     * Deepest DAG walked, in levels below the root; a balanced DAG of 174-link nodes reaches 2^63 bytes far sooner.
     * Together with the rules that every link holds at least one byte and that no subtree writes more than its parent
     * declares for it, this bounds the work of a walk to {@code MAX_DEPTH + 1} blocks per byte of the file, however a
     * peer shaped its DAG (fan-out, depth, the same child linked many times).
     */
    public static final int MAX_DEPTH = 64;

    private final BlockStore store;
    private final int readAheadBlocks;

    /** An exporter reading one block at a time, in the calling thread. */
    public UnixFsExporter(BlockStore store) {
        this(store, 0);
    }

    /**
     * An exporter reading up to {@code readAheadBlocks} blocks ahead per DAG level (0: none, one block
     * at a time in the calling thread); {@code store} must then be safe for concurrent {@code get}. At most one
     * read per available processor runs at once: meant for local stores, where reading is hashing; a store that
     * waits on the network gains less from it.
     *
     * @throws IllegalArgumentException if {@code readAheadBlocks} is negative
     */
    public UnixFsExporter(BlockStore store, int readAheadBlocks) {
        this.store = Objects.requireNonNull(store, "store");
        if (readAheadBlocks < 0) {
            throw new IllegalArgumentException("read-ahead must not be negative: " + readAheadBlocks + " blocks");
        }
        this.readAheadBlocks = readAheadBlocks;
    }

    /**
     * Writes the content of the file {@code root} to {@code out} (not closed).
     *
     * @return the number of bytes written
     * @throws ContentNotFoundException   if a block of the DAG is missing
     * @throws BlockVerificationException if a block does not hash to its CID
     * @throws MalformedDagException      for an unsupported codec, malformed dag-pb or UnixFS data, a
     *                                    UnixFS type that is not a file, a DAG deeper than {@link #MAX_DEPTH}, a link
     *                                    that holds no bytes, or sizes that disagree (names the CID); the sizes a node
     *                                    declares are checked before its children are read
     * @throws IOException                if reading a block or writing {@code out} fails
     */
    public long cat(Cid root, OutputStream out) throws IOException {
        return cat(root, read(store, root), out);
    }

    /** {@link #cat(Cid, OutputStream)} with the root's block already read (and verified) by the caller. */
    long cat(Cid root, byte[] rootBlock, OutputStream out) throws IOException {
        if (readAheadBlocks == 0) {
            return write(root, rootBlock, out, 0, null, Long.MAX_VALUE);
        }
        try (ExecutorService readers = readers(Math.min(readAheadBlocks, Runtime.getRuntime().availableProcessors()))) {
            return write(root, rootBlock, out, 0, readers, Long.MAX_VALUE);
        }
    }

    private static final AtomicInteger READER_POOLS = new AtomicInteger();

    /**
     * A pool of {@code threads} daemon platform threads ({@code defl-cat-N-reader-M}), started as reads are queued (a
     * file of one block starts none).
     */
    private static ExecutorService readers(int threads) {
        int pool = READER_POOLS.incrementAndGet();
        AtomicInteger started = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread t = new Thread(task, "defl-cat-" + pool + "-reader-" + started.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /**
     * Writes the content under {@code block}, the block of {@code cid}, which its parent declares to hold
     * {@code declared} bytes ({@link Long#MAX_VALUE}: the root, or a parent without blocksizes, which then bounds it by
     * what is left of its own filesize); children are read ahead on {@code readers} unless null.
     */
    private long write(Cid cid, byte[] block, OutputStream out, int depth, ExecutorService readers, long declared) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedDagException(cid, "DAG deeper than " + MAX_DEPTH + " levels");
        }
        if (cid.codec() == Cid.RAW) {
            if (block.length > declared) {
                throw new MalformedDagException(cid, "raw leaf holds " + block.length + " bytes but its parent allows at most " + declared);
            }
            out.write(block);
            return block.length;
        }
        UnixFsFileNode node = UnixFsFileNode.decode(cid, block, declared, depth);
        UnixFsData unixFs = node.unixFs();
        List<DagPbLink> links = node.links();
        List<Long> blockSizes = node.blockSizes();
        boolean sizesPerLink = node.sizesPerLink();
        long fileSize = node.fileSize();
        out.write(unixFs.data());
        long written = unixFs.dataLength();
        ReadAhead children = new ReadAhead(links, readers);
        try {
            for (int i = 0; i < links.size(); i++) {
                Cid child = links.get(i).cid();
                long childBytes = write(child, children.next(), out, depth + 1, readers,
                        sizesPerLink ? blockSizes.get(i) : fileSize - written);
                if (childBytes == 0) {
                    throw new MalformedDagException(cid, "link " + i + " (" + child + ") holds no bytes (a link must hold content)");
                }
                if (sizesPerLink && childBytes != blockSizes.get(i)) {
                    throw new MalformedDagException(cid, "link " + i + " (" + child + ") holds " + childBytes
                            + " bytes but the node declares " + blockSizes.get(i));
                }
                written += childBytes;
            }
        } finally {
            children.cancel();
        }
        if (written != unixFs.fileSize()) {
            throw new MalformedDagException(cid, "holds " + written + " bytes but declares filesize " + unixFs.fileSize());
        }
        return written;
    }

    /**
     * The block of {@code cid}: carried by the CID if it is an identity CID (no store asked), else {@code store}'s.
     *
     * @throws ContentException for an identity CID over {@link Multihash#MAX_IDENTITY_LENGTH} bytes, or as
     *                          {@link BlockStore#get}
     */
    static byte[] read(BlockStore store, Cid cid) throws IOException {
        var inline = cid.inlineBlock();
        return inline.isPresent() ? inline.get() : store.get(cid);
    }

    /**
     * The blocks of {@code links} in order: read in the calling thread when {@code readers} is null,
     * else up to {@link #readAheadBlocks} read ahead on {@code readers}.
     */
    private final class ReadAhead {
        private final List<DagPbLink> links;
        private final ExecutorService readers;
        private final ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
        private int taken;
        private int submitted;

        ReadAhead(List<DagPbLink> links, ExecutorService readers) {
            this.links = links;
            this.readers = readers;
        }

        byte[] next() throws IOException {
            Cid cid = links.get(taken++).cid();
            if (readers == null) {
                return read(store, cid);
            }
            while (submitted < links.size() && submitted < taken + readAheadBlocks) {
                Cid next = links.get(submitted++).cid();
                ahead.add(readers.submit(() -> read(store, next)));
            }
            Future<byte[]> block = ahead.poll();
            try {
                return block.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading block " + cid);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case IOException io -> throw io;
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IOException("reading block " + cid + " failed", e.getCause());
                }
            }
        }

        /** Cancels the reads ahead not taken. */
        void cancel() {
            for (Future<byte[]> f : ahead) {
                f.cancel(true);
            }
            ahead.clear();
        }
    }
}
