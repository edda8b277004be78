package dev.defl.engine.ledger;

import static dev.defl.engine.ledger.AnvilFixture.big;
import static dev.defl.engine.ledger.AnvilFixture.cid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defl.engine.content.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Gas used by each contract function, measured on a fresh anvil in a fixed sequence (so the figures
 * are deterministic), compared with the committed snapshot {@value #SNAPSHOT}: a rise over 5 % fails.
 * After an intentional change (or a fall over 5 %, which is reported), regenerate the file with
 * {@code mvn -B -o -q -pl engine test -Dtest=GasSnapshotTest -Ddefl.gas.update=true} and commit it.
 * Gas is per whole transaction (21,000 intrinsic included), as a receipt's gasUsed.
 */
class GasSnapshotTest {
    static final String SNAPSHOT = "resources/contracts/gas-snapshot.json";
    /** The goal for one client update (per-update mode), gas. */
    static final long UPDATE_GAS_GOAL = 50_000;
    private static final double TOLERANCE = 0.05;

    @TempDir
    Path dir;

    @Test
    void gasPerFunctionStaysWithinFivePercentOfTheSnapshot() throws IOException {
        Map<String, Long> measured = measure();
        measured.forEach((k, v) -> System.out.printf("GAS %-48s %,10d%n", k, v));

        assertThat(measured).as("every kind of client update within the goal of %,d gas", UPDATE_GAS_GOAL)
                .allSatisfy((function, gas) -> {
                    if (function.startsWith("submitUpdate")) {
                        assertThat(gas).as(function).isLessThanOrEqualTo(UPDATE_GAS_GOAL);
                    }
                });

        Path file = repositoryRoot().resolve(SNAPSHOT);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (Boolean.getBoolean("defl.gas.update")) {
            json.writeValue(file.toFile(), new TreeMap<>(measured));
            System.out.println("GAS snapshot written to " + file);
            return;
        }
        assertThat(file).as("gas snapshot (create it with -Ddefl.gas.update=true)").isRegularFile();
        @SuppressWarnings("unchecked")
        Map<String, Number> snapshot = json.readValue(file.toFile(), Map.class);
        List<String> problems = compare(measured, snapshot);
        assertThat(problems).as("gas against " + file + "; after an intentional change regenerate it with"
                + " mvn -B -o -q -pl engine test -Dtest=GasSnapshotTest -Ddefl.gas.update=true").isEmpty();
    }

    @Test
    void aRiseOverFivePercentOrAChangedFunctionSetIsAProblem() {
        Map<String, Long> measured = new LinkedHashMap<>();
        measured.put("a", 105_000L);
        measured.put("b", 105_001L);
        measured.put("c", 1_000L);
        measured.put("new", 1L);
        Map<String, Number> snapshot = Map.of("a", 100_000, "b", 100_000, "c", 2_000, "gone", 5);
        assertThat(compare(measured, snapshot)).containsExactly(
                "b: 105,001 gas, 5.0 % over the snapshot's 100,000",
                "new: 1 gas, not in the snapshot",
                "gone: in the snapshot but no longer measured");
    }

    /** Problems of {@code measured} against {@code snapshot}: rises over 5 %, added or removed functions. */
    static List<String> compare(Map<String, Long> measured, Map<String, Number> snapshot) {
        List<String> problems = new ArrayList<>();
        measured.forEach((function, gas) -> {
            Number before = snapshot.get(function);
            if (before == null) {
                problems.add(function + ": " + gas + " gas, not in the snapshot");
            } else if (gas > before.longValue() * (1 + TOLERANCE)) {
                problems.add(String.format(java.util.Locale.ROOT, "%s: %,d gas, %.1f %% over the snapshot's %,d", function, gas,
                        100.0 * (gas - before.longValue()) / before.longValue(), before.longValue()));
            } else if (gas < before.longValue() * (1 - TOLERANCE)) {
                System.out.printf("GAS %s fell to %,d from %,d: regenerate the snapshot to lock the gain%n",
                        function, gas, before.longValue());
            }
        });
        snapshot.keySet().stream().filter(k -> !measured.containsKey(k)).sorted()
                .forEach(k -> problems.add(k + ": in the snapshot but no longer measured"));
        return problems;
    }

    private Map<String, Long> measure() {
        Map<String, Long> gas = new LinkedHashMap<>();
        Credentials creator = DevAccounts.account(0);
        List<Credentials> clients = List.of(DevAccounts.account(1), DevAccounts.account(2), DevAccounts.account(3));
        Credentials aggA = DevAccounts.account(4);
        Credentials aggB = DevAccounts.account(5);
        try (AnvilFixture fixture = new AnvilFixture(dir)) {
            TaskContract contract = TaskContract.deploy(fixture.chain, creator);
            gas.put("deploy", contract.deployment().orElseThrow().gasUsed());
            TaskParams params = TaskParams.of(cid("spec"), cid("initial"), 3, 3, 2, 2, 100, 100)
                    .withRewards(big(10), big(100));
            TaskContract.CreatedTask created = contract.createTask(creator, params);
            long id = created.taskId();
            gas.put("createTask", created.tx().gasUsed());
            gas.put("addParticipants (1 account)", contract.addParticipants(creator, id,
                    List.of(clients.get(0).getAddress()), Set.of(Role.CLIENT)).gasUsed());
            gas.put("addParticipants (2 accounts)", contract.addParticipants(creator, id,
                    List.of(clients.get(1).getAddress(), clients.get(2).getAddress()), Set.of(Role.CLIENT)).gasUsed());
            contract.addParticipants(creator, id, List.of(aggA.getAddress(), aggB.getAddress()), Set.of(Role.AGGREGATOR));

            // round 1: three updates (the third closes the submissions), proposal + finalizing vote
            gas.put("submitUpdate (first of round)", contract.submitUpdate(clients.get(0), id, 1, cid("u1-0"), 100).gasUsed());
            gas.put("submitUpdate (later)", contract.submitUpdate(clients.get(1), id, 1, cid("u1-1"), 200).gasUsed());
            gas.put("submitUpdate (last, closes submissions)",
                    contract.submitUpdate(clients.get(2), id, 1, cid("u1-2"), 300).gasUsed());
            gas.put("propose (first, not finalizing)", contract.propose(aggA, id, 1, cid("agg-1")).gasUsed());
            gas.put("vote (finalizing, mints 2 voter rewards, opens next)",
                    contract.vote(aggB, id, 1, cid("agg-1")).gasUsed());

            // round 2: updates settle round 1's reward; two updates, then the deadline closes
            gas.put("submitUpdate (first of round, settles previous reward)",
                    contract.submitUpdate(clients.get(0), id, 2, cid("u2-0"), 100).gasUsed());
            gas.put("submitUpdate (later, settles previous reward)",
                    contract.submitUpdate(clients.get(1), id, 2, cid("u2-1"), 200).gasUsed());
            fixture.mine(101);
            gas.put("closeRound (deadline, to aggregating)", contract.closeRound(creator, id, 2).gasUsed());
            contract.propose(aggA, id, 2, cid("agg-2"));
            gas.put("propose (rival proposal)", contract.propose(aggB, id, 2, cid("agg-2-other")).gasUsed());
            fixture.mine(101);
            gas.put("closeRound (no quorum, fails, opens next)", contract.closeRound(creator, id, 2).gasUsed());
            gas.put("claimRewards (settles last update, mints)", contract.claimRewards(clients.get(0), id).gasUsed());

            // round 3: the update of a client whose previous round failed reads that round's state; too few
            // updates, the task completes
            gas.put("submitUpdate (previous round failed: reads its state)",
                    contract.submitUpdate(clients.get(1), id, 3, cid("u3-1"), 200).gasUsed());
            fixture.mine(101);
            gas.put("closeRound (too few updates, completes task)", contract.closeRound(creator, id, 3).gasUsed());

            // a quorum-1 task: the proposal finalizes at once
            long quick = contract.createTask(creator, TaskParams.of(cid("spec"), cid("initial"), 2, 1, 1, 1, 100, 100)
                    .withRewards(big(10), big(100))).taskId();
            contract.addParticipants(creator, quick, List.of(clients.get(0).getAddress()), Set.of(Role.CLIENT));
            contract.addParticipants(creator, quick, List.of(aggA.getAddress()), Set.of(Role.AGGREGATOR));
            contract.submitUpdate(clients.get(0), quick, 1, cid("q"), 1);
            gas.put("propose (finalizing at quorum 1, opens next)", contract.propose(aggA, quick, 1, cid("q-agg")).gasUsed());

            // a quorum-3 task: a vote that does not finalize
            long slow = contract.createTask(creator, TaskParams.of(cid("spec"), cid("initial"), 2, 1, 1, 3, 100, 100))
                    .taskId();
            contract.addParticipants(creator, slow, List.of(clients.get(0).getAddress()), Set.of(Role.CLIENT));
            contract.addParticipants(creator, slow, List.of(aggA.getAddress(), aggB.getAddress()), Set.of(Role.AGGREGATOR));
            contract.submitUpdate(clients.get(0), slow, 1, cid("s"), 1);
            contract.propose(aggA, slow, 1, cid("s-agg"));
            gas.put("vote (not finalizing)", contract.vote(aggB, slow, 1, cid("s-agg")).gasUsed());

            // worst case of an update: the last of its round (closes the submissions) after the client's failed round
            long worst = contract.createTask(creator, TaskParams.of(cid("spec"), cid("initial"), 2, 1, 1, 2, 100, 100)
                    .withRewards(big(10), big(100))).taskId();
            contract.addParticipants(creator, worst, List.of(clients.get(0).getAddress()), Set.of(Role.CLIENT));
            contract.submitUpdate(clients.get(0), worst, 1, cid("w1"), 1);
            fixture.mine(201);
            contract.closeRound(creator, worst, 1);
            gas.put("submitUpdate (last, closes submissions, previous round failed)",
                    contract.submitUpdate(clients.get(0), worst, 2, cid("w2"), 1).gasUsed());

            // Merkle mode with 10 and 100 clients: one commitment per round
            for (int n : new int[] {10, 100}) {
                MerkleRound round = MerkleRound.run(fixture, contract, creator, aggA, clients.get(0), n);
                gas.put("commitUpdates (" + n + " updates)", round.commitGas());
                gas.put("claimUpdateReward (" + n + "-leaf proof)", round.claimGas());
            }

            // private task: an aggregator publishes its key statement (64-byte key, 65-byte signature, one event)
            long secret = contract.createTask(creator, TaskParams.of(cid("spec"), cid("initial"), 2, 1, 1, 1, 100, 100)
                    .withPrivateUpdates(true)).taskId();
            contract.addParticipants(creator, secret, List.of(aggA.getAddress()), Set.of(Role.AGGREGATOR));
            var statement = dev.defl.engine.envelope.KeyStatement.sign(aggA);
            gas.put("publishKey", contract.publishKey(aggA, secret, statement.publicKey(), statement.signature()).gasUsed());
        }
        return gas;
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("resources/contracts"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no resources/contracts above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A Merkle-mode round: n signed updates (client 0 is a funded account, the others off-chain keys), committed and finalized. */
    record MerkleRound(long taskId, long commitGas, long claimGas, UpdateMerkleTree tree) {
        static MerkleRound run(AnvilFixture fixture, TaskContract contract, Credentials creator, Credentials aggregator,
                Credentials claimer, int n) {
            long id = contract.createTask(creator, TaskParams.of(cid("spec"), cid("initial"), 1, n, 1, 1, 100, 100)
                    .withMerkleMode(true).withRewards(big(10), big(100))).taskId();
            contract.addParticipants(creator, id, List.of(claimer.getAddress()), Set.of(Role.CLIENT));
            contract.addParticipants(creator, id, List.of(aggregator.getAddress()), Set.of(Role.AGGREGATOR));
            List<UpdateMerkleTree.Leaf> leaves = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < n; i++) {
                Credentials c = i == 0 ? claimer : Credentials.create(org.web3j.utils.Numeric.toHexStringNoPrefix(
                        org.web3j.crypto.Hash.sha3(("merkle-client-" + i).getBytes())));
                CompactCid update = CompactCid.of(cid("merkle-update-" + n + "-" + i));
                UpdateSignature sig = UpdateSignature.sign(c, fixture.chain.chainId(), contract.address(), id, 1, update, 10 + i);
                if (!sig.verify(fixture.chain.chainId(), contract.address(), id, 1, update, 10 + i)) {
                    throw new AssertionError("signature of client " + i + " does not verify");
                }
                leaves.add(new UpdateMerkleTree.Leaf(c.getAddress(), update, 10 + i));
                total += 10 + i;
            }
            UpdateMerkleTree tree = UpdateMerkleTree.of(leaves);
            Cid manifest = cid("manifest-" + n);
            long commit = contract.commitUpdates(aggregator, id, 1, tree.root(), manifest, n, total).gasUsed();
            contract.propose(aggregator, id, 1, cid("merkle-agg-" + n));
            UpdateMerkleTree.Leaf mine = leaves.getFirst();
            long claim = contract.claimUpdateReward(claimer, id, 1, mine.cid().toCid(), mine.numSamples(), tree.proof(0))
                    .gasUsed();
            return new MerkleRound(id, commit, claim, tree);
        }
    }
}
