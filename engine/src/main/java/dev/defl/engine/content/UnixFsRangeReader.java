package dev.defl.engine.content;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads byte ranges of a UnixFS file out of a {@link BlockStore}: from the file's root it follows only the links whose
 * bytes overlap the range, using the sizes the DAG-PB nodes declare (UnixFS {@code blocksizes}), so a range of a large
 * file costs the blocks that hold it plus the nodes above them. Every block read goes through the store, so every block
 * is hash-verified against its CID, as for {@link UnixFsExporter#cat}.
 *
 * <p>The sizes a visited node declares are checked as the exporter checks them: a node's filesize against what its
 * parent declares for it, its data and blocksizes against its filesize, a raw leaf's length against its parent's
 * blocksize, at most {@link UnixFsExporter#MAX_DEPTH} levels, no link of zero bytes. Nodes the range does not reach are
 * not read, so are not checked: reading every range of a file checks every block, as one {@code cat} does. A node
 * without blocksizes (not written by kubo or this store, but valid UnixFS) has all its children's root blocks read to
 * learn their sizes. Identity CIDs are answered from the CID. Supported: raw (0x55) leaves and dag-pb (0x70) nodes of
 * UnixFS type File or Raw. Source: <a href="https://specs.ipfs.tech/unixfs/">UnixFS specification</a>.
 *
 * <p>Thread-safe when the store is: an {@link OpenFile} is immutable and may be read by many threads at once.
 */
public final class UnixFsRangeReader {
    private final BlockStore store;

    /** A reader over {@code store} (safe for concurrent {@code get} if the reader is shared between threads). */
    public UnixFsRangeReader(BlockStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Reads and checks the root block of the file {@code root}, for ranged reads.
     *
     * @throws ContentNotFoundException   if the root block is missing
     * @throws BlockVerificationException if it does not hash to its CID
     * @throws MalformedDagException      if it is not a UnixFS file node or raw leaf, or its sizes disagree (names the CID)
     * @throws IOException                if reading fails
     */
    public OpenFile open(Cid root) throws IOException {
        Objects.requireNonNull(root, "root");
        byte[] block = UnixFsExporter.read(store, root);
        if (root.codec() == Cid.RAW) {
            return new OpenFile(root, block, null, block.length);
        }
        Node node = Node.decode(root, block, Long.MAX_VALUE, false, 0, this);
        return new OpenFile(root, null, node, node.fileSize);
    }

    /**
     * Reads {@code length} bytes of the file {@code root} from byte {@code offset} into {@code dst[dstOffset ..]};
     * {@link #open} then {@link OpenFile#read}.
     *
     * @throws RangeOutOfBoundsException  if {@code offset + length} is beyond the file's end (names CID, range and size)
     * @throws ContentNotFoundException   if a block the range needs is missing
     * @throws BlockVerificationException if such a block does not hash to its CID
     * @throws MalformedDagException      as {@link OpenFile#read}
     * @throws IOException                if reading fails
     */
    public void read(Cid root, long offset, byte[] dst, int dstOffset, int length) throws IOException {
        open(root).read(offset, dst, dstOffset, length);
    }

    /** {@link #read(Cid, long, byte[], int, int)} into a new array of {@code length} bytes. */
    public byte[] read(Cid root, long offset, int length) throws IOException {
        if (length < 0) throw new IllegalArgumentException("length must be >= 0 bytes, got " + length);
        byte[] out = new byte[length];
        read(root, offset, out, 0, length);
        return out;
    }

    /** A UnixFS file whose root block has been read and checked; ranges of it are read on demand. Immutable. */
    public final class OpenFile {
        private final Cid root;
        private final byte[] rawRoot;
        private final Node node;
        private final long size;

        private OpenFile(Cid root, byte[] rawRoot, Node node, long size) {
            this.root = root;
            this.rawRoot = rawRoot;
            this.node = node;
            this.size = size;
        }

        /** The file's root CID. */
        public Cid cid() {
            return root;
        }

        /** The file's size in bytes, as its root declares it. */
        public long size() {
            return size;
        }

        /**
         * Reads bytes {@code [offset, offset + length)} of the file into {@code dst[dstOffset .. dstOffset + length)}.
         * Only the blocks holding the range, and the nodes above them, are read (each hash-verified).
         *
         * @throws IllegalArgumentException   if {@code offset} or {@code length} is negative, or {@code dst} is too small
         * @throws RangeOutOfBoundsException  if {@code offset + length} is beyond {@link #size()}
         * @throws ContentNotFoundException   if a block the range needs is missing
         * @throws BlockVerificationException if such a block does not hash to its CID
         * @throws MalformedDagException      if a node or leaf on the way is malformed or its sizes disagree with its
         *                                    parent's (names the block)
         * @throws IOException                if reading fails
         */
        public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
            if (offset < 0) throw new IllegalArgumentException("offset must be >= 0 bytes, got " + offset);
            if (length < 0) throw new IllegalArgumentException("length must be >= 0 bytes, got " + length);
            Objects.checkFromIndexSize(dstOffset, length, dst.length);
            if (offset > size || length > size - offset) throw new RangeOutOfBoundsException(root, offset, length, size);
            if (length == 0) return;
            if (rawRoot != null) {
                System.arraycopy(rawRoot, (int) offset, dst, dstOffset, length);
            } else {
                node.read(offset, dst, dstOffset, length, 0, UnixFsRangeReader.this);
            }
        }

        @Override
        public String toString() {
            return "OpenFile(" + root + ", " + size + " bytes)";
        }
    }

    /** A dag-pb UnixFS file node, decoded and checked against what its parent declares. */
    private static final class Node {
        final Cid cid;
        final long fileSize;
        final byte[] data;
        final List<DagPbLink> links;
        /** Bytes under each link: the node's blocksizes, or learned from the children's root blocks. */
        final long[] childSizes;
        /** The children's blocks when they were read to learn their sizes (no blocksizes), else null. */
        final byte[][] childBlocks;

        private Node(Cid cid, long fileSize, byte[] data, List<DagPbLink> links, long[] childSizes, byte[][] childBlocks) {
            this.cid = cid;
            this.fileSize = fileSize;
            this.data = data;
            this.links = links;
            this.childSizes = childSizes;
            this.childBlocks = childBlocks;
        }

        /**
         * Decodes {@code block} of {@code cid} and checks it: {@code declared} is the byte count its parent declares
         * for it, exact if {@code exact}, else an upper bound ({@link Long#MAX_VALUE} for the root); {@code depth} levels
         * below the root.
         */
        static Node decode(Cid cid, byte[] block, long declared, boolean exact, int depth, UnixFsRangeReader reader)
                throws IOException {
            UnixFsFileNode checked = UnixFsFileNode.decode(cid, block, declared, depth);
            UnixFsData unixFs = checked.unixFs();
            List<DagPbLink> links = checked.links();
            List<Long> blockSizes = checked.blockSizes();
            long fileSize = checked.fileSize();
            if (exact && fileSize != declared) {
                throw new MalformedDagException(cid, "declares filesize " + fileSize + " but its parent declares " + declared);
            }
            long[] sizes = new long[links.size()];
            byte[][] blocks = null;
            long sum = unixFs.dataLength();
            if (checked.sizesPerLink()) { // checked: none zero, adding up to the filesize
                for (int i = 0; i < sizes.length; i++) sizes[i] = blockSizes.get(i);
            } else {
                // no blocksizes: learn each child's size from its own root block, as bounded as the exporter's walk
                blocks = new byte[links.size()][];
                for (int i = 0; i < sizes.length; i++) {
                    Cid child = links.get(i).cid();
                    blocks[i] = UnixFsExporter.read(reader.store, child);
                    sizes[i] = child.codec() == Cid.RAW ? blocks[i].length
                            : decode(child, blocks[i], fileSize - sum, false, depth + 1, reader).fileSize;
                    if (sizes[i] == 0) {
                        throw new MalformedDagException(cid, "link " + i + " (" + child + ") holds no bytes (a link must hold content)");
                    }
                    sum += sizes[i];
                }
                if (sum != fileSize) {
                    throw new MalformedDagException(cid, "holds " + sum + " bytes but declares filesize " + fileSize);
                }
            }
            return new Node(cid, fileSize, unixFs.data(), links, sizes, blocks);
        }

        /** Copies bytes {@code [offset, offset + length)} of this node (within its filesize) into {@code dst}. */
        void read(long offset, byte[] dst, int dstOffset, int length, int depth, UnixFsRangeReader reader) throws IOException {
            long end = offset + length;
            if (data.length > 0 && offset < data.length) {
                int n = (int) Math.min(data.length - offset, length);
                System.arraycopy(data, (int) offset, dst, dstOffset, n);
            }
            long pos = data.length;
            for (int i = 0; i < links.size() && pos < end; i++) {
                long childEnd = pos + childSizes[i];
                if (childEnd > offset) {
                    long from = Math.max(offset, pos);
                    long to = Math.min(end, childEnd);
                    Cid child = links.get(i).cid();
                    byte[] block = childBlocks != null ? childBlocks[i] : UnixFsExporter.read(reader.store, child);
                    int at = dstOffset + (int) (from - offset);
                    if (child.codec() == Cid.RAW) {
                        if (block.length != childSizes[i]) {
                            throw new MalformedDagException(cid, "link " + i + " (" + child + ") holds " + block.length
                                    + " bytes but the node declares " + childSizes[i]);
                        }
                        System.arraycopy(block, (int) (from - pos), dst, at, (int) (to - from));
                    } else {
                        decode(child, block, childSizes[i], true, depth + 1, reader)
                                .read(from - pos, dst, at, (int) (to - from), depth + 1, reader);
                    }
                }
                pos = childEnd;
            }
        }
    }
}
