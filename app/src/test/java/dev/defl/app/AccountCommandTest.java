package dev.defl.app;

import dev.defl.engine.ledger.AccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Wallet;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.crypto.Credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl account ...} against real keystore files (light scrypt cost via --light-kdf, except one). */
class AccountCommandTest {

    /** Hardhat/anvil dev account 0: public knowledge. */
    private static final String DEV0_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String DEV0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String PASSWORD = "s3cret-for-tests";

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Path passwordFile() throws Exception {
        Path file = dir.resolve("password.txt");
        if (!Files.exists(file)) Files.writeString(file, PASSWORD + "\n");
        return file;
    }

    private Path keyFile() throws Exception {
        Path file = dir.resolve("key.hex");
        Files.writeString(file, "0x" + DEV0_KEY + "\n");
        return file;
    }

    @Test
    void newCreatesAnAccountThatListShowsAndThePasswordFileUnlocks() throws Exception {
        CliOutcome created = defl("account", "new", "--light-kdf", "--data-dir", data().toString(),
                "--password-file", passwordFile().toString());
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String[] fields = created.stdout().strip().split(" ");
        assertThat(fields).hasSize(3);
        assertThat(fields[0]).matches("0x[0-9a-fA-F]{40}");
        assertThat(Path.of(fields[2])).isRegularFile().hasParent(data().resolve("keystore").toAbsolutePath());

        CliOutcome listed = defl("account", "list", "--data-dir", data().toString());
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.stdout()).isEqualTo(created.stdout());
        Credentials unlocked = AccountStore.open(data()).unlock(fields[0], PASSWORD.toCharArray());
        assertThat(unlocked.getAddress()).isEqualToIgnoringCase(fields[0]);
    }

    @Test
    void importTakesAHexKeyFileWithThePasswordFromTheEnvironmentAtStandardCost() throws Exception {
        CliOutcome o = defl(Map.of("DEFL_TEST_PASSWORD", PASSWORD), "account", "import", keyFile().toString(),
                "--data-dir", data().toString(), "--password-env", "DEFL_TEST_PASSWORD");

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).startsWith(DEV0 + " ").doesNotContain(DEV0_KEY);
        assertThat(Files.readString(Path.of(o.stdout().strip().split(" ")[2]))).contains("\"n\":262144");
        assertThat(AccountStore.open(data()).unlock(DEV0, PASSWORD.toCharArray()).getAddress()).isEqualToIgnoringCase(DEV0);
    }

    @Test
    void importTakesAKeystoreFileAndChecksItsPassword() throws Exception {
        Path keystore = dir.resolve("dev0.json");
        Files.writeString(keystore, new ObjectMapper().writeValueAsString(
                Wallet.createLight(PASSWORD, Credentials.create(DEV0_KEY).getEcKeyPair())));
        Path wrong = dir.resolve("wrong.txt");
        Files.writeString(wrong, "not-it\n");

        CliOutcome refused = defl("account", "import", keystore.toString(), "--data-dir", data().toString(),
                "--password-file", wrong.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr().strip()).isEqualTo("account import: error: wrong password for account " + DEV0
                + " (" + keystore + ")");

        CliOutcome o = defl("account", "import", keystore.toString(), "--data-dir", data().toString(),
                "--password-file", passwordFile().toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).startsWith(DEV0 + " ");
    }

    @Test
    void exportCopiesTheKeystoreFileAndRefusesToOverwrite() throws Exception {
        defl("account", "import", keyFile().toString(), "--light-kdf", "--data-dir", data().toString(),
                "--password-file", passwordFile().toString());
        Path target = dir.resolve("exported.json");

        CliOutcome o = defl("account", "export", DEV0, target.toString(), "--data-dir", data().toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout().strip()).isEqualTo(target.toString());
        assertThat(Files.readString(target)).contains("\"address\":\"" + DEV0.substring(2).toLowerCase() + "\"");

        CliOutcome again = defl("account", "export", DEV0, target.toString(), "--data-dir", data().toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr().strip()).isEqualTo("account export: error: will not overwrite " + target
                + " (exporting account " + DEV0 + ")");
    }

    @Test
    void badInputGivesOneLineAndExitOne() throws Exception {
        Path notAKey = dir.resolve("not-a-key.txt");
        Files.writeString(notAKey, "hello\n");
        CliOutcome badKey = defl("account", "import", notAKey.toString(), "--light-kdf", "--data-dir", data().toString(),
                "--password-file", passwordFile().toString());
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.stderr().strip()).isEqualTo("account import: error: " + notAKey
                + ": not a private key: expected 64 hex digits (32 bytes), got 5 characters including non-hex ones");

        CliOutcome duplicate;
        defl("account", "import", keyFile().toString(), "--light-kdf", "--data-dir", data().toString(),
                "--password-file", passwordFile().toString());
        duplicate = defl("account", "import", keyFile().toString(), "--light-kdf", "--data-dir", data().toString(),
                "--password-file", passwordFile().toString());
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.stderr().strip()).startsWith("account import: error: ").contains("is already in the keystore")
                .doesNotContain("\n");

        CliOutcome unknown = defl("account", "export", "0x" + "1".repeat(40), dir.toString(), "--data-dir", data().toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr().strip()).isEqualTo("account export: error: no account 0x" + "1".repeat(40)
                + " in keystore " + data().resolve("keystore").toAbsolutePath());

        CliOutcome missingFile = defl("account", "new", "--data-dir", data().toString(),
                "--password-file", dir.resolve("nope").toString());
        assertThat(missingFile.exitCode()).isEqualTo(1);
        assertThat(missingFile.stderr().strip()).isEqualTo("account new: error: --password-file: no such file: "
                + dir.resolve("nope"));

        CliOutcome unsetVariable = defl(Map.of(), "account", "new", "--data-dir", data().toString(),
                "--password-env", "DEFL_NO_SUCH_VARIABLE");
        assertThat(unsetVariable.exitCode()).isEqualTo(1);
        assertThat(unsetVariable.stderr()).contains("DEFL_NO_SUCH_VARIABLE").contains("not set");

        CliOutcome noConsole = defl("account", "new", "--data-dir", data().toString());
        assertThat(noConsole.exitCode()).isEqualTo(1);
        assertThat(noConsole.stderr().strip()).isEqualTo("account new: error: no console to ask for the password; "
                + "use --password-file FILE or --password-env VAR");
    }

    @Test
    void passwordOnTheCommandLineOrTwoSourcesAreUsageErrors() throws Exception {
        CliOutcome argv = defl("account", "new", "--password", PASSWORD, "--data-dir", data().toString());
        assertThat(argv.exitCode()).isEqualTo(2);
        assertThat(argv.stderr()).contains("--password");

        CliOutcome both = defl("account", "new", "--password-file", passwordFile().toString(),
                "--password-env", "X", "--data-dir", data().toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).contains("mutually exclusive");
        assertThat(data().resolve("keystore")).doesNotExist();
    }
}
