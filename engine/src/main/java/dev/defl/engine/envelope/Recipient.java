package dev.defl.engine.envelope;

import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Who an envelope is sealed for: an Ethereum account, by its address and its secp256k1 public key (the 64 bytes
 * {@code X || Y}, big-endian, as web3j's {@link ECKeyPair#getPublicKey()}). The address must be the one the key
 * derives ({@link Keys#getAddress(BigInteger)}: the last 20 bytes of Keccak-256 of the key).
 *
 * @param address   {@code 0x} and 40 hex digits, stored lower-case
 * @param publicKey 64 bytes, {@code X || Y}
 */
public record Recipient(String address, byte[] publicKey) {
    /** Length of an uncompressed public key without its SEC 1 {@code 0x04} prefix, in bytes. */
    public static final int PUBLIC_KEY_BYTES = 64;

    /**
     * @throws IllegalArgumentException when the address is not {@code 0x} and 40 hex digits, the key is not 64 bytes,
     *                                  or the key does not derive the address
     */
    public Recipient {
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("recipient address must be 0x and 40 hex digits, got " + address);
        }
        address = address.toLowerCase(java.util.Locale.ROOT);
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("public key of " + address + " must be " + PUBLIC_KEY_BYTES + " bytes, got "
                    + (publicKey == null ? "none" : publicKey.length));
        }
        publicKey = publicKey.clone();
        String derived = "0x" + Keys.getAddress(Numeric.toHexStringNoPrefixZeroPadded(new BigInteger(1, publicKey), 128));
        if (!derived.equals(address)) {
            throw new IllegalArgumentException("public key " + Numeric.toHexString(publicKey) + " belongs to " + derived
                    + ", not to recipient " + address);
        }
    }

    /** The recipient of a web3j public key (64 bytes as a non-negative integer); its address is derived from it. */
    public static Recipient of(BigInteger publicKey) {
        byte[] key = Numeric.toBytesPadded(publicKey, PUBLIC_KEY_BYTES);
        return new Recipient("0x" + Keys.getAddress(publicKey), key);
    }

    /** The recipient of a key pair's public half. */
    public static Recipient of(ECKeyPair keyPair) {
        return of(keyPair.getPublicKey());
    }

    /** A copy of the 64-byte public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipient r && r.address.equals(address) && Arrays.equals(r.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return "Recipient[" + address + "]";
    }
}
