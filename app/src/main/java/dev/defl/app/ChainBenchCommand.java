package dev.defl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.CompactCid;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.DevChainFunding;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.UpdateManifest;
import dev.defl.engine.ledger.UpdateMerkleTree;
import dev.defl.engine.ledger.UpdateSignature;
import dev.defl.engine.workspace.Workspace;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code defl bench chain}: the gas of one round as a function of the number of clients N, per-update mode against
 * Merkle mode, on a real embedded anvil (a fresh temporary workspace: the FederatedTasks contract of this build). Per N
 * and mode one task of one round, quorum 1, with N synthetic updates (random CIDs signed by N generated keys):
 * <ul>
 *   <li>per-update: each key, funded with {@code anvil_setBalance}, sends {@code submitUpdate}; the aggregator then
 *       sends {@code propose}, which finalizes;</li>
 *   <li>Merkle: the keys sign off chain (no transaction, no ether); the aggregator sends {@code commitUpdates} (root
 *       and manifest CID) and {@code propose}; then one client proves its leaf ({@code claimUpdateReward}, optional for
 *       each client, reported apart).</li>
 * </ul>
 * Gas from the receipts; calldata bytes from the transactions' input; the manifest's bytes (off chain) as
 * {@link UpdateManifest#toJson()} writes them. A one-client per-update round runs first, unreported: the contract's
 * first finalization writes slots (total supply, the aggregator's balance) that later rounds only update.
 */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Gas per round against the number of clients, per-update mode vs Merkle mode, on a real embedded "
                + "anvil with synthetic signed updates; prints one table (gas per round and per update, calldata bytes).")
final class ChainBenchCommand implements Callable<Integer> {
    /** Largest N: generated keys; anvil's per-update transactions take ~10 ms each. */
    static final int MAX_CLIENTS = 5_000;

    @ParentCommand
    BenchCommand bench;

    @Option(names = "--clients", paramLabel = "N[,N…]", split = ",", defaultValue = "10,100,1000",
            description = "Numbers of clients, 1 to " + MAX_CLIENTS + " each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows to FILE as JSON.")
    Path json;

    /**
     * One mode at one N.
     *
     * @param mode           {@code per-update} or {@code merkle}
     * @param clients        N
     * @param roundGas       gas of every transaction the round needs to finalize (updates or commitment, proposal)
     * @param gasPerUpdate   roundGas / N
     * @param updateGas      per-update: gas of the N submitUpdate together; Merkle: of commitUpdates
     * @param proposeGas     gas of the finalizing propose
     * @param transactions   transactions in the round
     * @param calldataBytes  input bytes of those transactions together
     * @param offChainBytes  Merkle: the manifest's JSON bytes (content store); per-update: 0
     * @param claimGas       Merkle: one client's claimUpdateReward (proof of its leaf), optional per client; else 0
     * @param claimCalldata  Merkle: that transaction's input bytes (grows with log2 N); else 0
     * @param seconds        wall time of the round's transactions (and signing), seconds
     */
    record Row(String mode, int clients, long roundGas, double gasPerUpdate, long updateGas, long proposeGas,
               int transactions, long calldataBytes, long offChainBytes, long claimGas, long claimCalldata,
               double seconds) {}

    @Override
    public Integer call() throws Exception {
        for (int n : clients) {
            if (n < 1 || n > MAX_CLIENTS) throw new IllegalArgumentException("--clients: " + n + " is not 1.." + MAX_CLIENTS);
        }
        if (json != null) OutputFiles.requireWritable(json, "--json");
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("defl-bench-chain");
        List<Row> rows = new ArrayList<>();
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            TaskContract contract = workspace.taskContract();
            out.printf(Locale.ROOT, "anvil %s, contract %s%n", workspace.chain().rpcUrl(), contract.address());
            // warm-up, not reported: the contract's first finalization and mints write slots that are zero only once
            perUpdate(workspace.chain(), contract, keys(1));
            for (int n : clients) {
                List<Credentials> keys = keys(n);
                rows.add(perUpdate(workspace.chain(), contract, keys));
                rows.add(merkle(workspace.chain(), contract, keys));
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
        out.println(table(rows));
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), rows);
        }
        return 0;
    }

    /** N keys derived from a fixed seed: the same accounts at every run. */
    private static List<Credentials> keys(int n) {
        List<Credentials> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(Credentials.create(Numeric.toHexStringNoPrefix(Hash.sha3(("defl bench chain client " + i)
                    .getBytes(StandardCharsets.UTF_8)))));
        }
        return keys;
    }

    private static final Credentials CREATOR = DevAccounts.account(0);
    private static final Credentials AGGREGATOR = DevAccounts.account(1);

    private static long task(TaskContract contract, List<Credentials> keys, boolean merkle) {
        int n = keys.size();
        Cid spec = synthetic("spec " + merkle + " " + n);
        Cid initial = synthetic("initial " + merkle + " " + n);
        long id = contract.createTask(CREATOR, TaskParams.of(spec, initial, 1, n, n, 1, 1_000_000, 1_000_000)
                .withMerkleMode(merkle).withRewards(BigInteger.ONE, BigInteger.ONE)).taskId();
        for (int from = 0; from < n; from += 200) { // one block holds about 900 registrations: batches of 200
            contract.addParticipants(CREATOR, id, keys.subList(from, Math.min(n, from + 200)).stream()
                    .map(Credentials::getAddress).toList(), Set.of(Role.CLIENT));
        }
        contract.addParticipants(CREATOR, id, List.of(AGGREGATOR.getAddress()), Set.of(Role.AGGREGATOR));
        return id;
    }

    private static Cid synthetic(String text) {
        return Cid.of(1, Cid.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Row perUpdate(ChainConnection chain, TaskContract contract, List<Credentials> keys) throws IOException {
        int n = keys.size();
        long id = task(contract, keys, false);
        for (Credentials k : keys) DevChainFunding.topUp(chain, k.getAddress(), BigInteger.TEN.pow(18));
        long t0 = System.nanoTime();
        long updateGas = 0, calldata = 0;
        for (int i = 0; i < n; i++) {
            TxResult tx = contract.submitUpdate(keys.get(i), id, 1, synthetic("update " + id + " " + i), 100 + i);
            updateGas += tx.gasUsed();
            if (i == 0) calldata = inputBytes(chain, tx) * (long) n; // every submitUpdate has the same input length
        }
        TxResult propose = contract.propose(AGGREGATOR, id, 1, synthetic("aggregate " + id));
        double seconds = (System.nanoTime() - t0) / 1e9;
        requireFinalized(contract, id);
        long round = updateGas + propose.gasUsed();
        return new Row("per-update", n, round, round / (double) n, updateGas, propose.gasUsed(), n + 1,
                calldata + inputBytes(chain, propose), 0, 0, 0, seconds);
    }

    private static Row merkle(ChainConnection chain, TaskContract contract, List<Credentials> keys) throws IOException {
        int n = keys.size();
        long id = task(contract, keys, true);
        long t0 = System.nanoTime();
        List<UpdateManifest.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Cid update = synthetic("update " + id + " " + i);
            entries.add(new UpdateManifest.Entry(update, 100 + i, UpdateSignature.sign(keys.get(i), chain.chainId(),
                    contract.address(), id, 1, CompactCid.of(update), 100 + i)));
        }
        UpdateManifest manifest = new UpdateManifest(chain.chainId(), contract.address().toLowerCase(Locale.ROOT), id, 1,
                entries);
        manifest.verify();
        byte[] manifestJson = manifest.toJson();
        UpdateMerkleTree tree = manifest.tree();
        TxResult commit = contract.commitUpdates(AGGREGATOR, id, 1, tree.root(), Cid.of(1, Cid.RAW, manifestJson), n,
                manifest.totalSamples());
        TxResult propose = contract.propose(AGGREGATOR, id, 1, synthetic("aggregate " + id));
        double seconds = (System.nanoTime() - t0) / 1e9;
        requireFinalized(contract, id);
        // one client proves its leaf for the reward (it needs ether for that one transaction)
        Credentials first = keys.getFirst();
        DevChainFunding.topUp(chain, first.getAddress(), BigInteger.TEN.pow(18));
        UpdateManifest.Entry e = entries.getFirst();
        TxResult claim = contract.claimUpdateReward(first, id, 1, e.cid(), e.numSamples(), tree.proof(0));
        long round = commit.gasUsed() + propose.gasUsed();
        return new Row("merkle", n, round, round / (double) n, commit.gasUsed(), propose.gasUsed(), 2,
                inputBytes(chain, commit) + inputBytes(chain, propose), manifestJson.length, claim.gasUsed(),
                inputBytes(chain, claim), seconds);
    }

    private static void requireFinalized(TaskContract contract, long id) {
        var state = contract.round(id, 1).state();
        if (state != dev.defl.engine.ledger.RoundInfo.State.FINALIZED) {
            throw new IllegalStateException("bench task " + id + " round 1 is " + state + ", not finalized");
        }
    }

    private static long inputBytes(ChainConnection chain, TxResult tx) throws IOException {
        var found = chain.web3j().ethGetTransactionByHash(tx.txHash()).send().getTransaction();
        if (found.isEmpty()) throw new IllegalStateException("transaction " + tx.txHash() + " not found");
        return Numeric.hexStringToByteArray(found.get().getInput()).length;
    }

    /** The table: one line per N and mode. */
    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-10s %6s %12s %10s %12s %8s %4s %10s %10s %9s %8s %8s%n", "mode", "N",
                "gas/round", "gas/update", "updates gas", "propose", "txs", "calldata B", "manifest B", "claim gas",
                "claim B", "seconds"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-10s %6d %,12d %,10.0f %,12d %,8d %4d %,10d %,10d %,9d %,8d %8.2f%n",
                    r.mode(), r.clients(), r.roundGas(), r.gasPerUpdate(), r.updateGas(), r.proposeGas(),
                    r.transactions(), r.calldataBytes(), r.offChainBytes(), r.claimGas(), r.claimCalldata(), r.seconds()));
        }
        return b.toString().stripTrailing();
    }
}
