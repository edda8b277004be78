package dev.defl.app;

import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl task create} and {@code defl node} on a real anvil (no IPFS node: the creator and the node share nothing
 * but the chain, so the node here is an aggregator started on the creator's data directory copy of the content):
 * a node process stops cleanly on SIGTERM; bad input (unknown task, wrong password, bad role) is one line and exit 1.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NodeCommandTest {
    @TempDir
    static Path dir;
    static AnvilProcess anvil;
    static Path password;
    static String contract;

    @BeforeAll
    static void createATask() throws Exception {
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        password = Files.writeString(dir.resolve("password"), "node-test");
        CliOutcome created = defl("task", "create", "--chain", anvil.rpcUrl(), "--keystore", keystore(DevAccounts.account(0)).toString(),
                "--password-file", password.toString(), "--data-dir", dir.resolve("peer").toString(), "--dataset", "digits",
                "--rounds", "2", "--clients-per-round", "1", "--quorum", "1",
                "--client", DevAccounts.account(1).getAddress(), "--aggregator", DevAccounts.account(2).getAddress());
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        contract = created.lines().stream().filter(l -> l.startsWith("contract=")).findFirst().orElseThrow().substring(9);
        assertThat(created.lines()).contains("task=1", "chain=31337");
    }

    @AfterAll
    static void stopChain() {
        if (anvil != null) anvil.close();
    }

    static Path keystore(Credentials account) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path file = keys.resolve(account.getAddress().toLowerCase(Locale.ROOT) + ".json");
        if (!Files.exists(file)) {
            Files.move(keys.resolve(WalletUtils.generateWalletFile("node-test", account.getEcKeyPair(), keys.toFile(), false)), file);
        }
        return file;
    }

    private static List<String> node(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("node", "--chain", anvil.rpcUrl(), "--contract", contract,
                "--password-file", password.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void aNodeStopsCleanlyOnSigterm() throws Exception {
        // the creator's data directory holds the task's spec and initial model, so the aggregator needs no IPFS node
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(node("--role", "aggregator", "--task", "1", "--keystore", keystore(DevAccounts.account(2)).toString(),
                "--data-dir", dir.resolve("peer").toString()));
        Path log = dir.resolve("aggregator.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("waiting for the submissions")) {
                assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("node did not start: " + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(text).contains("joined task 1", "caught up on blocks ",
                    "node aggregator " + DevAccounts.account(2).getAddress() + ": stopped");
            assertThat(process.exitValue()).as("terminated by SIGTERM after a clean stop").isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void anUnknownTaskIsOneLineAndExitOne() throws Exception {
        CliOutcome out = defl(node("--role", "client", "--task", "7", "--keystore", keystore(DevAccounts.account(1)).toString(),
                "--data-dir", dir.resolve("client").toString()).toArray(String[]::new));
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).isEqualTo("node: error: task 7 does not exist on contract " + contract + " (it has 1 task)");
    }

    @Test
    void aWrongPasswordNamesTheKeystore() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-it");
        Path key = keystore(DevAccounts.account(1));
        CliOutcome out = defl("node", "--chain", anvil.rpcUrl(), "--contract", contract, "--password-file", wrong.toString(),
                "--role", "client", "--task", "1", "--keystore", key.toString(), "--data-dir", dir.resolve("client2").toString());
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).startsWith("node: error: --keystore " + key + ": wrong password");
    }

    @Test
    void aRoleOtherThanClientOrAggregatorIsRefused() throws Exception {
        CliOutcome out = defl(node("--role", "miner", "--task", "1", "--keystore", keystore(DevAccounts.account(1)).toString())
                .toArray(String[]::new));
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr().strip()).isEqualTo("node: error: --role must be client or aggregator, not 'miner'");
    }
}
