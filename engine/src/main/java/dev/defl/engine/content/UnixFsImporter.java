package dev.defl.engine.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
 * <p>Streaming: memory is one chunk plus at most {@code maxLinksPerNode} pending links per DAG level,
 * whatever the file size. Blocks go to the {@link BlockStore} as soon as they are built; an
 * {@linkplain #onlyHash only-hash} importer computes the CID and stores nothing.
 * An importer holds no state between calls and may be used from several threads.
 */
public final class UnixFsImporter {
    /** Where built blocks go. */
    @FunctionalInterface
    private interface BlockSink {
        void put(Cid cid, byte[] block) throws IOException;
    }

    private final BlockSink sink;
    private final ImportProfile profile;

    /** An importer writing to {@code store} with {@link ImportProfile#CIDV1_RAW_LEAVES}. */
    public UnixFsImporter(BlockStore store) {
        this(store, ImportProfile.CIDV1_RAW_LEAVES);
    }

    /** An importer writing to {@code store} with {@code profile}. */
    public UnixFsImporter(BlockStore store, ImportProfile profile) {
        this(Objects.requireNonNull(store, "store")::put, profile);
    }

    private UnixFsImporter(BlockSink sink, ImportProfile profile) {
        this.sink = sink;
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** An importer that computes CIDs only and stores no block ({@code ipfs add --only-hash}). */
    public static UnixFsImporter onlyHash(ImportProfile profile) {
        return new UnixFsImporter((cid, block) -> { }, profile);
    }

    /** The profile this importer uses. */
    public ImportProfile profile() {
        return profile;
    }

    /**
     * Reads {@code in} to its end (without closing it) and adds it as one file.
     *
     * @return the CID of the file's root block
     * @throws IOException if reading {@code in} or storing a block fails
     */
    public Cid add(InputStream in) throws IOException {
        DagBuilder builder = new DagBuilder();
        int chunkSize = profile.chunkSizeBytes();
        boolean first = true;
        while (true) {
            byte[] chunk = in.readNBytes(chunkSize);
            if (chunk.length == 0 && !first) {
                break;
            }
            builder.addLeaf(leaf(chunk));
            first = false;
            if (chunk.length < chunkSize) {
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

    private Child leaf(byte[] chunk) throws IOException {
        if (profile.rawLeaves()) {
            Cid cid = Cid.of(1, Cid.RAW, chunk);
            sink.put(cid, chunk);
            return new Child(cid, chunk.length, chunk.length);
        }
        byte[] block = new DagPbNode(List.of(), UnixFsData.fileLeaf(chunk).encode()).encode();
        Cid cid = Cid.of(profile.cidVersion(), Cid.DAG_PB, block);
        sink.put(cid, block);
        return new Child(cid, block.length, chunk.length);
    }

    private Child parent(List<Child> children) throws IOException {
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
        Cid cid = Cid.of(profile.cidVersion(), Cid.DAG_PB, block);
        sink.put(cid, block);
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

        void addLeaf(Child leaf) throws IOException {
            add(0, leaf);
        }

        private void add(int level, Child child) throws IOException {
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            List<Child> pending = levels.get(level);
            if (pending.size() == profile.maxLinksPerNode()) {
                Child folded = parent(pending);
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
                Child folded = parent(pending);
                pending.clear();
                add(level + 1, folded);
            }
        }
    }
}
