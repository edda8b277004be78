package dev.defl.engine.keys;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentTooLargeException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.EnvelopeHeader;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.KeystoreException;
import dev.defl.engine.ledger.ScryptCost;
import dev.defl.engine.ledger.StoredAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sealing into and opening from a real embedded content store with real keystore accounts (scrypt cost lowered to
 * n = 1024 for speed), and reading an envelope's header from the store.
 */
class EncryptedContentTest {
    private static final ScryptCost TEST_COST = new ScryptCost(1 << 10, 1);

    @TempDir
    Path dir;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void theHeaderOfLargeEncryptedContentIsReadWithoutTheRestAndPlainContentHasNone() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        AccountStore accounts = AccountStore.open(dir, TEST_COST);
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StoredAccount a = accounts.create("pw".toCharArray());
            recipients.add(Recipient.of(accounts.unlocked(a.address()).orElseThrow().getEcKeyPair()));
        }
        byte[] plaintext = random(700_000); // three 256 KiB chunks
        Cid sealed = new SealingContentStore(store, recipients).add(plaintext);
        Optional<EnvelopeHeader> header = EncryptedContent.header(store, sealed);
        assertThat(header).hasValueSatisfying(h -> {
            assertThat(h.recipients()).containsExactlyInAnyOrderElementsOf(recipients.stream().map(Recipient::address).toList());
            assertThat(h.plaintextLength()).isEqualTo(plaintext.length);
        });
        assertThat(EncryptedContent.header(store, store.add(plaintext))).isEmpty();
        assertThat(EncryptedContent.header(store, store.add(new byte[] {'D', 'E'}))).isEmpty();
        assertThat(EncryptedContent.header(store, store.add("DEFL-ENV but not one".getBytes(StandardCharsets.US_ASCII)))).isEmpty();

        OpeningContentStore opening = new OpeningContentStore(store, new AccountOpener(accounts, null, a -> "pw".toCharArray()));
        assertThat(opening.catBytes(sealed)).isEqualTo(plaintext);
        assertThatThrownBy(() -> opening.catBytes(sealed, plaintext.length - 1)).isInstanceOf(ContentTooLargeException.class);
    }

    @Test
    void theSinkPassesPlainContentThroughEvenShorterThanTheMagic() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        EnvelopeOpener never = (cid, envelope) -> {
            throw new AssertionError("plain content was taken for an envelope");
        };
        for (byte[] content : List.of(new byte[0], "abc".getBytes(StandardCharsets.US_ASCII), random(300_000))) {
            Cid cid = store.add(content);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EnvelopeSink sink = new EnvelopeSink(out, cid, never);
            store.cat(cid, sink);
            assertThat(sink.finish()).isFalse();
            assertThat(out.toByteArray()).isEqualTo(content);
        }
    }

    @Test
    void theOpenerTriesEachRecipientAccountAndNamesTheRecipientsToOthers() throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        AccountStore accounts = AccountStore.open(dir, TEST_COST);
        StoredAccount first = accounts.create("first-pw".toCharArray());
        StoredAccount second = accounts.create("second-pw".toCharArray());
        Credentials firstKey = accounts.unlocked(first.address()).orElseThrow();
        Credentials secondKey = accounts.unlocked(second.address()).orElseThrow();
        accounts.lockAll();
        Cid cid = new SealingContentStore(store, List.of(Recipient.of(firstKey.getEcKeyPair()),
                Recipient.of(secondKey.getEcKeyPair()))).add("shared".getBytes(StandardCharsets.UTF_8));
        byte[] envelope = store.catBytes(cid);

        // the password given is the second account's: the first fails to unlock, the second opens it
        AccountOpener opener = new AccountOpener(accounts, null, a -> "second-pw".toCharArray());
        assertThat(opener.open(cid, envelope)).asString(StandardCharsets.UTF_8).isEqualTo("shared");
        AccountOpener wrong = new AccountOpener(AccountStore.open(dir, TEST_COST), null, a -> "neither".toCharArray());
        assertThatThrownBy(() -> wrong.open(cid, envelope)).isInstanceOf(KeystoreException.class);

        AccountStore other = AccountStore.open(dir.resolve("other"), TEST_COST);
        StoredAccount outsider = other.create("pw".toCharArray());
        assertThatThrownBy(() -> new AccountOpener(other, null, a -> "pw".toCharArray()).open(cid, envelope))
                .isInstanceOf(NotEncryptedForYouException.class)
                .hasMessageContaining("content " + cid + " is encrypted for ")
                .hasMessageContaining(first.address()).hasMessageContaining(second.address())
                .hasMessageEndingWith("none of your accounts (" + outsider.address() + ") is among them");
        assertThatThrownBy(() -> new AccountOpener(other, outsider.address(), a -> "pw".toCharArray()).open(cid, envelope))
                .isInstanceOf(NotEncryptedForYouException.class)
                .hasMessageEndingWith("the account chosen, " + outsider.address() + ", is not among them");

        byte[] tampered = envelope.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> opener.open(cid, tampered)).isInstanceOf(TamperedContentException.class)
                .hasMessageStartingWith("content " + cid + " cannot be decrypted: ");
        byte[] truncated = java.util.Arrays.copyOf(envelope, 40);
        assertThatThrownBy(() -> opener.open(cid, truncated)).isInstanceOf(TamperedContentException.class)
                .hasMessageContaining("not a well-formed envelope");
        assertThat(Envelope.isEnvelope(truncated)).isTrue();
    }
}
