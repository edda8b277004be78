package dev.defl.engine.content;

/**
 * How {@link UnixFsImporter} cuts a file into blocks and links them: the settings of
 * {@code ipfs add} that decide the resulting CID.
 *
 * @param cidVersion      CID version of the dag-pb nodes (0 or 1); raw leaves are always CIDv1
 * @param rawLeaves       leaves are raw blocks (codec 0x55) holding the chunk itself, rather than dag-pb
 *                        UnixFS File nodes holding it in their Data
 * @param chunkSizeBytes  fixed chunk size in bytes (kubo's {@code size-262144} chunker), 1 to 1 MiB
 * @param maxLinksPerNode most links of one node of the balanced DAG (kubo: 174), at least 2
 */
public record ImportProfile(int cidVersion, boolean rawLeaves, int chunkSizeBytes, int maxLinksPerNode) {
    /** Kubo's default chunk size: 256 KiB. */
    public static final int DEFAULT_CHUNK_SIZE_BYTES = 262_144;
    /** Kubo's default link limit of a balanced-DAG node. */
    public static final int DEFAULT_MAX_LINKS = 174;
    /** Largest chunk allowed, in bytes (kubo refuses chunks over 1 MiB). */
    public static final int MAX_CHUNK_SIZE_BYTES = 1 << 20;

    /** {@code ipfs add --cid-version=1}: CIDv1, raw leaves, 256 KiB chunks, 174 links. The default. */
    public static final ImportProfile CIDV1_RAW_LEAVES =
            new ImportProfile(1, true, DEFAULT_CHUNK_SIZE_BYTES, DEFAULT_MAX_LINKS);
    /** Plain {@code ipfs add}: CIDv0, dag-pb UnixFS leaves, 256 KiB chunks, 174 links. */
    public static final ImportProfile CIDV0 =
            new ImportProfile(0, false, DEFAULT_CHUNK_SIZE_BYTES, DEFAULT_MAX_LINKS);

    /** @throws IllegalArgumentException for a version other than 0/1, a chunk size outside 1..1 MiB or fewer than 2 links */
    public ImportProfile {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("cidVersion must be 0 or 1, not " + cidVersion);
        }
        if (chunkSizeBytes < 1 || chunkSizeBytes > MAX_CHUNK_SIZE_BYTES) {
            throw new IllegalArgumentException("chunkSizeBytes must be 1 to " + MAX_CHUNK_SIZE_BYTES + ", not " + chunkSizeBytes);
        }
        if (maxLinksPerNode < 2) {
            throw new IllegalArgumentException("maxLinksPerNode must be at least 2, not " + maxLinksPerNode);
        }
    }

    /** This profile with another chunk size and link limit (for tests of deep DAGs on small inputs). */
    public ImportProfile withLayout(int chunkSizeBytes, int maxLinksPerNode) {
        return new ImportProfile(cidVersion, rawLeaves, chunkSizeBytes, maxLinksPerNode);
    }
}
