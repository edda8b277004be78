package dev.defl.engine.envelope;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** AES-256-GCM (NIST SP 800-38D) through the JDK's {@code AES/GCM/NoPadding}: 12-byte nonce, 128-bit tag. */
final class Gcm {
    private Gcm() {
    }

    /** {@code ciphertext || tag} of {@code plaintext[offset, offset+length)}. */
    static byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, int offset, int length) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
            return cipher.doFinal(plaintext, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    /** Writes {@code ciphertext || tag} of the plaintext into {@code out} at {@code outOffset}; returns its length. */
    static int encryptInto(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext, byte[] out, int outOffset) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, aad);
            return cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    /** The plaintext of {@code input[offset, offset+length)} ({@code ciphertext || tag}); AEADBadTagException when the tag fails. */
    static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] input, int offset, int length)
            throws AEADBadTagException {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, aad);
            return cipher.doFinal(input, offset, length);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(EnvelopeFormat.TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        return cipher;
    }
}
