package dev.defl.engine.ledger;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A client's off-chain signature of a Merkle-mode update: EIP-191 {@code personal_sign} ("\x19Ethereum
 * Signed Message:\n32" prefix) of {@code keccak256(abi.encode(chainId, contract, taskId, round, digest,
 * codec, numSamples))}, the contract's {@code updateSigningHash}; the chain id and contract address
 * keep a signature from being replayed on another deployment. Signing and recovery use web3j's
 * {@link Sign} (secp256k1).
 *
 * @param client    the signer's address, lower-case 0x-hex
 * @param signature 65 bytes, r ‖ s ‖ v (v 27 or 28)
 */
public record UpdateSignature(String client, byte[] signature) {
    public UpdateSignature {
        Objects.requireNonNull(client, "client");
        if (signature.length != 65) {
            throw new IllegalArgumentException("signature must be 65 bytes (r, s, v), got " + signature.length);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The 32-byte hash the client signs (before the EIP-191 prefix). */
    public static byte[] signingHash(long chainId, String contract, long taskId, long round, CompactCid cid,
            long numSamples) {
        String encoded = TypeEncoder.encode(new Uint256(chainId)) + TypeEncoder.encode(new Address(contract))
                + TypeEncoder.encode(new Uint256(taskId)) + TypeEncoder.encode(new Uint256(round))
                + TypeEncoder.encode(new Bytes32(cid.digest()))
                + TypeEncoder.encode(new Uint64(BigInteger.valueOf(cid.codec())))
                + TypeEncoder.encode(new Uint64(BigInteger.valueOf(numSamples)));
        return Hash.sha3(Numeric.hexStringToByteArray(encoded));
    }

    /** Signs an update as {@code client}. */
    public static UpdateSignature sign(Credentials client, long chainId, String contract, long taskId, long round,
            CompactCid cid, long numSamples) {
        Sign.SignatureData s = Sign.signPrefixedMessage(signingHash(chainId, contract, taskId, round, cid, numSamples),
                client.getEcKeyPair());
        byte[] bytes = new byte[65];
        System.arraycopy(s.getR(), 0, bytes, 0, 32);
        System.arraycopy(s.getS(), 0, bytes, 32, 32);
        bytes[64] = s.getV()[0];
        return new UpdateSignature(client.getAddress().toLowerCase(java.util.Locale.ROOT), bytes);
    }

    /**
     * Whether this signature was made by {@link #client()} over the given update.
     *
     * @return false for a signature by another key or over other values, or one that does not recover
     */
    public boolean verify(long chainId, String contract, long taskId, long round, CompactCid cid, long numSamples) {
        byte[] hash = signingHash(chainId, contract, taskId, round, cid, numSamples);
        Sign.SignatureData data = new Sign.SignatureData(signature[64], Arrays.copyOfRange(signature, 0, 32),
                Arrays.copyOfRange(signature, 32, 64));
        try {
            BigInteger key = Sign.signedPrefixedMessageToKey(hash, data);
            return ("0x" + Keys.getAddress(key)).equalsIgnoreCase(client);
        } catch (SignatureException | IllegalArgumentException e) {
            return false;
        }
    }
}
