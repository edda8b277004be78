package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is one round protocol: the same task parameters run in one process by {@code defl run} (the lockstep driver
 * over the client and aggregator roles) and by separate {@code defl node} JVMs on anvil and a js-ipfs daemon finalize
 * byte-identical global model CIDs in every round. Digits (bundled), 2NN, 3 clients with IID shards {@code K/3} of the
 * same seeded split, 2 aggregators with a quorum of 2, 2 rounds, E = 1, B = 32, seed 5.
 *
 * <p>The network's submission order is made to differ from the registration order: in round 1 the clients are started
 * one at a time in reverse (client 2, then 1, then 0, each after the previous one's update is on chain). The aggregate
 * is computed in canonical (registration) order, so the CIDs still agree with the one-process run, whose clients submit
 * in registration order. Real parts only: real anvil, real IPFS daemon, real DJL training in every JVM.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class OneProtocolTest {
    private static final String PASSWORD = "one-protocol";
    private static final int CLIENTS = 3;
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;


    @Test
    void oneProcessRunAndSeparateNodesFinalizeTheSameGlobalModelCids() throws Exception {
        // One process: defl run.
        Path report = dir.resolve("run.json");
        CliOutcome run = defl("run", "--dataset", "digits", "--model", "mlp", "--clients", Integer.toString(CLIENTS),
                "--aggregators", "2", "--rounds", Integer.toString(ROUNDS), "--local-epochs", "1", "--batch-size", "32",
                "--seed", "5", "--data-dir", dir.resolve("one-process").toString(), "--report", report.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> oneProcess = new ArrayList<>();
        JsonNode rounds = new ObjectMapper().readTree(report.toFile()).get("rounds");
        for (JsonNode r : rounds) oneProcess.add(r.get("globalModelCid").asText());
        assertThat(oneProcess).hasSize(ROUNDS);

        // Separate processes: defl task create, then one defl node JVM per client and aggregator.
        Path password = Files.writeString(dir.resolve("password"), PASSWORD);
        NodeProcesses nodes = new NodeProcesses(dir, PASSWORD);
        try (AnvilProcess anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0, 0);
             JsIpfsDaemon ipfs = JsIpfsDaemon.start(dir.resolve("ipfs"));
             ChainConnection chain = ChainConnection.connect(ChainSettings.of(anvil.rpcUrl()))) {
            String endpoint = "kubo:" + ipfs.apiUrl();
            List<Credentials> clients = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3));
            List<Credentials> aggregators = List.of(DevAccounts.account(4), DevAccounts.account(5));
            CliOutcome created = defl("task", "create", "--chain", anvil.rpcUrl(), "--ipfs", endpoint,
                    "--keystore", nodes.keystore(DevAccounts.account(0)).toString(), "--password-file", password.toString(),
                    "--data-dir", dir.resolve("creator").toString(), "--dataset", "digits", "--model", "mlp",
                    "--rounds", Integer.toString(ROUNDS), "--clients-per-round", Integer.toString(CLIENTS),
                    "--quorum", "2", "--submission-blocks", "100000", "--voting-blocks", "100000", "--seed", "5",
                    "--local-epochs", "1", "--batch-size", "32",
                    "--client", clients.stream().map(Credentials::getAddress).collect(Collectors.joining(",")),
                    "--aggregator", aggregators.stream().map(Credentials::getAddress).collect(Collectors.joining(",")));
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            Map<String, String> out = NodeProcesses.keyValues(created.stdout());
            TaskContract contract = TaskContract.at(chain, out.get("contract"));
            long taskId = Long.parseLong(out.get("task"));
            String[] common = {"--chain", anvil.rpcUrl(), "--contract", contract.address(), "--task",
                    Long.toString(taskId), "--password-file", password.toString(), "--poll-ms", "200", "--ipfs", endpoint};
            try {
                for (int j = 0; j < aggregators.size(); j++) {
                    nodes.start("aggregator-" + j, common, List.of("--role", "aggregator", "--keystore",
                            nodes.keystore(aggregators.get(j)).toString(), "--data-dir", dir.resolve("aggregator-" + j).toString()));
                }
                for (int i = CLIENTS - 1; i >= 0; i--) { // reverse registration order
                    nodes.start("client-" + i, common, List.of("--role", "client", "--keystore", nodes.keystore(clients.get(i)).toString(),
                            "--data-dir", dir.resolve("client-" + i).toString(), "--dataset", "digits",
                            "--shard", i + "/" + CLIENTS));
                    String address = clients.get(i).getAddress();
                    nodes.waitFor("client " + i + "'s round-1 update on chain", Duration.ofMinutes(3),
                            () -> contract.participant(taskId, address).lastSubmittedRound() >= 1);
                }
                nodes.waitFor("the task to complete", Duration.ofMinutes(4),
                        () -> contract.task(taskId).status() == TaskInfo.Status.COMPLETED);
            } finally {
                nodes.stopAll();
            }

            List<String> submitted = contract.events(0, chain.blockNumber()).stream()
                    .filter(e -> e instanceof TaskEvent.UpdateSubmitted u && u.round() == 1)
                    .map(e -> ((TaskEvent.UpdateSubmitted) e).client().toLowerCase(Locale.ROOT)).toList();
            assertThat(submitted).as("round 1 was submitted in reverse registration order").containsExactly(
                    clients.get(2).getAddress(), clients.get(1).getAddress(), clients.get(0).getAddress());
            List<String> network = new ArrayList<>();
            for (int r = 1; r <= ROUNDS; r++) network.add(contract.globalModel(taskId, r).map(Cid::toString).orElseThrow());
            System.out.println("one protocol: defl run " + oneProcess + ", defl node processes " + network);
            assertThat(network).containsExactlyElementsOf(oneProcess);
        }
    }
}
