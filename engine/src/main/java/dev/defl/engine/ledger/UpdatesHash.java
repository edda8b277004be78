package dev.defl.engine.ledger;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The rolling commitment a per-update round keeps over its update list, as in FederatedTasks.sol:
 * {@code h_0 = keccak256(abi.encode(taskId, round))},
 * {@code h_i = keccak256(abi.encode(h_{i-1}, client, digest, codec, numSamples))}
 * (Solidity ABI encoding: each value one 32-byte word). Used to check the list read from events
 * against the round's on-chain commitment.
 */
public final class UpdatesHash {
    private UpdatesHash() {
    }

    /** {@code h_0} of the round: 32 bytes. */
    public static byte[] seed(long taskId, long round) {
        return keccak(List.of(new Uint256(taskId), new Uint256(round)));
    }

    /** {@code h_i} from {@code h_{i-1}} and the i-th update: 32 bytes. */
    public static byte[] next(byte[] previous, String client, CompactCid cid, long numSamples) {
        return keccak(List.of(new Bytes32(previous), new Address(client), new Bytes32(cid.digest()),
                new Uint64(BigInteger.valueOf(cid.codec())), new Uint64(BigInteger.valueOf(numSamples))));
    }

    /** The commitment over {@code updates} in order. */
    public static byte[] of(long taskId, long round, List<UpdateEntry> updates) {
        byte[] h = seed(taskId, round);
        for (UpdateEntry u : updates) {
            h = next(h, u.client(), CompactCid.of(u.cid()), u.numSamples());
        }
        return h;
    }

    private static byte[] keccak(List<org.web3j.abi.datatypes.Type<?>> words) {
        StringBuilder hex = new StringBuilder();
        for (var word : words) {
            hex.append(TypeEncoder.encode(word));
        }
        return Hash.sha3(Numeric.hexStringToByteArray(hex.toString()));
    }
}
