package dev.defl.engine.envelope;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Locale;

/**
 * An account's statement of its secp256k1 public key, so that others can seal envelopes for it (an aggregator
 * publishes one when it registers for a task). The account signs {@link #message} with EIP-191 {@code personal_sign}
 * (web3j {@link Sign#signPrefixedMessage}); anyone checks it ({@link #verify}) by recovering the signer's key from the
 * signature and by deriving the address from the stated key: both must give the claimed address.
 *
 * <p>Bytes ({@link #toBytes}): the 64-byte key {@code X || Y} then the 65-byte signature {@code r || s || v}
 * ({@code v} 27 or 28), 129 bytes; the address is not included, it is the account the statement is published by.
 *
 * @param address   the claimed account, {@code 0x} and 40 hex digits, stored lower-case
 * @param publicKey 64 bytes, {@code X || Y}
 * @param signature 65 bytes, {@code r || s || v}
 */
public record KeyStatement(String address, byte[] publicKey, byte[] signature) {
    /** Length of {@link #toBytes}, in bytes. */
    public static final int BYTES = 64 + 65;
    private static final String PREFIX = "DeFL envelope key v1\naccount: ";

    /** @throws IllegalArgumentException when a length or the address's form is wrong (not when it fails to verify) */
    public KeyStatement {
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("key statement address must be 0x and 40 hex digits, got " + address);
        }
        address = address.toLowerCase(Locale.ROOT);
        if (publicKey == null || publicKey.length != 64) throw new IllegalArgumentException("key statement of " + address + ": public key must be 64 bytes");
        if (signature == null || signature.length != 65) throw new IllegalArgumentException("key statement of " + address + ": signature must be 65 bytes");
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    /** The statement of an account's own key, signed by it. */
    public static KeyStatement sign(Credentials credentials) {
        ECKeyPair pair = credentials.getEcKeyPair();
        byte[] key = Numeric.toBytesPadded(pair.getPublicKey(), 64);
        String address = "0x" + Keys.getAddress(pair);
        Sign.SignatureData sig = Sign.signPrefixedMessage(message(address, key), pair);
        byte[] signature = new byte[65];
        System.arraycopy(Numeric.toBytesPadded(new BigInteger(1, sig.getR()), 32), 0, signature, 0, 32);
        System.arraycopy(Numeric.toBytesPadded(new BigInteger(1, sig.getS()), 32), 0, signature, 32, 32);
        signature[64] = sig.getV()[0];
        return new KeyStatement(address, key, signature);
    }

    /**
     * The signed message, UTF-8: {@code "DeFL envelope key v1\naccount: <address>\nkey: 0x<128 hex digits>"}, the
     * address lower-case. EIP-191 prefixes it with {@code "\u0019Ethereum Signed Message:\n" + length}.
     */
    public static byte[] message(String address, byte[] publicKey) {
        return (PREFIX + address.toLowerCase(Locale.ROOT) + "\nkey: " + Numeric.toHexString(publicKey))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks the statement: the key derives {@link #address}, and the signature recovers a key of that address.
     *
     * @return the verified recipient, to seal envelopes for
     * @throws KeyStatementException naming the address, when either check fails
     */
    public Recipient verify() throws KeyStatementException {
        String fromKey = "0x" + Keys.getAddress(Numeric.toHexStringNoPrefixZeroPadded(new BigInteger(1, publicKey), 128));
        if (!fromKey.equals(address)) {
            throw new KeyStatementException(address, "the stated key belongs to " + fromKey);
        }
        byte v = signature[64];
        if (v != 27 && v != 28) throw new KeyStatementException(address, "signature v must be 27 or 28, got " + (v & 0xff));
        Sign.SignatureData sig = new Sign.SignatureData(v, Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64));
        BigInteger recovered;
        try {
            recovered = Sign.signedPrefixedMessageToKey(message(address, publicKey), sig);
        } catch (SignatureException | RuntimeException e) {
            throw new KeyStatementException(address, "no key recovers from the signature (" + e.getMessage() + ")");
        }
        String signer = "0x" + Keys.getAddress(recovered);
        if (!signer.equals(address)) {
            throw new KeyStatementException(address, "it is signed by " + signer);
        }
        try {
            return new Recipient(address, publicKey);
        } catch (IllegalArgumentException e) {
            throw new KeyStatementException(address, e.getMessage());
        }
    }

    /** The 129 bytes: key then signature. */
    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        System.arraycopy(publicKey, 0, out, 0, 64);
        System.arraycopy(signature, 0, out, 64, 65);
        return out;
    }

    /**
     * The statement {@code bytes} ({@link #toBytes}) make for {@code address}, not yet verified.
     *
     * @throws KeyStatementException when the bytes are not 129 long or the address is malformed
     */
    public static KeyStatement parse(String address, byte[] bytes) throws KeyStatementException {
        if (bytes == null || bytes.length != BYTES) {
            throw new KeyStatementException(address, "expected " + BYTES + " bytes (key, signature), got "
                    + (bytes == null ? "none" : bytes.length));
        }
        try {
            return new KeyStatement(address, Arrays.copyOfRange(bytes, 0, 64), Arrays.copyOfRange(bytes, 64, BYTES));
        } catch (IllegalArgumentException e) {
            throw new KeyStatementException(address, e.getMessage());
        }
    }

    /** A copy of the 64-byte key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A copy of the 65-byte signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyStatement k && k.address.equals(address) && Arrays.equals(k.publicKey, publicKey)
                && Arrays.equals(k.signature, signature);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "KeyStatement[" + address + "]";
    }
}
