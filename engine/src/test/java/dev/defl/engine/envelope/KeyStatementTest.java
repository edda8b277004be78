package dev.defl.engine.envelope;

import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An account's signed key statement verifies; forged ones (other address, other key, changed bytes) do not. */
class KeyStatementTest {
    private static final Credentials ALICE = DevAccounts.account(0);
    private static final Credentials BOB = DevAccounts.account(1);

    @Test
    void aSignedStatementVerifiesAndSurvivesItsBytes() throws Exception {
        KeyStatement statement = KeyStatement.sign(ALICE);
        assertThat(statement.address()).isEqualTo(ALICE.getAddress());
        Recipient recipient = statement.verify();
        assertThat(recipient).isEqualTo(Recipient.of(ALICE.getEcKeyPair()));
        byte[] bytes = statement.toBytes();
        assertThat(bytes).hasSize(KeyStatement.BYTES);
        KeyStatement again = KeyStatement.parse(ALICE.getAddress(), bytes);
        assertThat(again).isEqualTo(statement);
        assertThat(again.verify()).isEqualTo(recipient);
        // what the statement seals for, the account opens
        byte[] envelope = Envelope.seal(new byte[] {1, 2, 3}, List.of(recipient));
        assertThat(Envelope.open(envelope, ALICE)).containsExactly(1, 2, 3);
        // a fresh key pair too (not a dev account)
        Credentials fresh = Credentials.create(Keys.createEcKeyPair());
        assertThat(KeyStatement.sign(fresh).verify().address()).isEqualTo(fresh.getAddress());
    }

    @Test
    void anotherAddressClaimingTheStatementFails() {
        byte[] alices = KeyStatement.sign(ALICE).toBytes();
        assertThatThrownBy(() -> KeyStatement.parse(BOB.getAddress(), alices).verify())
                .isInstanceOfSatisfying(KeyStatementException.class, e -> assertThat(e.address()).isEqualTo(BOB.getAddress()))
                .hasMessage("key statement of " + BOB.getAddress() + " does not verify: the stated key belongs to " + ALICE.getAddress());
    }

    @Test
    void anotherKeySignedByTheAccountFails() {
        // Alice signs a statement that claims Bob's key as hers
        byte[] bobsKey = Numeric.toBytesPadded(BOB.getEcKeyPair().getPublicKey(), 64);
        Sign.SignatureData sig = Sign.signPrefixedMessage(KeyStatement.message(ALICE.getAddress(), bobsKey), ALICE.getEcKeyPair());
        KeyStatement forged = new KeyStatement(ALICE.getAddress(), bobsKey, signature(sig));
        assertThatThrownBy(forged::verify).isInstanceOf(KeyStatementException.class)
                .hasMessageContaining(ALICE.getAddress()).hasMessageContaining("belongs to " + BOB.getAddress());
    }

    @Test
    void theAccountsKeySignedBySomeoneElseFails() {
        byte[] alicesKey = Numeric.toBytesPadded(ALICE.getEcKeyPair().getPublicKey(), 64);
        Sign.SignatureData sig = Sign.signPrefixedMessage(KeyStatement.message(ALICE.getAddress(), alicesKey), BOB.getEcKeyPair());
        KeyStatement forged = new KeyStatement(ALICE.getAddress(), alicesKey, signature(sig));
        assertThatThrownBy(forged::verify).isInstanceOf(KeyStatementException.class)
                .hasMessage("key statement of " + ALICE.getAddress() + " does not verify: it is signed by " + BOB.getAddress());
    }

    @Test
    void everyChangedByteFails() throws Exception {
        byte[] bytes = KeyStatement.sign(ALICE).toBytes();
        for (int i = 0; i < bytes.length; i++) {
            byte[] changed = bytes.clone();
            changed[i] ^= 0x01;
            KeyStatement statement = KeyStatement.parse(ALICE.getAddress(), changed);
            assertThatThrownBy(statement::verify).as("byte %d", i).isInstanceOf(KeyStatementException.class)
                    .hasMessageContaining(ALICE.getAddress());
        }
        assertThatThrownBy(() -> KeyStatement.parse(ALICE.getAddress(), new byte[128]))
                .isInstanceOf(KeyStatementException.class).hasMessageContaining("expected 129 bytes");
    }

    private static byte[] signature(Sign.SignatureData sig) {
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return out;
    }
}
