package dev.defl.app;

import com.sun.net.httpserver.HttpServer;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's first steps on a real anvil: a new keystore account is refused at once by {@code task create} and
 * {@code node} with the address to fund and the command that funds it; {@code account fund} and {@code chain serve
 * --fund} fund it on a dev chain, and {@code account fund} refuses any other chain; {@code --chain} and
 * {@code --rpc-url} are the same option in every command that takes an endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliOperatorTest {
    Path dir;
    AnvilProcess anvil;
    Path password;

    @BeforeAll
    void startChain(@TempDir Path dir) throws Exception {
        this.dir = dir;
        anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        password = Files.writeString(dir.resolve("password"), "operator-test");
    }

    @AfterAll
    void stopChain() {
        if (anvil != null) anvil.close();
    }

    /** A new account in {@code DIR/keystore} (light scrypt); returns {@code [address, keystore file]}. */
    private String[] newAccount(Path data) {
        CliOutcome out = defl("account", "new", "--light-kdf", "--data-dir", data.toString(), "--password-file", password.toString());
        assertThat(out.exitCode()).as(out.stderr()).isZero();
        return out.stdout().strip().split(" ", 3);
    }

    private BigInteger balance(String address) {
        try (ChainConnection chain = ChainConnection.connect(anvil.rpcUrl())) {
            return chain.balance(address);
        }
    }

    @Test
    void anUnfundedCreatorOrNodeIsNamedAtOnceAndAccountFundFundsItOnADevChain() {
        Path data = dir.resolve("creator");
        String[] account = newAccount(data);
        String address = account[0].toLowerCase(java.util.Locale.ROOT); // as the key's credentials name it
        String fix = "defl account fund " + address + " --chain " + anvil.rpcUrl();
        CliOutcome create = defl("task", "create", "--chain", anvil.rpcUrl(), "--keystore", account[2],
                "--password-file", password.toString(), "--data-dir", data.toString(), "--dataset", "digits",
                "--clients-per-round", "1", "--quorum", "1");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.stderr().strip()).startsWith("task create: error: account " + address + " has 0 ETH on chain 31337")
                .contains("the task creator needs at least ", fix).hasLineCount(1);
        assertThat(create.stdout()).isEmpty();

        CliOutcome node = defl("node", "--role", "client", "--rpc-url", anvil.rpcUrl(), "--contract", "0x" + "12".repeat(20),
                "--task", "1", "--keystore", account[2], "--password-file", password.toString(),
                "--data-dir", dir.resolve("client").toString(), "--dataset", "digits");
        assertThat(node.exitCode()).isEqualTo(1);
        assertThat(node.stderr().strip()).startsWith("node: error: account " + address + " has 0 ETH")
                .contains("a client needs at least", fix).hasLineCount(1);

        CliOutcome fund = defl("account", "fund", address, "--chain", anvil.rpcUrl());
        assertThat(fund.exitCode()).as(fund.stderr()).isZero();
        assertThat(fund.stdout().strip()).isEqualTo(address + " 100 ETH");
        assertThat(balance(address)).isEqualTo(BigInteger.TEN.pow(20));
        CliOutcome less = defl("account", "fund", address, "--rpc-url", anvil.rpcUrl(), "--amount", "2.5");
        assertThat(less.stdout().strip()).as("a richer account is left as it is").isEqualTo(address + " 100 ETH");
        String other = newAccount(dir.resolve("other"))[0];
        CliOutcome some = defl("account", "fund", other, "--rpc-url", anvil.rpcUrl(), "--amount", "2.5");
        assertThat(some.stdout().strip()).isEqualTo(other + " 2.5 ETH");

        CliOutcome created = defl("task", "create", "--chain", anvil.rpcUrl(), "--keystore", account[2],
                "--password-file", password.toString(), "--data-dir", data.toString(), "--dataset", "digits",
                "--rounds", "1", "--clients-per-round", "1", "--quorum", "1");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.lines()).contains("task=1");

        CliOutcome bad = defl("account", "fund", "0x12", "--chain", anvil.rpcUrl());
        assertThat(bad.stderr().strip()).isEqualTo("account fund: error: ADDRESS: not an Ethereum address (0x + 40 hex digits): 0x12");
    }

    @Test
    void accountFundRefusesAChainThatIsNotADevChain() throws Exception {
        // A fake JSON-RPC endpoint: no production client (geth, besu) can be started here, and only its
        // web3_clientVersion matters. It answers like geth and records every method it is asked.
        List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = body.replaceAll(".*\"method\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            methods.add(method);
            String id = body.replaceAll(".*\"id\"\\s*:\\s*(\\d+).*", "$1");
            String result = switch (method) {
                case "eth_chainId" -> "\"0x1\"";
                case "web3_clientVersion" -> "\"Geth/v1.14.0-stable/linux-amd64/go1.22\"";
                default -> "\"0x0\"";
            };
            byte[] answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            CliOutcome out = defl("account", "fund", DevAccounts.account(3).getAddress(), "--chain", url);
            assertThat(out.exitCode()).isEqualTo(1);
            assertThat(out.stderr().strip()).startsWith("account fund: error: the chain at " + url
                    + " (chain id 1, client Geth/v1.14.0").contains("is not a development chain").hasLineCount(1);
            assertThat(methods).doesNotContain("anvil_setBalance", "hardhat_setBalance");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void chainServeFundsTheAccountsOfADataDirectoryAndAKeystoreFile() throws Exception {
        Path data = dir.resolve("serve-peers");
        String first = newAccount(data)[0].toLowerCase(java.util.Locale.ROOT);
        String second = newAccount(data)[0].toLowerCase(java.util.Locale.ROOT);
        String[] third = newAccount(dir.resolve("serve-single"));
        List<String> command = new ArrayList<>(SelfLauncher.command(List.of("chain", "serve", "--port", "0", "--block-time", "0",
                "--state", dir.resolve("serve/state.json").toString(), "--fund", data.toString(), "--fund", third[2])));
        Process serve = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> funded = new ArrayList<>();
            String rpc = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("funded=")) funded.add(line.substring(7).toLowerCase(java.util.Locale.ROOT));
                if (line.startsWith("rpc=")) {
                    rpc = line.substring(4);
                    break;
                }
            }
            assertThat(rpc).as("chain serve printed rpc=").isNotNull();
            assertThat(funded).containsExactly(first, second, third[0].toLowerCase(java.util.Locale.ROOT));
            try (ChainConnection chain = ChainConnection.connect(rpc)) {
                for (String a : funded) assertThat(chain.balance(a)).isEqualTo(BigInteger.TEN.pow(20));
            }
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        CliOutcome bad = defl("chain", "serve", "--state", dir.resolve("x.json").toString(), "--fund", dir.resolve("nothing").toString());
        assertThat(bad.stderr().strip()).isEqualTo("chain serve: error: --fund " + dir.resolve("nothing")
                + ": not an 0x-address, keystore file or data directory");
    }

    @Test
    void chainAndRpcUrlNameTheSameOptionEverywhere() {
        for (String option : new String[]{"--chain", "--rpc-url"}) {
            CliOutcome status = defl("chain", "status", option, anvil.rpcUrl());
            assertThat(status.exitCode()).as(option + ": " + status.stderr()).isZero();
            assertThat(status.lines()).contains("rpc " + anvil.rpcUrl(), "chain id 31337");
            CliOutcome verify = defl("verify", "--task", "9", "--contract", "0x" + "12".repeat(20), option, anvil.rpcUrl(),
                    "--data-dir", dir.resolve("auditor").toString());
            assertThat(verify.stderr()).as(option).startsWith("verify: error: ").doesNotContain("Unknown option");
            CliOutcome node = defl("node", "--role", "aggregator", option, anvil.rpcUrl(), "--contract", "0x" + "12".repeat(20),
                    "--task", "1", "--keystore", dir.resolve("missing.json").toString());
            assertThat(node.stderr().strip()).as(option).isEqualTo("node: error: --keystore " + dir.resolve("missing.json")
                    + ": no such file");
        }
        for (String[] help : new String[][]{{"chain", "status"}, {"chain", "events"}, {"node"}, {"task", "create"}, {"verify"},
                {"run"}, {"account", "fund"}, {}}) {
            List<String> args = new ArrayList<>(List.of(help));
            args.add("--help");
            assertThat(defl(args.toArray(String[]::new)).stdout().replaceAll("\\s+", " ")).as(String.join(" ", help))
                    .contains("--chain, --rpc-url=URL", "--chain and --rpc-url are the same option");
        }
    }
}
