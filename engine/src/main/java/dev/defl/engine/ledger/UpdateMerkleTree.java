package dev.defl.engine.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The Merkle tree a Merkle-mode aggregator commits per round ({@code commitUpdates}). Leaves follow
 * OpenZeppelin's StandardMerkleTree encoding, {@code keccak256(keccak256(abi.encode(client, digest,
 * codec, numSamples)))}; inner nodes hash the sorted pair, {@code keccak256(min(a,b) ‖ max(a,b))}, as
 * OpenZeppelin {@code MerkleProof} verifies. Leaves stay in the given order; a node without a sibling
 * is carried up unchanged. Immutable.
 */
public final class UpdateMerkleTree {
    /** One leaf's fields. */
    public record Leaf(String client, CompactCid cid, long numSamples) {
        public Leaf {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(cid, "cid");
        }
    }

    private final List<byte[][]> levels; // levels.get(0): leaf hashes; last: {root}

    private UpdateMerkleTree(List<byte[][]> levels) {
        this.levels = levels;
    }

    /**
     * Builds the tree over {@code leaves} (in order).
     *
     * @throws IllegalArgumentException when {@code leaves} is empty
     */
    public static UpdateMerkleTree of(List<Leaf> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leaves.stream().map(l -> leafHash(l.client(), l.cid(), l.numSamples())).toArray(byte[][]::new);
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = 2 * i + 1 < level.length ? hashPair(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            levels.add(up);
            level = up;
        }
        return new UpdateMerkleTree(List.copyOf(levels));
    }

    /** The root, 32 bytes. */
    public byte[] root() {
        return levels.getLast()[0].clone();
    }

    /** Leaves in the tree. */
    public int size() {
        return levels.getFirst().length;
    }

    /**
     * The inclusion proof of leaf {@code index}: sibling hashes from the leaf up, 32 bytes each.
     *
     * @throws IndexOutOfBoundsException for an index outside 0 .. size-1
     */
    public List<byte[]> proof(int index) {
        Objects.checkIndex(index, size());
        List<byte[]> proof = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = i ^ 1;
            if (sibling < level.length) {
                proof.add(level[sibling].clone());
            }
            i /= 2;
        }
        return List.copyOf(proof);
    }

    /** Whether {@code proof} leads from {@code leaf} to {@code root} (OpenZeppelin MerkleProof.verify). */
    public static boolean verify(List<byte[]> proof, byte[] root, byte[] leaf) {
        byte[] node = leaf;
        for (byte[] sibling : proof) {
            node = hashPair(node, sibling);
        }
        return Arrays.equals(node, root);
    }

    /** The leaf hash of an update, 32 bytes (the contract's {@code updateLeaf}). */
    public static byte[] leafHash(String client, CompactCid cid, long numSamples) {
        String encoded = TypeEncoder.encode(new Address(client)) + TypeEncoder.encode(new Bytes32(cid.digest()))
                + TypeEncoder.encode(new Uint64(BigInteger.valueOf(cid.codec())))
                + TypeEncoder.encode(new Uint64(BigInteger.valueOf(numSamples)));
        return Hash.sha3(Hash.sha3(Numeric.hexStringToByteArray(encoded)));
    }

    private static byte[] hashPair(byte[] a, byte[] b) {
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        byte[] joined = new byte[64];
        System.arraycopy(aFirst ? a : b, 0, joined, 0, 32);
        System.arraycopy(aFirst ? b : a, 0, joined, 32, 32);
        return Hash.sha3(joined);
    }
}
