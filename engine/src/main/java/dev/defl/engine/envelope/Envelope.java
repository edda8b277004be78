package dev.defl.engine.envelope;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The encryption envelope, version 1 ({@code docs/envelope.md}): content (a safetensors update, a dataset shard, a
 * file) sealed for a set of Ethereum accounts. A fresh 32-byte data key encrypts the content with AES-256-GCM (NIST SP
 * 800-38D; the whole header is the AAD); the data key is wrapped for each recipient with ECIES on secp256k1 (SEC 1:
 * a fresh ephemeral key, ECDH, HKDF-SHA256 of RFC 5869, AES-256-GCM). Apart from the keys and nonces the bytes are
 * deterministic: recipients sorted by address, fixed-width fields. The plaintext's hash is never written.
 *
 * <p>This implementation holds the envelope in memory, so the plaintext must fit a Java array with the header
 * ({@link #MAX_PLAINTEXT_BYTES}); the format itself allows 2^63 bytes.
 */
public final class Envelope {
    /** The largest plaintext {@link #seal} accepts, in bytes: a Java array's limit less header and tag for 1024 recipients. */
    public static final int MAX_PLAINTEXT_BYTES = Integer.MAX_VALUE - 16 - EnvelopeFormat.headerLength(EnvelopeFormat.MAX_RECIPIENTS) - EnvelopeFormat.TAG_BYTES;
    /** The most recipients one envelope may have. */
    public static final int MAX_RECIPIENTS = EnvelopeFormat.MAX_RECIPIENTS;
    /** The format version this build writes and reads. */
    public static final int VERSION = EnvelopeFormat.VERSION;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Envelope() {
    }

    /**
     * Seals {@code plaintext} for {@code recipients}.
     *
     * @param plaintext  the content, 0 .. {@link #MAX_PLAINTEXT_BYTES} bytes
     * @param recipients 1 .. {@value EnvelopeFormat#MAX_RECIPIENTS} recipients with distinct addresses, in any order
     * @return the envelope's bytes ({@link #overheadBytes} more than the plaintext)
     * @throws IllegalArgumentException when there are no recipients, too many, two with one address, a recipient
     *                                  key off the curve, or the plaintext is too large
     */
    public static byte[] seal(byte[] plaintext, Collection<Recipient> recipients) {
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("an envelope has at most " + MAX_RECIPIENTS + " recipients, got " + recipients.size());
        }
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds " + MAX_PLAINTEXT_BYTES);
        }
        List<Recipient> sorted = new ArrayList<>(recipients);
        sorted.sort(Comparator.comparing(Recipient::address));
        Set<String> seen = new HashSet<>();
        for (Recipient r : sorted) {
            if (!seen.add(r.address())) throw new IllegalArgumentException("recipient " + r.address() + " is listed twice");
        }
        int headerLength = EnvelopeFormat.headerLength(sorted.size());
        int ciphertextLength = plaintext.length + EnvelopeFormat.TAG_BYTES;
        ByteBuffer out = ByteBuffer.allocate(headerLength + ciphertextLength);
        out.put(EnvelopeFormat.MAGIC).put((byte) EnvelopeFormat.VERSION).putShort((short) sorted.size());
        byte[] dataKey = new byte[EnvelopeFormat.DATA_KEY_BYTES];
        RANDOM.nextBytes(dataKey);
        try {
            for (Recipient r : sorted) {
                byte[] address = Numeric.hexStringToByteArray(r.address());
                AsymmetricCipherKeyPair ephemeral = Ecies.ephemeral(RANDOM);
                byte[] ephemeralEncoded = Ecies.encode(ephemeral);
                byte[] kek;
                try {
                    kek = Ecies.kek(((ECPrivateKeyParameters) ephemeral.getPrivate()).getD(), Ecies.point(r.publicKey()),
                            ephemeralEncoded, address);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IllegalArgumentException("public key of recipient " + r.address() + " is not a secp256k1 point", e);
                }
                byte[] wrapNonce = nonce();
                byte[] wrapped = Gcm.encrypt(kek, wrapNonce, EnvelopeFormat.wrapAad(address), dataKey, 0, dataKey.length);
                Arrays.fill(kek, (byte) 0);
                out.put(address).put(ephemeralEncoded).put(wrapNonce).put(wrapped);
            }
            out.put(nonce()).putLong(ciphertextLength);
            byte[] bytes = out.array();
            byte[] contentNonce = Arrays.copyOfRange(bytes, headerLength - 8 - EnvelopeFormat.NONCE_BYTES, headerLength - 8);
            byte[] aad = Arrays.copyOf(bytes, headerLength);
            int written = Gcm.encryptInto(dataKey, contentNonce, aad, plaintext, bytes, headerLength);
            if (written != ciphertextLength) throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected " + ciphertextLength);
            return bytes;
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The envelope's size less the plaintext's for {@code recipients} recipients, in bytes: 31 + 145·n + 16. */
    public static int overheadBytes(int recipients) {
        return EnvelopeFormat.headerLength(recipients) + EnvelopeFormat.TAG_BYTES;
    }

    /** Opens an envelope with an account's credentials; see {@link #open(byte[], ECKeyPair)}. */
    public static byte[] open(byte[] envelope, Credentials credentials) throws EnvelopeException {
        return open(envelope, credentials.getEcKeyPair());
    }

    /**
     * Opens an envelope with a recipient's key pair: finds the entry of the key's address, unwraps the data key and
     * decrypts the content.
     *
     * @return the plaintext
     * @throws MalformedEnvelopeException          when the bytes are not a well-formed envelope (names offset and field)
     * @throws UnsupportedEnvelopeVersionException when the version is not {@value EnvelopeFormat#VERSION}
     * @throws NotARecipientException              when the key's address is not a recipient
     * @throws TamperedEnvelopeException           when the wrapped key or the content fails its GCM tag
     */
    public static byte[] open(byte[] envelope, ECKeyPair keyPair) throws EnvelopeException {
        EnvelopeFormat.Parsed parsed = EnvelopeFormat.parse(envelope);
        String address = "0x" + Keys.getAddress(keyPair);
        EnvelopeFormat.Entry entry = parsed.entries().stream().filter(e -> e.addressHex().equals(address)).findFirst()
                .orElseThrow(() -> new NotARecipientException(address, parsed.addresses()));
        byte[] kek = Ecies.kek(keyPair.getPrivateKey(), Ecies.CURVE.getCurve().decodePoint(entry.ephemeralKey()),
                entry.ephemeralKey(), entry.address());
        byte[] dataKey;
        try {
            dataKey = Gcm.decrypt(kek, entry.wrapNonce(), EnvelopeFormat.wrapAad(entry.address()), entry.wrappedKey(), 0,
                    entry.wrappedKey().length);
        } catch (AEADBadTagException e) {
            throw new TamperedEnvelopeException("wrapped data key for " + address + " (recipient entry at byte "
                    + entry.offset() + ") fails its AES-GCM tag: the entry was changed or the key is not the recipient's", e);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        try {
            byte[] aad = Arrays.copyOf(envelope, parsed.headerLength());
            return Gcm.decrypt(dataKey, parsed.contentNonce(), aad, envelope, parsed.ciphertextOffset(),
                    (int) parsed.ciphertextLength());
        } catch (AEADBadTagException e) {
            throw new TamperedEnvelopeException("content of " + parsed.ciphertextLength() + " bytes at byte "
                    + parsed.ciphertextOffset() + " fails its AES-GCM tag: the header, nonce or ciphertext was changed", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The recipients' addresses ({@code 0x} and 40 lower-case hex digits, ascending), read without a key.
     *
     * @throws MalformedEnvelopeException          when the bytes are not a well-formed envelope
     * @throws UnsupportedEnvelopeVersionException when the version is not {@value EnvelopeFormat#VERSION}
     */
    public static List<String> recipients(byte[] envelope) throws EnvelopeException {
        return EnvelopeFormat.parse(envelope).addresses();
    }

    /**
     * The envelope's public header (version, recipients, ciphertext length), after checking the whole layout.
     *
     * @throws MalformedEnvelopeException          when the bytes are not a well-formed envelope
     * @throws UnsupportedEnvelopeVersionException when the version is not {@value EnvelopeFormat#VERSION}
     */
    public static EnvelopeHeader header(byte[] envelope) throws EnvelopeException {
        return EnvelopeFormat.parse(envelope).header();
    }

    /**
     * The public header of the envelope {@code in} starts with, reading only the header ({@code 31 + 145·n} bytes, at
     * most 148 511): for a listing of large content without fetching it all. The ciphertext is neither read nor
     * checked against its length; the stream is left after the header.
     *
     * @throws MalformedEnvelopeException          when the stream ends within the header or the header is malformed
     * @throws UnsupportedEnvelopeVersionException when the version is not {@value EnvelopeFormat#VERSION}
     * @throws IOException                         when reading fails
     */
    public static EnvelopeHeader readHeader(InputStream in) throws EnvelopeException, IOException {
        byte[] preamble = in.readNBytes(EnvelopeFormat.PREAMBLE_BYTES);
        if (preamble.length < EnvelopeFormat.PREAMBLE_BYTES) return EnvelopeFormat.parseHeader(preamble).header(); // throws
        int count = ((preamble[9] & 0xff) << 8) | (preamble[10] & 0xff);
        if (count < 1 || count > MAX_RECIPIENTS || preamble[8] != EnvelopeFormat.VERSION) {
            return EnvelopeFormat.parseHeader(preamble).header(); // throws: bad magic, version or count
        }
        byte[] rest = in.readNBytes(EnvelopeFormat.headerLength(count) - EnvelopeFormat.PREAMBLE_BYTES);
        byte[] header = Arrays.copyOf(preamble, preamble.length + rest.length);
        System.arraycopy(rest, 0, header, preamble.length, rest.length);
        return EnvelopeFormat.parseHeader(header).header();
    }

    /**
     * Whether {@code bytes} (the whole content or its first bytes) start with the envelope magic {@code DEFL-ENV}:
     * a cheap test for "encrypted", e.g. for a listing; {@link #header} checks the rest.
     */
    public static boolean isEnvelope(byte[] bytes) {
        return EnvelopeFormat.hasMagic(bytes);
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[EnvelopeFormat.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }
}
