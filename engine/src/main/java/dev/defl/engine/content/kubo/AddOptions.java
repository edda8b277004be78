package dev.defl.engine.content.kubo;

import dev.defl.engine.content.ImportProfile;

/**
 * Options of {@code /api/v0/add} that decide the resulting CID and what the node keeps. Source:
 * <a href="https://docs.ipfs.tech/reference/kubo/rpc/#api-v0-add">Kubo RPC API, add</a>.
 *
 * @param cidVersion     {@code cid-version}: 0 or 1
 * @param rawLeaves      {@code raw-leaves}: leaves are raw blocks (codec 0x55) rather than dag-pb UnixFS nodes
 * @param chunkSizeBytes {@code chunker=size-N}: fixed chunk size in bytes, 1 to 1 MiB
 * @param onlyHash       {@code only-hash}: compute the CID without storing anything on the node
 * @param pin            {@code pin}: pin the added root recursively
 */
public record AddOptions(int cidVersion, boolean rawLeaves, int chunkSizeBytes, boolean onlyHash, boolean pin) {
    /** {@code ipfs add --cid-version=1} (raw leaves, 256 KiB chunks), pinned: the same CIDs as {@link ImportProfile#CIDV1_RAW_LEAVES}. */
    public static final AddOptions CIDV1_RAW_LEAVES = of(ImportProfile.CIDV1_RAW_LEAVES);
    /** Plain {@code ipfs add} (CIDv0, dag-pb leaves, 256 KiB chunks), pinned: the same CIDs as {@link ImportProfile#CIDV0}. */
    public static final AddOptions CIDV0 = of(ImportProfile.CIDV0);

    /** @throws IllegalArgumentException for a version other than 0/1 or a chunk size outside 1..1 MiB */
    public AddOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("cidVersion must be 0 or 1, not " + cidVersion);
        }
        if (chunkSizeBytes < 1 || chunkSizeBytes > ImportProfile.MAX_CHUNK_SIZE_BYTES) {
            throw new IllegalArgumentException("chunkSizeBytes must be 1 to " + ImportProfile.MAX_CHUNK_SIZE_BYTES
                    + ", not " + chunkSizeBytes);
        }
    }

    /**
     * The options that make the node build the same DAG as our importer with {@code profile}; pinned, stored.
     *
     * @throws IllegalArgumentException if the profile's link limit is not kubo's fixed 174, which the RPC cannot change
     */
    public static AddOptions of(ImportProfile profile) {
        if (profile.maxLinksPerNode() != ImportProfile.DEFAULT_MAX_LINKS) {
            throw new IllegalArgumentException("the Kubo RPC add has a fixed limit of " + ImportProfile.DEFAULT_MAX_LINKS
                    + " links per node; profile asks for " + profile.maxLinksPerNode());
        }
        return new AddOptions(profile.cidVersion(), profile.rawLeaves(), profile.chunkSizeBytes(), false, true);
    }

    /** These options with {@code only-hash} set as given. */
    public AddOptions withOnlyHash(boolean onlyHash) {
        return new AddOptions(cidVersion, rawLeaves, chunkSizeBytes, onlyHash, pin);
    }

    /** These options with {@code pin} set as given. */
    public AddOptions withPin(boolean pin) {
        return new AddOptions(cidVersion, rawLeaves, chunkSizeBytes, onlyHash, pin);
    }
}
