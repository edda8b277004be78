package dev.defl.engine.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Adds a file as a UnixFS DAG, giving the CID {@code ipfs add} gives for the same bytes and
 * {@link ImportProfile}.
 *
 * <p>The input is cut into fixed-size chunks; each chunk becomes a leaf (a raw block, or a dag-pb
 * UnixFS File node holding the chunk). Leaves are linked into a balanced DAG: groups of at most
 * {@code maxLinksPerNode} leaves under a dag-pb UnixFS File node (filesize, one blocksize per link;
 * links with empty names and Tsize = cumulative encoded size of the child's DAG), then groups of
 * those nodes, until one root remains. A file of at most one chunk is its single leaf (the empty
 * file is one empty leaf). This is kubo's {@code importer/balanced} and js-ipfs's
 * {@code ipfs-unixfs-importer} balanced layout with {@code reduceSingleLeafToSelf}.
 * Source: <a href="https://specs.ipfs.tech/unixfs/">UnixFS specification</a>,
 * <a href="https://github.com/ipfs/boxo/tree/main/ipld/unixfs/importer/balanced">boxo importer/balanced</a>.
 *
 * <p>Streaming: memory is one chunk buffer (reused; a stored leaf is copied out of it once, an only-hash
 * leaf is hashed in place) plus at most {@code maxLinksPerNode} pending links per DAG level,
 * whatever the file size. Blocks go to the {@link BlockStore} as soon as they are built, through one
 * {@link BlockStore.Batch} per file, committed before {@link #add(InputStream)} returns; an
 * {@linkplain #onlyHash only-hash} importer computes the CID and stores nothing.
 * An importer holds no state between calls and may be used from several threads.
 */
public final class UnixFsImporter {
    /** Where blocks go, through one batch per file; null for an only-hash importer. */
    private final BlockStore store;
    private final ImportProfile profile;

    /** An importer writing to {@code store} with {@link ImportProfile#CIDV1_RAW_LEAVES}. */
    public UnixFsImporter(BlockStore store) {
        this(store, ImportProfile.CIDV1_RAW_LEAVES);
    }

    /** An importer writing to {@code store} with {@code profile}. */
    public UnixFsImporter(BlockStore store, ImportProfile profile) {
        this(Objects.requireNonNull(store, "store"), profile, true);
    }

    private UnixFsImporter(BlockStore store, ImportProfile profile, boolean stores) {
        this.store = stores ? store : null;
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** An importer that computes CIDs only and stores no block ({@code ipfs add --only-hash}). */
    public static UnixFsImporter onlyHash(ImportProfile profile) {
        return new UnixFsImporter(null, profile, false);
    }

    /** The profile this importer uses. */
    public ImportProfile profile() {
        return profile;
    }

    /**
     * Reads {@code in} to its end (without closing it) and adds it as one file. The blocks go to the
     * store through one {@link BlockStore.Batch}, committed before returning: when this returns, every
     * block of the file is durable (if the store's commit is).
     *
     * @return the CID of the file's root block
     * @throws IOException if reading {@code in} or storing a block fails
     */
    public Cid add(InputStream in) throws IOException {
        if (store == null) {
            return build(in, null);
        }
        try (BlockStore.Batch batch = store.batch()) {
            Cid root = build(in, batch);
            batch.commit();
            return root;
        }
    }

    /** Builds the DAG of {@code in}, putting its blocks into {@code sink} unless it is null (only hashing). */
    private Cid build(InputStream in, BlockStore.Batch sink) throws IOException {
        int chunkSize = profile.chunkSizeBytes();
        DagBuilder builder = new DagBuilder(chunkSize, sink);
        byte[] chunk = builder.chunk;
        boolean first = true;
        while (true) {
            int length = in.readNBytes(chunk, 0, chunkSize);
            if (length == 0 && !first) {
                break;
            }
            builder.addLeaf(builder.leaf(length));
            first = false;
            if (length < chunkSize) {
                break;
            }
        }
        return builder.finish().cid();
    }

    /** Adds {@code data} as one file; see {@link #add(InputStream)}. */
    public Cid add(byte[] data) throws IOException {
        return add(new ByteArrayInputStream(data));
    }

    /** A built subtree, as its parent links it. */
    private record Child(Cid cid, long tsize, long fileSize) {
    }

    /**
     * The bytes around the chunk in a dag-pb UnixFS File leaf of {@code length} bytes: the block is
     * {@code prefix ‖ chunk ‖ suffix}, byte for byte {@code new DagPbNode(List.of(),
     * UnixFsData.fileLeaf(chunk).encode()).encode()} (PBNode Data = UnixFS {Type = File, Data = chunk
     * (absent when empty), filesize = length}), built without copying the chunk through the encoders.
     */
    record LeafFraming(byte[] prefix, byte[] suffix) {
        static LeafFraming of(int length) {
            ByteArrayOutputStream unixFsHead = new ByteArrayOutputStream(16);
            UnsignedVarint.write(1L << 3, unixFsHead);                  // Type, varint
            UnsignedVarint.write(UnixFsData.Type.FILE.number(), unixFsHead);
            if (length > 0) {
                UnsignedVarint.write((2L << 3) | 2, unixFsHead);         // Data, length-delimited
                UnsignedVarint.write(length, unixFsHead);
            }
            ByteArrayOutputStream unixFsTail = new ByteArrayOutputStream(8);
            UnsignedVarint.write(3L << 3, unixFsTail);                  // filesize, varint
            UnsignedVarint.write(length, unixFsTail);
            long unixFsLength = (long) unixFsHead.size() + length + unixFsTail.size();
            ByteArrayOutputStream prefix = new ByteArrayOutputStream(24);
            UnsignedVarint.write((1L << 3) | 2, prefix);                 // PBNode Data, length-delimited
            UnsignedVarint.write(unixFsLength, prefix);
            prefix.writeBytes(unixFsHead.toByteArray());
            return new LeafFraming(prefix.toByteArray(), unixFsTail.toByteArray());
        }
    }

    private Child parent(List<Child> children, BlockStore.Batch sink) throws IOException {
        List<DagPbLink> links = new ArrayList<>(children.size());
        List<Long> blockSizes = new ArrayList<>(children.size());
        long tsize = 0;
        for (Child child : children) {
            links.add(new DagPbLink(child.cid(), "", child.tsize()));
            blockSizes.add(child.fileSize());
            tsize = Math.addExact(tsize, child.tsize());
        }
        UnixFsData unixFs = UnixFsData.fileNode(blockSizes);
        byte[] block = new DagPbNode(links, unixFs.encode()).encode();
        Cid cid = sink != null ? sink.put(profile.cidVersion(), Cid.DAG_PB, block) : Cid.of(profile.cidVersion(), Cid.DAG_PB, block);
        return new Child(cid, tsize + block.length, unixFs.fileSize());
    }

    /**
     * The balanced layout built bottom-up as leaves arrive: {@code levels.get(0)} holds pending leaves,
     * {@code levels.get(k)} pending nodes of height k. A full level is folded into a parent only when
     * one more child arrives for it, so that the result equals grouping all leaves in batches of
     * {@code maxLinksPerNode}, then the parents in batches, and so on.
     */
    private final class DagBuilder {
        private final List<List<Child>> levels = new ArrayList<>();
        /** The chunk being read; reused for every leaf, so a block handed to the sink is always a copy. */
        final byte[] chunk;
        private final MessageDigest sha256 = Multihash.newSha256();
        private LeafFraming framing;
        private int framingLength = -1;

        /** Null when only hashing: leaves are then hashed in place and never copied. */
        private final BlockStore.Batch sink;

        DagBuilder(int chunkSize, BlockStore.Batch sink) {
            this.chunk = new byte[chunkSize];
            this.sink = sink;
        }

        /** The leaf holding {@code chunk[0, length)}, given to the sink unless only hashing. */
        Child leaf(int length) throws IOException {
            if (profile.rawLeaves()) {
                if (sink != null) {
                    Cid cid = sink.put(1, Cid.RAW, Arrays.copyOf(chunk, length));
                    return new Child(cid, length, length);
                }
                sha256.update(chunk, 0, length);
                Cid cid = new Cid(1, Cid.RAW, new Multihash(Multihash.SHA2_256, sha256.digest()));
                return new Child(cid, length, length);
            }
            if (framing == null || framingLength != length) {
                framing = LeafFraming.of(length);
                framingLength = length;
            }
            byte[] prefix = framing.prefix(), suffix = framing.suffix();
            int blockLength = prefix.length + length + suffix.length;
            if (sink != null) {
                byte[] block = new byte[blockLength];
                System.arraycopy(prefix, 0, block, 0, prefix.length);
                System.arraycopy(chunk, 0, block, prefix.length, length);
                System.arraycopy(suffix, 0, block, prefix.length + length, suffix.length);
                return new Child(sink.put(profile.cidVersion(), Cid.DAG_PB, block), blockLength, length);
            }
            sha256.update(prefix);
            sha256.update(chunk, 0, length);
            sha256.update(suffix);
            Cid cid = new Cid(profile.cidVersion(), Cid.DAG_PB, new Multihash(Multihash.SHA2_256, sha256.digest()));
            return new Child(cid, blockLength, length);
        }

        void addLeaf(Child leaf) throws IOException {
            add(0, leaf);
        }

        private void add(int level, Child child) throws IOException {
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            List<Child> pending = levels.get(level);
            if (pending.size() == profile.maxLinksPerNode()) {
                Child folded = parent(pending, sink);
                pending.clear();
                add(level + 1, folded);
            }
            pending.add(child);
        }

        Child finish() throws IOException {
            for (int level = 0; ; level++) {
                List<Child> pending = levels.get(level);
                boolean top = level == levels.size() - 1;
                if (top && pending.size() == 1) {
                    return pending.getFirst();
                }
                Child folded = parent(pending, sink);
                pending.clear();
                add(level + 1, folded);
            }
        }
    }
}
