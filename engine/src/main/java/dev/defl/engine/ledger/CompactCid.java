package dev.defl.engine.ledger;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.Multihash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A CID as the task contract stores it: the 32-byte sha2-256 digest of its multihash plus its
 * multicodec, raw ({@code 0x55}) or dag-pb ({@code 0x70}). The CID is rebuilt client-side as CIDv1
 * ({@code varint(1) varint(codec) 0x12 0x20 digest}, multiformats/cid); a CIDv0 ({@code Qm…}) is
 * stored as its CIDv1 equivalent and read back as CIDv1.
 *
 * @param digest sha2-256 digest, 32 bytes, not all zero (copied)
 * @param codec  multicodec, {@link Cid#RAW} or {@link Cid#DAG_PB}
 */
public record CompactCid(byte[] digest, long codec) {
    /**
     * @throws IllegalArgumentException for a digest that is not 32 bytes or all zero, or another codec
     */
    public CompactCid {
        Objects.requireNonNull(digest, "digest");
        if (digest.length != Multihash.SHA2_256_LENGTH) {
            throw new IllegalArgumentException("digest must be " + Multihash.SHA2_256_LENGTH + " bytes, got "
                    + digest.length);
        }
        if (Arrays.equals(digest, new byte[Multihash.SHA2_256_LENGTH])) {
            throw new IllegalArgumentException("digest must not be all zero (the contract reads zero as absent)");
        }
        if (codec != Cid.RAW && codec != Cid.DAG_PB) {
            throw new IllegalArgumentException("codec must be raw (0x55) or dag-pb (0x70), got 0x" + Long.toHexString(codec));
        }
        digest = digest.clone();
    }

    /**
     * The compact form of {@code cid}.
     *
     * @throws IllegalArgumentException naming the CID when its hash is not sha2-256 or its codec
     *     neither raw nor dag-pb
     */
    public static CompactCid of(Cid cid) {
        Objects.requireNonNull(cid, "cid");
        Multihash mh = cid.multihash();
        if (mh.code() != Multihash.SHA2_256 || mh.length() != Multihash.SHA2_256_LENGTH) {
            throw new IllegalArgumentException("CID " + cid + " cannot go on chain: its multihash is not sha2-256 (code 0x"
                    + Integer.toHexString(mh.code()) + ")");
        }
        if (cid.codec() != Cid.RAW && cid.codec() != Cid.DAG_PB) {
            throw new IllegalArgumentException("CID " + cid + " cannot go on chain: codec 0x" + Long.toHexString(cid.codec())
                    + " is neither raw (0x55) nor dag-pb (0x70)");
        }
        return new CompactCid(mh.digest(), cid.codec());
    }

    /** The CIDv1 this compact form stands for. */
    public Cid toCid() {
        return new Cid(1, codec, new Multihash(Multihash.SHA2_256, digest));
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactCid c && codec == c.codec && Arrays.equals(digest, c.digest);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(digest) + Long.hashCode(codec);
    }

    @Override
    public String toString() {
        return "CompactCid[0x" + HexFormat.of().formatHex(digest) + ", codec 0x" + Long.toHexString(codec) + "]";
    }
}
