package dev.defl.engine.content;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A content identifier: CID version, multicodec content type and the multihash of the block.
 *
 * <p>Binary form: CIDv0 is the bare sha2-256 multihash (34 bytes) of a dag-pb block; CIDv1 is
 * {@code varint(1) varint(codec) multihash}. Text form: CIDv0 in base58btc ({@code Qm…}), CIDv1 as
 * multibase, base32 lower case ({@code b…}) by default. Source:
 * <a href="https://github.com/multiformats/cid">multiformats/cid</a>.
 *
 * @param version   0 or 1
 * @param codec     multicodec content type of the block, e.g. {@link #RAW} or {@link #DAG_PB}
 * @param multihash the hash of the block
 */
public record Cid(int version, long codec, Multihash multihash) {
    /** Multicodec code for raw bytes (a UnixFS raw leaf). */
    public static final long RAW = 0x55;
    /** Multicodec code for MerkleDAG protobuf (dag-pb). */
    public static final long DAG_PB = 0x70;
    /**
     * Longest binary CID read, in bytes: version, codec and multihash code and length as 9-byte varints at most, and
     * a digest of {@link Multihash#MAX_DIGEST_BYTES}.
     */
    public static final int MAX_BYTES = 4 * UnsignedVarint.MAX_MULTIFORMATS_BYTES + Multihash.MAX_DIGEST_BYTES;
    /**
     * Longest CID text read, in characters: the multibase prefix and the base32 form of a {@link #MAX_BYTES}-byte CID
     * (base58btc is shorter). Longer text is refused before it is decoded (base58 decoding is quadratic in its length).
     */
    public static final int MAX_TEXT_LENGTH = 1 + (MAX_BYTES * 8 + 4) / 5;
    /** Most characters (or, for binary input, bytes) of malformed input quoted in a {@link MalformedCidException}. */
    private static final int QUOTED = 100;

    /**
     * @throws IllegalArgumentException for a version other than 0 or 1, a negative codec, or a CIDv0
     *                                  that is not dag-pb with a sha2-256 multihash
     */
    public Cid {
        Objects.requireNonNull(multihash, "multihash");
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("CID version must be 0 or 1, not " + version);
        }
        if (codec < 0) {
            throw new IllegalArgumentException("CID codec must not be negative: " + codec);
        }
        if (version == 0 && (codec != DAG_PB || multihash.code() != Multihash.SHA2_256)) {
            throw new IllegalArgumentException("CIDv0 is only for dag-pb blocks hashed with sha2-256, not codec 0x"
                    + Long.toHexString(codec) + " with " + multihash);
        }
    }

    /**
     * The CID of {@code block}, hashed with sha2-256.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static Cid of(int version, long codec, byte[] block) {
        return new Cid(version, codec, Multihash.sha256(block));
    }

    /**
     * Whether {@code block} hashes to this CID's multihash.
     *
     * @throws UnsupportedOperationException for a hash function other than sha2-256 or identity
     */
    public boolean matches(byte[] block) {
        return multihash.matches(block);
    }

    /** Whether this CID's multihash is the identity (code 0x00): the CID carries its block itself. */
    public boolean isIdentity() {
        return multihash.code() == Multihash.IDENTITY;
    }

    /**
     * The block an identity CID carries (its digest), which needs no store: every read path answers it
     * from the CID, as kubo's identity blockstore ({@code idstore}) does. Empty for any other hash.
     *
     * @throws ContentException if the inlined block is longer than {@link Multihash#MAX_IDENTITY_LENGTH}
     *                          bytes (kubo rejects such CIDs when reading too); names the CID and both sizes
     */
    public Optional<byte[]> inlineBlock() throws ContentException {
        if (!isIdentity()) {
            return Optional.empty();
        }
        if (multihash.length() > Multihash.MAX_IDENTITY_LENGTH) {
            throw new ContentException("identity CID " + abbreviated() + " inlines " + multihash.length()
                    + " bytes, more than the " + Multihash.MAX_IDENTITY_LENGTH + " bytes allowed for an identity hash");
        }
        return Optional.of(multihash.digest());
    }

    /** The text form, cut to its first 40 characters and length when longer (an identity CID can be long). */
    private String abbreviated() {
        String text = toString();
        return text.length() <= 60 ? text : text.substring(0, 40) + "… (" + text.length() + " characters)";
    }

    /** This CID as version 1 (same codec and multihash). */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /**
     * This CID as version 0.
     *
     * @throws IllegalArgumentException unless the codec is dag-pb and the hash sha2-256
     */
    public Cid toV0() {
        return version == 0 ? this : new Cid(0, codec, multihash);
    }

    /** The binary CID. */
    public byte[] toBytes() {
        if (version == 0) {
            return multihash.toBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(40);
        UnsignedVarint.write(version, out);
        UnsignedVarint.write(codec, out);
        multihash.writeTo(out);
        return out.toByteArray();
    }

    /**
     * Parses a binary CID that makes up the whole of {@code bytes}.
     *
     * @throws MalformedCidException quoting the input in hex (its first 100 bytes) and saying what is wrong, also for
     *                               input longer than {@link #MAX_BYTES}
     */
    public static Cid fromBytes(byte[] bytes) {
        try {
            if (bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException(bytes.length + " bytes, more than the limit " + MAX_BYTES + " of a binary CID");
            }
            return decode(bytes);
        } catch (IllegalArgumentException e) {
            String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, QUOTED));
            throw new MalformedCidException(bytes.length > QUOTED ? hex + "…" : hex, e.getMessage());
        }
    }

    private static Cid decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty");
        }
        if (bytes.length == 34 && bytes[0] == Multihash.SHA2_256 && bytes[1] == Multihash.SHA2_256_LENGTH) {
            return new Cid(0, DAG_PB, Multihash.fromBytes(bytes));
        }
        ByteCursor cursor = new ByteCursor(bytes);
        long version = cursor.readMultiformatsVarint("CID version");
        if (version != 1) {
            throw new IllegalArgumentException("unsupported CID version " + version
                    + " (a binary CIDv0 is a 34-byte sha2-256 multihash starting 0x1220)");
        }
        long codec = cursor.readMultiformatsVarint("CID codec");
        Multihash multihash = Multihash.read(cursor);
        if (cursor.hasRemaining()) {
            throw new IllegalArgumentException(cursor.remaining() + " trailing bytes after the multihash");
        }
        return new Cid(1, codec, multihash);
    }

    /**
     * Parses a CID string: CIDv0 ({@code Qm…}, 46 characters of base58btc) or a multibase CIDv1
     * ({@code b…} base32, {@code B…} base32 upper case, {@code z…} base58btc).
     *
     * @throws MalformedCidException quoting the input (its first 100 characters) and saying what is wrong (bad
     *                               multibase prefix, bad character and its index, truncated, bad version, longer
     *                               than {@link #MAX_TEXT_LENGTH})
     */
    public static Cid parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            if (text.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException(text.length() + " characters, more than the limit " + MAX_TEXT_LENGTH + " of a CID");
            }
            if (text.length() == 46 && text.startsWith("Qm")) {
                Cid cid = decode(Base58.decode(text, 0));
                if (cid.version != 0) {
                    throw new IllegalArgumentException("a 'Qm' string must decode to a CIDv0");
                }
                return cid;
            }
            Multibase base;
            try {
                base = Multibase.forPrefix(text.charAt(0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + ", or a 46-character CIDv0 starting with 'Qm'");
            }
            Cid cid = decode(base.decodeBare(text, 1));
            if (cid.version == 0) {
                throw new IllegalArgumentException("a multibase-prefixed CID must be version 1");
            }
            return cid;
        } catch (IllegalArgumentException e) {
            throw new MalformedCidException(text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text, e.getMessage());
        }
    }

    /** The text form: CIDv1 in base32 ({@code b…}), CIDv0 in base58btc ({@code Qm…}). */
    @Override
    public String toString() {
        return version == 0 ? Base58.encode(toBytes()) : Multibase.BASE32.encode(toBytes());
    }

    /**
     * The text form of a CIDv1 in the given multibase.
     *
     * @throws IllegalStateException for a CIDv0, which has only its base58btc form ({@link #toString()})
     */
    public String toString(Multibase base) {
        if (version == 0) {
            throw new IllegalStateException("CIDv0 " + this + " has no multibase form; use toV1() first");
        }
        return base.encode(toBytes());
    }
}
