package dev.defl.engine.keys;

import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.KeyStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link KnownKeys} and {@link KeyStatementText} over a real file in a temporary data directory. */
class KnownKeysTest {
    @TempDir
    Path dir;

    private static Credentials fresh() throws Exception {
        return Credentials.create(Keys.createEcKeyPair());
    }

    @Test
    void aVerifiedStatementIsRecordedOnceAndReadBackByAnotherInstance() throws Exception {
        Credentials bob = fresh();
        KeyStatement statement = KeyStatement.sign(bob);
        KnownKeys keys = KnownKeys.open(dir);
        assertThat(keys.add(statement, KnownKey.Origin.IMPORTED).isNew()).isTrue();
        assertThat(keys.add(statement, KnownKey.Origin.IMPORTED).isNew()).isFalse();

        KnownKeys again = KnownKeys.open(dir);
        assertThat(again.list()).singleElement().satisfies(k -> {
            assertThat(k.address()).isEqualTo(bob.getAddress());
            assertThat(k.origin()).isEqualTo(KnownKey.Origin.IMPORTED);
        });
        assertThat(again.recipient(bob.getAddress().toUpperCase().replace("0X", "0x"))).hasValueSatisfying(r ->
                assertThat(r.publicKey()).isEqualTo(statement.publicKey()));
        assertThat(again.recipient("0x" + "11".repeat(20))).isEmpty();

        // recording an imported key as one's own (the account was then imported into the keystore) upgrades it
        assertThat(again.add(statement, KnownKey.Origin.OWN).key().origin()).isEqualTo(KnownKey.Origin.OWN);
    }

    @Test
    void aStatementSignedByAnotherAccountIsRefusedAndNothingIsWritten() throws Exception {
        Credentials bob = fresh();
        Credentials mallory = fresh();
        KeyStatement honest = KeyStatement.sign(bob);
        KeyStatement forged = new KeyStatement(bob.getAddress(), honest.publicKey(), KeyStatement.sign(mallory).signature());
        KnownKeys keys = KnownKeys.open(dir);
        assertThatThrownBy(() -> keys.add(forged, KnownKey.Origin.IMPORTED))
                .isInstanceOf(KeyStatementException.class)
                .hasMessageStartingWith("key statement of " + bob.getAddress() + " does not verify: it is signed by 0x");
        assertThat(keys.file()).doesNotExist();
    }

    @Test
    void aStatementLineRoundTripsAndMalformedLinesAreNamed() throws Exception {
        KeyStatement statement = KeyStatement.sign(fresh());
        String line = KeyStatementText.format(statement);
        assertThat(line).startsWith("defl-key-v1:" + statement.address() + ":").hasSize(12 + 42 + 1 + 258);
        assertThat(KeyStatementText.parse("  " + line + "\n", "argument")).isEqualTo(statement);
        assertThatThrownBy(() -> KeyStatementText.parse("hello", "keys.txt line 2"))
                .hasMessageStartingWith("keys.txt line 2: not a key statement");
        assertThatThrownBy(() -> KeyStatementText.parse(line.substring(0, line.length() - 2), "argument"))
                .hasMessageContaining("has 256 hex digits, expected 258");
    }

    @Test
    void aKnownKeysFileWhoseEntryWasChangedIsRefusedNamingTheFile() throws Exception {
        Credentials bob = fresh();
        KnownKeys keys = KnownKeys.open(dir);
        keys.add(KeyStatement.sign(bob), KnownKey.Origin.IMPORTED);
        String text = Files.readString(keys.file());
        String other = KeyStatementText.format(KeyStatement.sign(fresh()));
        // another account's key under bob's statement: the signature no longer verifies
        String line = KeyStatementText.format(KeyStatement.sign(bob));
        String swapped = line.substring(0, 55) + other.substring(55, 55 + 128) + line.substring(55 + 128);
        Files.writeString(keys.file(), text.replace(line, swapped));
        assertThatThrownBy(keys::list).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("known keys " + keys.file() + ": entry 0: key statement of " + bob.getAddress()
                        + " does not verify");
    }
}
