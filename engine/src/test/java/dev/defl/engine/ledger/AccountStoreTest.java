package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.utils.Numeric;

/** Real scrypt keystore files on disk; a cheap scrypt cost except where geth's light or standard cost is the point. */
class AccountStoreTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final String DEV0_KEY = Numeric.toHexStringNoPrefixZeroPadded(
            DevAccounts.account(0).getEcKeyPair().getPrivateKey(), 64);
    private static final String DEV0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** Test-only scrypt cost (n = 2^10, p = 1): 1 MiB, milliseconds per derivation. */
    static final ScryptCost TEST_COST = new ScryptCost(1 << 10, 1);

    @TempDir
    Path dir;

    private AccountStore store() {
        return AccountStore.open(dir.resolve("data"), TEST_COST);
    }

    @Test
    void createWritesAGethNamedOwnerOnlyKeystoreV3FileThatUnlocksInALaterSession() throws Exception {
        StoredAccount created = AccountStore.open(dir.resolve("data"), ScryptCost.LIGHT).create(PASSWORD);

        assertThat(created.file().getParent()).isEqualTo(dir.resolve("data").resolve("keystore").toAbsolutePath());
        assertThat(created.file().getFileName().toString())
                .matches("UTC--\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{9}Z--[0-9a-f]{40}")
                .endsWith(created.address().substring(2).toLowerCase());
        assertThat(created.address()).isEqualTo(Keys.toChecksumAddress(created.address()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created.file()))).isEqualTo("rw-------");
        JsonNode json = new ObjectMapper().readTree(created.file().toFile());
        assertThat(json.path("version").asInt()).isEqualTo(3);
        assertThat(json.path("crypto").path("kdf").asText()).isEqualTo("scrypt");
        assertThat(json.path("crypto").path("cipher").asText()).isEqualTo("aes-128-ctr");
        assertThat(json.path("crypto").path("kdfparams").path("n").asInt()).isEqualTo(4096);

        Credentials unlocked = store().unlock(created.address(), PASSWORD);
        assertThat(unlocked.getAddress()).isEqualToIgnoringCase(created.address());
        assertThat(store().list()).containsExactly(created);
    }

    @Test
    void standardScryptCostIsWrittenAndReadBack() throws Exception {
        AccountStore store = AccountStore.open(dir, ScryptCost.STANDARD);
        StoredAccount account = store.importPrivateKey(DEV0_KEY, PASSWORD);

        JsonNode params = new ObjectMapper().readTree(account.file().toFile()).path("crypto").path("kdfparams");
        assertThat(params.path("n").asInt()).isEqualTo(262144);
        assertThat(params.path("r").asInt()).isEqualTo(8);
        assertThat(params.path("p").asInt()).isEqualTo(1);
        assertThat(AccountStore.open(dir).unlock(DEV0, PASSWORD).getAddress()).isEqualToIgnoringCase(DEV0);
    }

    @Test
    void importedPrivateKeyUnlocksToTheSameCredentials() {
        StoredAccount account = store().importPrivateKey("0x" + DEV0_KEY + "\n", PASSWORD);

        assertThat(account.address()).isEqualTo(DEV0);
        Credentials credentials = store().unlock(DEV0.toLowerCase(), PASSWORD);
        assertThat(credentials.getEcKeyPair().getPrivateKey()).isEqualTo(DevAccounts.account(0).getEcKeyPair().getPrivateKey());
    }

    @Test
    void importedKeystoreFileIsCopiedAfterItsPasswordIsChecked() throws Exception {
        Path foreign = dir.resolve("foreign.json");
        Files.writeString(foreign, new ObjectMapper().writeValueAsString(
                Wallet.createLight(new String(PASSWORD), DevAccounts.account(1).getEcKeyPair())));

        assertThatThrownBy(() -> store().importKeystore(foreign, "guess".toCharArray()))
                .isInstanceOf(KeystoreException.class)
                .hasMessageContaining("wrong password for account " + DevAccounts.account(1).getAddress().substring(0, 2))
                .satisfies(e -> assertThat(((KeystoreException) e).reason()).isEqualTo(KeystoreException.Reason.WRONG_PASSWORD));
        assertThat(store().list()).isEmpty();

        StoredAccount imported = store().importKeystore(foreign, PASSWORD);
        assertThat(imported.address()).isEqualToIgnoringCase(DevAccounts.account(1).getAddress());
        assertThat(Files.readString(imported.file())).isEqualTo(Files.readString(foreign));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(imported.file()))).isEqualTo("rw-------");
    }

    @Test
    void wrongPasswordNamesTheAccountAndNotThePassword() {
        store().importPrivateKey(DEV0_KEY, PASSWORD);

        assertThatThrownBy(() -> store().unlock(DEV0, "hunter2".toCharArray()))
                .isInstanceOf(KeystoreException.class)
                .hasMessageStartingWith("wrong password for account " + DEV0)
                .message().doesNotContain("hunter2");
    }

    @Test
    void malformedKeystoreFileIsNamedByListAndUnlock() throws Exception {
        AccountStore store = store();
        Path broken = store.directory().resolve("UTC--2020-01-01T00-00-00.000000000Z--" + DEV0.substring(2).toLowerCase());
        Files.writeString(broken, "{\"version\":3,\"address\":\"nope\"}");

        assertThatThrownBy(store::list)
                .isInstanceOf(KeystoreException.class)
                .hasMessage("malformed keystore file " + broken + ": address is missing or not 40 hex digits");

        Files.writeString(broken, "{\"version\":3,\"address\":\"" + DEV0.substring(2) + "\",\"crypto\":{\"kdf\":\"scrypt\","
                + "\"kdfparams\":{\"n\":4096,\"r\":8,\"p\":6,\"dklen\":32,\"salt\":\"00\"},\"cipher\":\"aes-256-gcm\","
                + "\"cipherparams\":{\"iv\":\"00\"},\"ciphertext\":\"00\",\"mac\":\"00\"}}");
        assertThatThrownBy(() -> store.unlock(DEV0, PASSWORD))
                .isInstanceOf(KeystoreException.class)
                .hasMessageStartingWith("malformed keystore file " + broken)
                .hasMessageContaining("cipher")
                .satisfies(e -> assertThat(((KeystoreException) e).file()).isEqualTo(broken));
    }

    @Test
    void unknownAddressIsNamedWithTheKeystoreDirectory() {
        AccountStore store = store();
        assertThatThrownBy(() -> store.unlock(DEV0, PASSWORD))
                .isInstanceOf(KeystoreException.class)
                .hasMessage("no account " + DEV0 + " in keystore " + store.directory());
        assertThatThrownBy(() -> store.find("0x1234"))
                .isInstanceOf(KeystoreException.class)
                .hasMessageContaining("not an Ethereum address")
                .hasMessageContaining("0x1234");
    }

    @Test
    void theSameKeyIsNotImportedTwice() {
        StoredAccount first = store().importPrivateKey(DEV0_KEY, PASSWORD);

        assertThatThrownBy(() -> store().importPrivateKey(DEV0_KEY, "other".toCharArray()))
                .isInstanceOf(KeystoreException.class)
                .hasMessage("account " + DEV0 + " is already in the keystore: " + first.file());
        assertThat(store().list()).hasSize(1);
    }

    @Test
    void notAPrivateKeyIsRejectedWithoutEchoingIt() {
        String almost = DEV0_KEY.substring(0, 63) + "g";
        assertThatThrownBy(() -> store().importPrivateKey(almost, PASSWORD))
                .isInstanceOf(KeystoreException.class)
                .hasMessage("not a private key: expected 64 hex digits (32 bytes), got 64 characters including non-hex ones")
                .message().doesNotContain(almost.substring(0, 20));
        assertThatThrownBy(() -> store().importPrivateKey("0".repeat(64), PASSWORD))
                .hasMessageContaining("not below the secp256k1 group order");
    }

    @Test
    void exportCopiesTheEncryptedFileOwnerOnlyAndNeverOverwrites() throws Exception {
        StoredAccount account = store().importPrivateKey(DEV0_KEY, PASSWORD);
        Path outDir = Files.createDirectories(dir.resolve("out"));

        Path exported = store().export(DEV0, outDir);
        assertThat(exported).isEqualTo(outDir.resolve(account.file().getFileName()));
        assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(account.file()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(exported))).isEqualTo("rw-------");
        assertThat(outDir).isDirectoryNotContaining(dev.defl.engine.io.AtomicFiles::isTemporary);

        assertThatThrownBy(() -> store().export(DEV0, exported))
                .isInstanceOf(KeystoreException.class)
                .hasMessageStartingWith("will not overwrite " + exported);
    }

    @Test
    void listReadsAddressesWithoutPasswordsOldestFirst() {
        AccountStore store = store();
        StoredAccount a = store.importPrivateKey(DEV0_KEY, PASSWORD);
        StoredAccount b = store.create("another".toCharArray());

        List<StoredAccount> listed = AccountStore.open(dir.resolve("data")).list();
        assertThat(listed).containsExactly(a, b);
        assertThat(a.created()).isBeforeOrEqualTo(b.created());
    }

    @Test
    void aPasswordIsAskedOncePerSession() {
        StoredAccount account = store().create(PASSWORD);
        AccountStore session = store();
        AtomicInteger asked = new AtomicInteger();
        AccountStore.PasswordPrompt prompt = address -> {
            asked.incrementAndGet();
            assertThat(address).isEqualTo(account.address());
            return PASSWORD.clone();
        };

        Credentials first = session.unlock(account.address(), prompt);
        Credentials second = session.unlock(account.address().toLowerCase(), prompt);
        assertThat(second).isSameAs(first);
        assertThat(asked).hasValue(1);
        assertThat(store().unlocked(account.address())).isEmpty();

        session.lockAll();
        session.unlock(account.address(), prompt);
        assertThat(asked).hasValue(2);
    }

    @Test
    void keysAndPasswordsAppearInNoLogMessageExceptionOrToString() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Level level = root.getLevel();
        root.setLevel(Level.TRACE);
        List<String> texts = new ArrayList<>();
        String password = new String(PASSWORD);
        try {
            AccountStore store = store();
            StoredAccount imported = store.importPrivateKey(DEV0_KEY, PASSWORD);
            StoredAccount created = store.create(PASSWORD);
            Credentials unlocked = store().unlock(created.address(), PASSWORD);
            String createdKey = Numeric.toHexStringNoPrefixZeroPadded(unlocked.getEcKeyPair().getPrivateKey(), 64);
            texts.addAll(List.of(store.toString(), imported.toString(), created.toString(), unlocked.toString(),
                    store.list().toString(), store.unlocked(DEV0).toString()));
            for (Runnable failing : List.<Runnable>of(
                    () -> store().unlock(DEV0, (password + "x").toCharArray()),
                    () -> store().importPrivateKey(DEV0_KEY, PASSWORD),
                    () -> store().importPrivateKey(DEV0_KEY.substring(1), PASSWORD),
                    () -> store().importPrivateKey("0x" + DEV0_KEY + "zz", PASSWORD),
                    () -> store().export(DEV0, imported.file()))) {
                try {
                    failing.run();
                    texts.add("did not fail");
                } catch (RuntimeException e) {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        texts.add(t.toString());
                    }
                }
            }
            logs.list.forEach(event -> texts.add(event.getFormattedMessage()));
            assertThat(logs.list).isNotEmpty();
            assertThat(texts).doesNotContain("did not fail");
            for (String text : texts) {
                assertThat(text.toLowerCase())
                        .doesNotContain(DEV0_KEY.toLowerCase())
                        .doesNotContain(DEV0_KEY.substring(1, 30).toLowerCase())
                        .doesNotContain(createdKey.toLowerCase())
                        .doesNotContain(password.toLowerCase());
            }
            for (Path file : Files.list(store.directory()).toList()) {
                assertThat(Files.readString(file)).doesNotContain(DEV0_KEY).doesNotContain(createdKey).doesNotContain(password);
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(level);
        }
    }
}
