package dev.defl.engine.envelope;

import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Round trips, wrong recipients, every single-byte flip and every truncation of real envelopes (no fakes). */
class EnvelopeTest {
    private static final int ACCOUNTS = 10;
    private static final List<Credentials> DEV = new ArrayList<>();
    private static final byte[] PLAINTEXT = "safetensors update: forty-odd bytes of it".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void devAccounts() {
        for (int i = 0; i < ACCOUNTS; i++) DEV.add(DevAccounts.account(i));
    }

    private static List<Recipient> recipients(int n) {
        return DEV.subList(0, n).stream().map(c -> Recipient.of(c.getEcKeyPair())).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void everyRecipientOpensAndNoOtherDevAccountCan(int n) throws Exception {
        byte[] envelope = Envelope.seal(PLAINTEXT, recipients(n));
        assertThat(envelope).hasSize(PLAINTEXT.length + 47 + 145 * n); // docs/envelope.md
        assertThat(Envelope.overheadBytes(n)).isEqualTo(47 + 145 * n);
        List<String> expected = DEV.subList(0, n).stream().map(Credentials::getAddress).sorted().toList();
        assertThat(Envelope.recipients(envelope)).isEqualTo(expected);
        assertThat(Envelope.header(envelope)).isEqualTo(new EnvelopeHeader(1, expected, PLAINTEXT.length + 16L));
        assertThat(Envelope.isEnvelope(envelope)).isTrue();
        for (int i = 0; i < n; i++) assertThat(Envelope.open(envelope, DEV.get(i))).isEqualTo(PLAINTEXT);
        for (int i = n; i < ACCOUNTS; i++) {
            Credentials outsider = DEV.get(i);
            assertThatThrownBy(() -> Envelope.open(envelope, outsider))
                    .isInstanceOfSatisfying(NotARecipientException.class, e -> {
                        assertThat(e.address()).isEqualTo(outsider.getAddress());
                        assertThat(e.recipients()).isEqualTo(expected);
                    })
                    .hasMessageContaining(outsider.getAddress()).hasMessageContaining(expected.getFirst());
        }
        ECKeyPair fresh = Keys.createEcKeyPair();
        assertThatThrownBy(() -> Envelope.open(envelope, fresh)).isInstanceOf(NotARecipientException.class);
    }

    @Test
    void twoSealsDifferButNameTheSameRecipientsInAddressOrder() throws Exception {
        List<Recipient> reversed = new ArrayList<>(recipients(5));
        java.util.Collections.reverse(reversed);
        byte[] a = Envelope.seal(PLAINTEXT, recipients(5));
        byte[] b = Envelope.seal(PLAINTEXT, reversed);
        assertThat(a).hasSameSizeAs(b).isNotEqualTo(b);
        assertThat(Envelope.recipients(a)).isEqualTo(Envelope.recipients(b)).isSorted();
        // deterministic layout: only the ephemeral keys, nonces and what they encrypt differ
        assertThat(Arrays.copyOf(a, 11)).isEqualTo(Arrays.copyOf(b, 11));
        assertThat(Envelope.open(b, DEV.get(3))).isEqualTo(PLAINTEXT);
    }

    @Test
    void emptyAndLargerPlaintextsRoundTrip() throws Exception {
        byte[] empty = Envelope.seal(new byte[0], recipients(1));
        assertThat(Envelope.open(empty, DEV.get(0))).isEmpty();
        byte[] large = new byte[3 << 20];
        new SecureRandom().nextBytes(large);
        byte[] sealed = Envelope.seal(large, recipients(2));
        assertThat(Envelope.open(sealed, DEV.get(1))).isEqualTo(large);
        // the plaintext never appears in the envelope, nor does its first block
        assertThat(indexOf(Envelope.seal(PLAINTEXT, recipients(1)), Arrays.copyOf(PLAINTEXT, 16))).isEqualTo(-1);
    }

    @Test
    void flippingAnySingleByteFailsForEveryRecipient() throws Exception {
        byte[] envelope = Envelope.seal(PLAINTEXT, recipients(2));
        List<String> order = Envelope.recipients(envelope);
        int entries = 11;
        int entry = 145;
        int nonceAt = entries + 2 * entry;
        int lengthAt = nonceAt + 12;
        int cipherAt = lengthAt + 8;
        for (int pos = 0; pos < envelope.length; pos++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] changed = envelope.clone();
                changed[pos] ^= (byte) bit;
                for (int r = 0; r < 2; r++) {
                    Credentials key = DEV.get(r);
                    Throwable t = catchThrowable(() -> Envelope.open(changed, key));
                    assertThat(t).as("byte %d flipped by %x, recipient %d", pos, bit, r).isInstanceOf(EnvelopeException.class);
                    assertThat(t.getMessage()).isNotBlank().doesNotContain("\n");
                    if (pos < 8 || (pos >= lengthAt && pos < cipherAt)) assertThat(t).isInstanceOf(MalformedEnvelopeException.class);
                    if (pos == 8) assertThat(t).isInstanceOf(UnsupportedEnvelopeVersionException.class);
                    if (pos >= nonceAt && pos < lengthAt || pos >= cipherAt) assertThat(t).isInstanceOf(TamperedEnvelopeException.class);
                    int inEntry = (pos - entries) % entry;
                    boolean wrapOfThisRecipient = pos >= entries && pos < nonceAt && (pos - entries) / entry == order.indexOf(key.getAddress()) && inEntry >= 20 + 65;
                    if (wrapOfThisRecipient) {
                        assertThat(t).isInstanceOf(TamperedEnvelopeException.class).hasMessageContaining("wrapped data key");
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationAndTrailingByteIsMalformed() throws Exception {
        byte[] envelope = Envelope.seal(PLAINTEXT, recipients(2));
        for (int length = 0; length < envelope.length; length++) {
            byte[] cut = Arrays.copyOf(envelope, length);
            for (Throwable t : List.of(catchThrowable(() -> Envelope.open(cut, DEV.get(0))),
                    catchThrowable(() -> Envelope.recipients(cut)))) {
                assertThat(t).as("truncated to %d bytes", length).isInstanceOf(MalformedEnvelopeException.class);
                assertThat(((MalformedEnvelopeException) t).offset()).isBetween(0L, (long) length);
            }
        }
        byte[] longer = Arrays.copyOf(envelope, envelope.length + 1);
        assertThatThrownBy(() -> Envelope.open(longer, DEV.get(0))).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("trailing bytes").hasMessageContaining("ciphertext length");
        assertThatThrownBy(() -> Envelope.recipients(Arrays.copyOf(envelope, 100)))
                .hasMessage("malformed envelope at byte 11 (recipients (2 of 145 bytes)): truncated: needs 290 bytes, 89 present (envelope is 100 bytes)");
    }

    @Test
    void hostileCountsAndOrderAreRejectedBeforeAllocating() throws Exception {
        byte[] envelope = Envelope.seal(PLAINTEXT, recipients(2));
        byte[] many = envelope.clone();
        many[9] = (byte) 0xff;
        many[10] = (byte) 0xff;
        assertThatThrownBy(() -> Envelope.recipients(many)).isInstanceOfSatisfying(MalformedEnvelopeException.class,
                e -> assertThat(e.field()).isEqualTo("recipient count"));
        byte[] none = envelope.clone();
        none[9] = 0;
        none[10] = 0;
        assertThatThrownBy(() -> Envelope.recipients(none)).isInstanceOf(MalformedEnvelopeException.class);
        byte[] swapped = envelope.clone();
        System.arraycopy(envelope, 11, swapped, 11 + 145, 145);
        System.arraycopy(envelope, 11 + 145, swapped, 11, 145);
        assertThatThrownBy(() -> Envelope.recipients(swapped)).isInstanceOfSatisfying(MalformedEnvelopeException.class,
                e -> assertThat(e.field()).isEqualTo("recipient[1].address"));
        byte[] huge = envelope.clone();
        Arrays.fill(huge, 11 + 290 + 12, 11 + 290 + 20, (byte) 0x7f);
        assertThatThrownBy(() -> Envelope.open(huge, DEV.get(0))).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Envelope.recipients("not an envelope".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not an envelope");
        byte[] v2 = envelope.clone();
        v2[8] = 2;
        assertThatThrownBy(() -> Envelope.open(v2, DEV.get(0))).isInstanceOfSatisfying(
                UnsupportedEnvelopeVersionException.class, e -> assertThat(e.version()).isEqualTo(2));
    }

    @Test
    void sealRejectsBadRecipientLists() {
        Recipient a = Recipient.of(DEV.get(0).getEcKeyPair());
        assertThatThrownBy(() -> Envelope.seal(PLAINTEXT, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Envelope.seal(PLAINTEXT, List.of(a, a))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> new Recipient(DEV.get(1).getAddress(), a.publicKey()))
                .hasMessageContaining("belongs to " + DEV.get(0).getAddress());
        byte[] offCurve = new byte[64];
        offCurve[63] = 1;
        assertThatThrownBy(() -> Envelope.seal(PLAINTEXT, List.of(Recipient.of(new java.math.BigInteger(1, offCurve)))))
                .hasMessageContaining("is not a secp256k1 point");
    }

    @Test
    void theHeaderIsReadFromAStreamWithoutTheCiphertext() throws Exception {
        byte[] envelope = Envelope.seal(new byte[100_000], recipients(5));
        var in = new java.io.ByteArrayInputStream(envelope);
        assertThat(Envelope.readHeader(in)).isEqualTo(Envelope.header(envelope));
        assertThat(in.available()).isEqualTo(100_000 + 16); // only the 31 + 5 * 145 header bytes were read
        for (int length = 0; length < 31 + 5 * 145; length++) {
            var cut = new java.io.ByteArrayInputStream(Arrays.copyOf(envelope, length));
            assertThatThrownBy(() -> Envelope.readHeader(cut)).as("%d bytes", length).isInstanceOf(MalformedEnvelopeException.class);
        }
        byte[] v2 = envelope.clone();
        v2[8] = 2;
        assertThatThrownBy(() -> Envelope.readHeader(new java.io.ByteArrayInputStream(v2)))
                .isInstanceOf(UnsupportedEnvelopeVersionException.class);
    }

    @Test
    void envelopesSealedByAnEarlierBuildStillOpen() throws Exception {
        // the fuzz seeds, committed when version 1 was written: the format is stable
        String dir = "/dev/defl/engine/envelope/EnvelopeFuzzTestInputs/envelope/";
        byte[] two = resource(dir + "two-recipients");
        assertThat(Envelope.open(two, DEV.get(0))).asString(StandardCharsets.UTF_8).isEqualTo("a dataset shard");
        assertThat(Envelope.open(two, DEV.get(1))).asString(StandardCharsets.UTF_8).isEqualTo("a dataset shard");
        assertThat(Envelope.open(resource(dir + "one-recipient"), DEV.get(0))).asString(StandardCharsets.UTF_8).isEqualTo("a small update");
        assertThatThrownBy(() -> Envelope.open(resource(dir + "not-a-recipient"), DEV.get(0))).isInstanceOf(NotARecipientException.class);
    }

    private static byte[] resource(String path) throws java.io.IOException {
        try (var in = EnvelopeTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
