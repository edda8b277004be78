package dev.defl.engine.envelope;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * The key-encapsulation half of the envelope: ECIES on secp256k1 after SEC 1 (v2, §5.1) with ECDH (Bouncy Castle
 * {@link ECDHBasicAgreement}: the x-coordinate of {@code d·Q}, 32 bytes) and HKDF-SHA256 (RFC 5869, Bouncy Castle
 * {@link HKDFBytesGenerator}) as the key derivation function. The derived 32-byte key encrypts the data key with
 * AES-256-GCM ({@link Gcm}).
 */
final class Ecies {
    static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters CURVE = new ECDomainParameters(PARAMS);

    private Ecies() {
    }

    /** A fresh ephemeral key pair from {@code random}. */
    static AsymmetricCipherKeyPair ephemeral(SecureRandom random) {
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(CURVE, random));
        return generator.generateKeyPair();
    }

    /** SEC 1 uncompressed encoding (65 bytes) of a key pair's public point. */
    static byte[] encode(AsymmetricCipherKeyPair pair) {
        return ((ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(false);
    }

    /** The point of a 64-byte {@code X || Y} public key; IllegalArgumentException when it is not on the curve. */
    static ECPoint point(byte[] xy) {
        byte[] encoded = new byte[1 + xy.length];
        encoded[0] = 0x04;
        System.arraycopy(xy, 0, encoded, 1, xy.length);
        return CURVE.getCurve().decodePoint(encoded);
    }

    /**
     * The 32-byte key-encryption key: HKDF-SHA256 with IKM = ECDH shared secret, salt = ephemeral public key (65)
     * || recipient address (20), info = {@link EnvelopeFormat#WRAP_INFO}.
     */
    static byte[] kek(BigInteger privateKey, ECPoint publicPoint, byte[] ephemeralEncoded, byte[] address) {
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(new ECPrivateKeyParameters(privateKey, CURVE));
        BigInteger shared = agreement.calculateAgreement(new ECPublicKeyParameters(publicPoint, CURVE));
        byte[] ikm = BigIntegers.asUnsignedByteArray(32, shared);
        byte[] salt = new byte[ephemeralEncoded.length + address.length];
        System.arraycopy(ephemeralEncoded, 0, salt, 0, ephemeralEncoded.length);
        System.arraycopy(address, 0, salt, ephemeralEncoded.length, address.length);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, EnvelopeFormat.WRAP_INFO));
        byte[] kek = new byte[32];
        hkdf.generateBytes(kek, 0, kek.length);
        java.util.Arrays.fill(ikm, (byte) 0);
        return kek;
    }
}
