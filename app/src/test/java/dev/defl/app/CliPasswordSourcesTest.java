package dev.defl.app;

import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 F3: every password source ({@code --password-file}, {@code --password-env}, the console) on every command
 * that unlocks a keystore through {@link NetworkOption} ({@code node}, {@code task create}, {@code task add}); the
 * {@code account} commands are covered by {@link AccountCommandTest}. {@code --password-env} used to fail with
 * "NetworkOption cannot be cast to DeflCommand". Real anvil; each command is stopped by an error that comes only after
 * the key was unlocked (an unknown task or contract), or succeeds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliPasswordSourcesTest {
    private static final String PASSWORD = "sources-test";
    private static final String VARIABLE = "DEFL_TEST_KEY_PASSWORD";

    @TempDir
    static Path dir;
    static AnvilProcess anvil;
    static Path passwordFile;
    static Path key;

    @BeforeAll
    static void startChain() throws Exception {
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        passwordFile = Files.writeString(dir.resolve("password"), PASSWORD);
        key = keystore(DevAccounts.account(0));
    }

    @AfterAll
    static void stopChain() {
        if (anvil != null) anvil.close();
    }

    private static Path keystore(Credentials account) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path file = keys.resolve(account.getAddress().toLowerCase(Locale.ROOT) + ".json");
        Files.move(keys.resolve(WalletUtils.generateWalletFile(PASSWORD, account.getEcKeyPair(), keys.toFile(), false)), file);
        return file;
    }

    /** The command line of {@code command} unlocking {@link #key}, up to the password source. */
    private static List<String> command(String command, String dataDir) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--chain", anvil.rpcUrl(), "--keystore", key.toString(), "--data-dir",
                dir.resolve(dataDir).toString()));
        switch (command) {
            case "node" -> args.addAll(List.of("--role", "aggregator", "--task", "9",
                    "--contract", "0x00000000000000000000000000000000000000aa"));
            case "task create" -> args.addAll(List.of("--dataset", "digits", "--rounds", "1", "--clients-per-round", "1",
                    "--quorum", "1", "--client", DevAccounts.account(1).getAddress(),
                    "--aggregator", DevAccounts.account(2).getAddress()));
            case "task add" -> args.addAll(List.of("--contract", "0x00000000000000000000000000000000000000aa",
                    "--task", "9", "--client", DevAccounts.account(3).getAddress()));
            default -> throw new IllegalArgumentException(command);
        }
        return args;
    }

    private static CliOutcome run(List<String> args, Map<String, String> environment) {
        return CliOutcome.defl(environment, args.toArray(String[]::new));
    }

    /** What the command does once the key is unlocked: succeed (task create) or name the unknown task or contract. */
    private static void assertUnlocked(String command, CliOutcome out) {
        String name = command.split(" ")[0].equals("node") ? "node" : command;
        if (command.equals("task create")) {
            assertThat(out.exitCode()).as(out.stderr()).isZero();
            assertThat(out.lines()).contains("task=1");
        } else {
            assertThat(out.exitCode()).isEqualTo(1);
            assertThat(out.stderr()).startsWith(name + ": error: ").doesNotContain("password", "cannot be cast");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "task create", "task add"})
    void passwordFromAFile(String command) {
        List<String> args = command(command, "file-" + command.replace(' ', '-'));
        args.addAll(List.of("--password-file", passwordFile.toString()));
        assertUnlocked(command, run(args, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "task create", "task add"})
    void passwordFromTheEnvironment(String command) {
        List<String> args = command(command, "env-" + command.replace(' ', '-'));
        args.addAll(List.of("--password-env", VARIABLE));
        assertUnlocked(command, run(args, Map.of(VARIABLE, PASSWORD)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "task create", "task add"})
    void anUnsetVariableIsNamed(String command) {
        List<String> args = command(command, "unset-" + command.replace(' ', '-'));
        args.addAll(List.of("--password-env", VARIABLE));
        CliOutcome out = run(args, Map.of());
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).isEqualTo(command + ": error: environment variable " + VARIABLE
                + " (named by --password-env) is not set or empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "task create", "task add"})
    void aWrongPasswordFromTheEnvironmentNamesTheKeystore(String command) {
        List<String> args = command(command, "wrong-" + command.replace(' ', '-'));
        args.addAll(List.of("--password-env", VARIABLE));
        CliOutcome out = run(args, Map.of(VARIABLE, "not-it"));
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).startsWith(command + ": error: --keystore " + key + ": wrong password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "task create", "task add"})
    void withoutASourceOrAConsoleTheSourcesAreNamed(String command) {
        CliOutcome out = run(command(command, "console-" + command.replace(' ', '-')), Map.of());
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).isEqualTo(command + ": error: no console to ask for the password; "
                + "use --password-file FILE or --password-env VAR");
    }
}
