package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.envelope.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's network, with real parts only: anvil mining a block a second, two js-ipfs daemons on 127.0.0.1 connected to
 * each other, and every peer a separate {@code defl node} JVM with its own data directory and encrypted keystore: four
 * clients and three aggregators, one of them dishonest ({@code --dishonest}) and one started only after the dishonest
 * proposal of round 1 is on chain, on Fashion-MNIST (500 rows per client, 2NN, E = 1): three rounds of five clients
 * per round, four of which suffice once the submission deadline passed. The deadlines are long ({@value
 * #SUBMISSION_BLOCKS} and {@value #VOTING_BLOCKS} blocks at a block a second), so no peer misses one however slow the
 * machine; once a round's four updates are on chain the test mines past its submission deadline at once
 * ({@code anvil_mine}) instead of waiting it out, so its time is the peers' work, not the chain's clock. In round 2 one
 * client is killed with SIGKILL right after its update reaches the chain and restarted on its data directory (the
 * deadline is passed only once the restarted client has seen its update on chain, so a re-submission would still be
 * accepted by the round, and show); in round 3 a fifth client starts for the first time (offline rejoin from the
 * block that created the task), and the five updates close the round without a deadline.
 *
 * <p>Checks: every round finalized with the honest aggregate (never the dishonest one), no client submitted twice in a
 * round, the late client's update is in round 3, every process exits 0 when the task completes, and
 * {@code defl verify --ipfs} recomputes every round OK from the chain and IPFS alone. Prints the rounds' wall times and
 * phases (for the closing note). Bounded: 12 minutes; every process is stopped in all cases.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class PeerNetworkIntegrationTest {
    /** Long enough for any machine: the test passes it with {@code anvil_mine} once a round's updates are in. */
    private static final int SUBMISSION_BLOCKS = 600;
    private static final int VOTING_BLOCKS = 600;
    private static final int MIN_UPDATES = 4;
    private static final String PASSWORD = "network-test";

    @TempDir
    Path dir;

    private NodeProcesses nodes;
    /** {@link System#nanoTime()} when the task was created, for the progress lines. */
    private long started;

    @Test
    void fourClientsAndThreeAggregatorsOneDishonestFinalizeThreeHonestRoundsThroughACrashAndALateJoiner() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), PASSWORD);
        nodes = new NodeProcesses(dir, PASSWORD);
        try (AnvilProcess anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0, 1);
             JsIpfsDaemon ipfsA = JsIpfsDaemon.start(dir.resolve("ipfs-a"));
             JsIpfsDaemon ipfsB = JsIpfsDaemon.start(dir.resolve("ipfs-b"));
             ChainConnection chain = ChainConnection.connect(ChainSettings.of(anvil.rpcUrl()))) {
            try (KuboRpcClient b = ipfsB.client(Duration.ofSeconds(10))) {
                b.swarmConnect(ipfsA.swarmAddress());
            }
            String a = "kubo:" + ipfsA.apiUrl();
            String bUrl = "kubo:" + ipfsB.apiUrl();
            Credentials creator = DevAccounts.account(0);
            List<Credentials> clients = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3),
                    DevAccounts.account(4), DevAccounts.account(5));
            List<Credentials> aggregators = List.of(DevAccounts.account(6), DevAccounts.account(7), DevAccounts.account(8));

            long t0 = System.nanoTime();
            started = t0;
            CliOutcome created = defl("task", "create", "--chain", anvil.rpcUrl(), "--ipfs", a,
                    "--keystore", nodes.keystore(creator).toString(), "--password-file", password.toString(),
                    "--data-dir", dir.resolve("creator").toString(), "--dataset", "fashion-mnist", "--model", "mlp",
                    "--rounds", "3", "--clients-per-round", "5", "--min-updates", Integer.toString(MIN_UPDATES),
                    "--quorum", "2", "--submission-blocks", Integer.toString(SUBMISSION_BLOCKS),
                    "--voting-blocks", Integer.toString(VOTING_BLOCKS), "--seed", "11",
                    "--client", clients.stream().map(Credentials::getAddress).collect(Collectors.joining(",")),
                    "--aggregator", aggregators.stream().map(Credentials::getAddress).collect(Collectors.joining(",")));
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            Map<String, String> out = NodeProcesses.keyValues(created.stdout());
            String contractAddress = out.get("contract");
            long taskId = Long.parseLong(out.get("task"));
            System.out.printf(Locale.ROOT, "network: task %d created on %s in %.1f s%n", taskId, contractAddress,
                    (System.nanoTime() - t0) / 1e9);
            TaskContract contract = TaskContract.at(chain, contractAddress);

            try {
                String[] common = {"--chain", anvil.rpcUrl(), "--contract", contractAddress, "--task", Long.toString(taskId),
                        "--password-file", password.toString(), "--poll-ms", "300"};
                // Aggregator 1 (honest) starts only once the dishonest aggregator 2 has proposed in round 1: until
                // then the quorum of 2 cannot be reached by the honest aggregator 0 alone, so the wrong proposal is
                // on chain for certain, and the late aggregator rebuilds its state from the chain (offline rejoin).
                nodes.start("aggregator-0", common, aggregatorArgs(0, aggregators.get(0), a + "," + bUrl, false));
                nodes.start("aggregator-2", common, aggregatorArgs(2, aggregators.get(2), a + "," + bUrl, true));
                for (int i = 0; i < 4; i++) nodes.start("client-" + i, common, clientArgs(i, clients.get(i), i < 2 ? a : bUrl));
                String dishonest = aggregators.get(2).getAddress();
                passSubmissionDeadline(anvil, chain, contract, taskId, 1);
                nodes.waitFor("the dishonest proposal in round 1", Duration.ofMinutes(4), () -> contract.events(0, chain.blockNumber())
                        .stream().anyMatch(e -> e instanceof TaskEvent.AggregateProposed p && p.round() == 1
                                && p.aggregator().equalsIgnoreCase(dishonest)));
                assertThat(contract.round(taskId, 1).state()).isEqualTo(RoundInfo.State.VOTING);
                nodes.start("aggregator-1", common, aggregatorArgs(1, aggregators.get(1), bUrl + "," + a, false));

                // Round 2: SIGKILL client 0 as soon as its update is on chain, then restart it on its data directory.
                String victim = clients.get(0).getAddress();
                nodes.waitFor("client 0's round-2 update on chain", Duration.ofMinutes(4),
                        () -> contract.participant(taskId, victim).lastSubmittedRound() >= 2);
                NodeProcesses.Peer killed = nodes.kill("client-0");
                System.out.println("network: client 0 killed with SIGKILL in round " + contract.task(taskId).currentRound());
                nodes.start("client-0-restarted", common, clientArgs(0, clients.get(0), a));
                // The node's status line once it found its round-2 update on chain (ClientNode); had it trained
                // again instead, its re-submission would reach the still open round and show as AlreadySubmitted.
                nodes.waitFor("the restarted client 0 to find its round-2 update on chain", Duration.ofMinutes(4),
                        () -> nodes.peer("client-0-restarted").logText().contains("round 2: update on chain"));
                passSubmissionDeadline(anvil, chain, contract, taskId, 2);

                // Round 3: a client that was never online joins.
                nodes.waitFor("round 3 to open", Duration.ofMinutes(4), () -> contract.task(taskId).currentRound() >= 3);
                nodes.start("client-4-late", common, clientArgs(4, clients.get(4), bUrl));

                nodes.waitFor("the task to complete", Duration.ofMinutes(4),
                        () -> contract.task(taskId).status() == TaskInfo.Status.COMPLETED);
                for (NodeProcesses.Peer p : nodes.peers()) {
                    if (p == killed) continue;
                    assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).as(p.name() + " exits: " + p.logText()).isTrue();
                    assertThat(p.process().exitValue()).as(p.name() + ": " + p.logText()).isZero();
                    assertThat(p.logText()).as(p.name()).contains("task completed");
                }
            } catch (AssertionError | Exception e) {
                printLogTails(nodes.peers());
                throw e;
            } finally {
                nodes.stopAll();
            }

            // The chain's record: every round finalized, with the honest aggregate; no duplicate submission.
            List<TaskEvent> events = contract.events(0, chain.blockNumber());
            printRoundTimes(chain, events);
            for (NodeProcesses.Peer p : nodes.peers()) { // where the time went inside the peers: training, aggregation
                p.logText().lines().filter(l -> l.contains("trained in") || l.contains("aggregated") || l.contains("caught up"))
                        .forEach(l -> System.out.println("network: " + p.name() + ": " + l));
            }
            Map<Long, List<String>> submitters = new HashMap<>();
            Map<Long, String> dishonestProposal = new HashMap<>();
            Map<Long, String> finalized = new LinkedHashMap<>();
            for (TaskEvent e : events) {
                if (e instanceof TaskEvent.UpdateSubmitted u) submitters.computeIfAbsent(u.round(), k -> new ArrayList<>()).add(u.client());
                if (e instanceof TaskEvent.AggregateProposed p && p.aggregator().equalsIgnoreCase(aggregators.get(2).getAddress())) {
                    dishonestProposal.put(p.round(), p.cid().toString());
                }
                if (e instanceof TaskEvent.RoundFinalized f) finalized.put(f.round(), f.cid().toString());
            }
            assertThat(finalized).containsOnlyKeys(1L, 2L, 3L);
            for (long r = 1; r <= 3; r++) {
                assertThat(contract.round(taskId, r).state()).isEqualTo(RoundInfo.State.FINALIZED);
                List<String> who = submitters.get(r);
                assertThat(who).as("round " + r + " submitters").doesNotHaveDuplicates();
                if (dishonestProposal.containsKey(r)) assertThat(finalized.get(r)).isNotEqualTo(dishonestProposal.get(r));
            }
            assertThat(dishonestProposal).as("the dishonest aggregator's proposals").containsKey(1L);
            assertThat(submitters.get(2L)).anyMatch(s -> s.equalsIgnoreCase(clients.get(0).getAddress()));
            assertThat(submitters.get(3L)).anyMatch(s -> s.equalsIgnoreCase(clients.get(4).getAddress()))
                    .hasSize(5);
            assertThat(nodes.peer("client-0-restarted").logText()).doesNotContain("AlreadySubmitted");
            assertThat(nodes.peer("client-4-late").logText()).containsPattern("caught up on blocks \\d+\\.\\.\\d+: \\d+ events of task 1; finalized rounds 1 → bafy\\w+, 2 → bafy");
            assertThat(nodes.peers().stream().filter(p -> p.name().startsWith("aggregator")).map(NodeProcesses.Peer::logText))
                    .anyMatch(l -> l.contains("pubsub CID:"));

            // The auditor: every round recomputes from the chain and IPFS alone.
            CliOutcome verify = defl("verify", "--task", Long.toString(taskId), "--contract", contractAddress,
                    "--rpc-url", anvil.rpcUrl(), "--ipfs", bUrl, "--data-dir", dir.resolve("auditor").toString());
            assertThat(verify.exitCode()).as(verify.stderr()).isZero();
            assertThat(verify.lines()).containsExactly("round 1 OK " + finalized.get(1L), "round 2 OK " + finalized.get(2L),
                    "round 3 OK " + finalized.get(3L));

            privateTaskFinalizesWithBothAggregatorsAgreeing(anvil, chain, contract, contractAddress, password, a, bUrl,
                    clients.subList(0, 4), aggregators.subList(0, 2));
        }
    }

    /**
     * Issue 16's private task on the same chain, contract and IPFS network: created with {@code --private-updates},
     * four clients and two honest aggregators as separate {@code defl node} processes, two rounds of four updates
     * (each round closes when its four sealed updates are in). The aggregators publish their keys, the clients seal
     * for them, both back the same aggregate (one proposes it, the other proposes or votes for it) and every round
     * finalizes with it; every update on chain is an envelope whose recipients are exactly the two aggregators.
     */
    private void privateTaskFinalizesWithBothAggregatorsAgreeing(AnvilProcess anvil, ChainConnection chain,
            TaskContract contract, String contractAddress, Path password, String a, String bUrl, List<Credentials> clients,
            List<Credentials> aggregators) throws Exception {
        long t0 = System.nanoTime();
        CliOutcome created = defl("task", "create", "--chain", anvil.rpcUrl(), "--ipfs", a, "--contract", contractAddress,
                "--keystore", nodes.keystore(DevAccounts.account(0)).toString(), "--password-file", password.toString(),
                "--data-dir", dir.resolve("private-creator").toString(), "--dataset", "fashion-mnist", "--model", "mlp",
                "--rounds", "2", "--clients-per-round", "4", "--min-updates", "4", "--quorum", "2",
                "--submission-blocks", Integer.toString(SUBMISSION_BLOCKS), "--voting-blocks", Integer.toString(VOTING_BLOCKS),
                "--seed", "12", "--private-updates",
                "--client", clients.stream().map(Credentials::getAddress).collect(Collectors.joining(",")),
                "--aggregator", aggregators.stream().map(Credentials::getAddress).collect(Collectors.joining(",")));
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        long taskId = Long.parseLong(NodeProcesses.keyValues(created.stdout()).get("task"));
        assertThat(contract.task(taskId).params().privateUpdates()).isTrue();
        int firstPeer = nodes.peers().size();
        try {
            String[] common = {"--chain", anvil.rpcUrl(), "--contract", contractAddress, "--task", Long.toString(taskId),
                    "--password-file", password.toString(), "--poll-ms", "300"};
            for (int i = 0; i < aggregators.size(); i++) {
                nodes.start("private-aggregator-" + i, common, List.of("--role", "aggregator", "--ipfs",
                        i == 0 ? a + "," + bUrl : bUrl + "," + a, "--keystore", nodes.keystore(aggregators.get(i)).toString(),
                        "--data-dir", dir.resolve("private-aggregator-" + i).toString()));
            }
            for (int i = 0; i < clients.size(); i++) {
                nodes.start("private-client-" + i, common, List.of("--role", "client", "--ipfs", i < 2 ? a : bUrl,
                        "--keystore", nodes.keystore(clients.get(i)).toString(),
                        "--data-dir", dir.resolve("private-client-" + i).toString(), "--dataset", "fashion-mnist",
                        "--shard", i + "/4", "--samples", "500"));
            }
            nodes.waitFor("the private task to complete", Duration.ofMinutes(4),
                    () -> contract.task(taskId).status() == TaskInfo.Status.COMPLETED);
            for (NodeProcesses.Peer p : nodes.peers().subList(firstPeer, nodes.peers().size())) {
                assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).as(p.name() + " exits: " + p.logText()).isTrue();
                assertThat(p.process().exitValue()).as(p.name() + ": " + p.logText()).isZero();
                assertThat(p.logText()).as(p.name()).contains("task completed").doesNotContain("left out");
            }
        } catch (AssertionError | Exception e) {
            printLogTails(nodes.peers().subList(firstPeer, nodes.peers().size()));
            throw e;
        } finally {
            nodes.stopAll();
        }
        System.out.printf(Locale.ROOT, "network: private task %d: 2 rounds in %.1f s%n", taskId, (System.nanoTime() - t0) / 1e9);

        Set<String> committee = aggregators.stream().map(c -> c.getAddress().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Map<Long, Map<String, String>> backing = new HashMap<>();
        Map<Long, String> finalized = new HashMap<>();
        Set<String> published = new HashSet<>();
        List<Cid> updates = new ArrayList<>();
        for (TaskEvent e : contract.events(0, chain.blockNumber())) {
            switch (e) {
                case TaskEvent.AggregatorKeyPublished k when k.taskId() == taskId -> published.add(k.aggregator().toLowerCase(Locale.ROOT));
                // an aggregator backs a CID by proposing it or, when another proposed it first, by voting for it
                case TaskEvent.AggregateProposed p when p.taskId() == taskId ->
                        backing.computeIfAbsent(p.round(), r -> new HashMap<>()).put(p.aggregator().toLowerCase(Locale.ROOT), p.cid().toString());
                case TaskEvent.VoteCast v when v.taskId() == taskId ->
                        backing.computeIfAbsent(v.round(), r -> new HashMap<>()).put(v.voter().toLowerCase(Locale.ROOT), v.cid().toString());
                case TaskEvent.RoundFinalized f when f.taskId() == taskId -> finalized.put(f.round(), f.cid().toString());
                case TaskEvent.UpdateSubmitted u when u.taskId() == taskId -> updates.add(u.cid());
                default -> { }
            }
        }
        assertThat(published).as("aggregators that published their key").isEqualTo(committee);
        assertThat(finalized).containsOnlyKeys(1L, 2L);
        for (long r = 1; r <= 2; r++) {
            assertThat(backing.get(r)).as("round " + r + ": who proposed or voted").containsOnlyKeys(committee.toArray(String[]::new));
            assertThat(Set.copyOf(backing.get(r).values())).as("round " + r + ": both aggregators agree")
                    .containsExactly(finalized.get(r));
        }
        assertThat(updates).hasSize(8);
        try (KuboRpcClient ipfs = new KuboRpcClient(URI.create(bUrl.substring("kubo:".length())), Duration.ofSeconds(30))) {
            for (Cid cid : updates) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ipfs.cat(cid, bytes);
                Set<String> recipients = Envelope.recipients(bytes.toByteArray()).stream()
                        .map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
                assertThat(recipients).as("recipients of update " + cid).isEqualTo(committee);
            }
        }
    }

    /**
     * Waits until round {@code round} has its {@value #MIN_UPDATES} updates on chain, then mines the blocks left to
     * its submission deadline, so that the aggregators start at once.
     */
    private void passSubmissionDeadline(AnvilProcess anvil, ChainConnection chain, TaskContract contract, long taskId,
            long round) throws InterruptedException {
        nodes.waitFor("round " + round + "'s " + MIN_UPDATES + " updates on chain", Duration.ofMinutes(4),
                () -> contract.round(taskId, round).updateCount() >= MIN_UPDATES);
        RoundInfo info = contract.round(taskId, round);
        long blocks = info.submissionDeadline() - chain.blockNumber() + 1;
        assertThat(info.state()).as("round " + round + " still open for updates").isEqualTo(RoundInfo.State.OPEN);
        assertThat(blocks).as("blocks to round " + round + "'s deadline").isPositive();
        AnvilFixture.mine(anvil.rpcUrl(), blocks);
        System.out.printf(Locale.ROOT, "network: round %d: %d updates on chain at +%.1f s; mined %d blocks past its "
                + "deadline%n", round, info.updateCount(), (System.nanoTime() - started) / 1e9, blocks);
    }

    private List<String> aggregatorArgs(int index, Credentials account, String ipfs, boolean dishonest) throws Exception {
        List<String> args = new ArrayList<>(List.of("--role", "aggregator", "--ipfs", ipfs,
                "--keystore", nodes.keystore(account).toString(), "--data-dir", dir.resolve("aggregator-" + index).toString()));
        if (dishonest) args.add("--dishonest");
        return args;
    }

    private List<String> clientArgs(int index, Credentials account, String ipfs) throws Exception {
        return List.of("--role", "client", "--ipfs", ipfs, "--keystore", nodes.keystore(account).toString(),
                "--data-dir", dir.resolve("client-" + index).toString(), "--dataset", "fashion-mnist",
                "--shard", index + "/5", "--samples", "500");
    }

    /** The last 3000 characters of each peer's log, for a failed run. */
    private static void printLogTails(List<NodeProcesses.Peer> peers) {
        for (NodeProcesses.Peer p : peers) {
            String log = p.logText();
            System.out.println("---- " + p.name() + " (last 3000 chars) ----\n" + log.substring(Math.max(0, log.length() - 3000)));
        }
    }

    /** Per round: seconds from opening to the last update, to the first proposal, to finalization (block timestamps). */
    private static void printRoundTimes(ChainConnection chain, List<TaskEvent> events) throws IOException {
        Map<Long, long[]> blocks = new LinkedHashMap<>(); // opened, last update, first proposal, finalized
        for (TaskEvent e : events) {
            switch (e) {
                case TaskEvent.RoundOpened o -> blocks.computeIfAbsent(o.round(), k -> new long[4])[0] = o.blockNumber();
                case TaskEvent.UpdateSubmitted u -> blocks.computeIfAbsent(u.round(), k -> new long[4])[1] = u.blockNumber();
                case TaskEvent.AggregateProposed p -> {
                    long[] b = blocks.computeIfAbsent(p.round(), k -> new long[4]);
                    if (b[2] == 0) b[2] = p.blockNumber();
                }
                case TaskEvent.RoundFinalized f -> blocks.computeIfAbsent(f.round(), k -> new long[4])[3] = f.blockNumber();
                default -> { }
            }
        }
        for (var entry : blocks.entrySet()) {
            long[] b = entry.getValue();
            long open = time(chain, b[0]);
            System.out.printf(Locale.ROOT, "network: round %d wall %d s (blocks %d..%d): last update at +%d s, first "
                            + "proposal at +%d s, finalized at +%d s%n", entry.getKey(), time(chain, b[3]) - open, b[0], b[3],
                    time(chain, b[1]) - open, time(chain, b[2]) - open, time(chain, b[3]) - open);
        }
    }

    private static long time(ChainConnection chain, long block) throws IOException {
        return chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send()
                .getBlock().getTimestamp().longValueExact();
    }
}
