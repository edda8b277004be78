package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.UpdateManifest;
import dev.defl.engine.round.CommittedManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An aggregator's commitment of a Merkle-mode round ({@code commitUpdates}), used by {@link AggregatorNode} while the
 * round is open. The rule every honest aggregator follows, so that those that saw the same signed updates build the
 * same manifest, byte for byte:
 * <ol>
 *   <li>take the valid signed updates seen for the round ({@link SignedUpdatePool}: signature recovers to the claimed
 *       client, task and round match), drop those of accounts that are not registered clients (reported, named);</li>
 *   <li>order them by the clients' registration order (the canonical order of per-update mode too) and keep the first
 *       {@code clientsPerRound};</li>
 *   <li>commit once there are {@code clientsPerRound} of them, or the submission deadline passed with at least
 *       {@code minUpdates}; the manifest ({@link UpdateManifest}, JSON) goes to the content store, its CID, the Merkle
 *       root, the count and the sample total on chain.</li>
 * </ol>
 * The contract takes one commitment per round (the round leaves Open): the first committer's manifest wins, and every
 * other aggregator adopts it from the chain ({@link CommittedManifest#read}, every leaf checked) instead of its own.
 */
final class MerkleCommitter {
    private static final Logger log = LoggerFactory.getLogger(MerkleCommitter.class);

    /** What one look did. */
    enum Outcome { WAITING, COMMITTED, RACED }

    private final TaskContract contract;
    private final long taskId;
    private final Credentials account;
    private final NetworkContent content;
    private final NodeListener listener;
    private Map<String, Integer> registration = Map.of();
    private final Set<String> reported = new HashSet<>();
    private String status = "";

    MerkleCommitter(TaskContract contract, long taskId, Credentials account, NetworkContent content,
                    NodeListener listener) {
        this.contract = contract;
        this.taskId = taskId;
        this.account = account;
        this.content = content;
        this.listener = listener;
    }

    /** The status line of the last look that waited. */
    String status() {
        return status;
    }

    /**
     * One look at open round {@code r}: commits when the rule of the class comment says so.
     *
     * @throws IOException when the manifest cannot be added
     * @throws dev.defl.engine.ledger.ContractRevertException when the contract refuses the commitment for another
     *     reason than a race with another aggregator's
     */
    Outcome step(TaskInfo t, long r, RoundInfo info, long head, SignedUpdatePool pool) throws IOException {
        for (SignedUpdatePool.Rejection x : pool.rejected(r)) {
            reject(r, x.client(), x.cid(), x.reason());
        }
        List<SignedUpdate> held = pool.round(r).stream().filter(u -> u.round() == r).toList();
        if (held.stream().anyMatch(u -> !registration.containsKey(u.client()))) {
            Map<String, Integer> order = new HashMap<>();
            List<String> clients = contract.registrationOrder(taskId, Role.CLIENT);
            for (int i = 0; i < clients.size(); i++) order.put(clients.get(i).toLowerCase(Locale.ROOT), i);
            registration = order;
        }
        List<SignedUpdate> usable = new ArrayList<>();
        for (SignedUpdate u : held) {
            if (registration.containsKey(u.client())) usable.add(u);
            else reject(r, u.client(), u.cid(), u.client() + " is not a registered client of task " + taskId);
        }
        usable.sort(Comparator.comparingInt(u -> registration.get(u.client())));
        if (usable.size() > info.maxUpdates()) usable = usable.subList(0, (int) info.maxUpdates());
        long min = t.params().minUpdates();
        boolean ready = usable.size() >= info.maxUpdates() || head >= info.submissionDeadline() && usable.size() >= min;
        if (!ready) {
            status = "round " + r + ": " + usable.size() + "/" + info.maxUpdates() + " signed updates; waiting (commit at "
                    + info.maxUpdates() + ", or at block " + info.submissionDeadline() + " with at least " + min + ")";
            return Outcome.WAITING;
        }
        UpdateManifest manifest = new UpdateManifest(contract.chain().chainId(), contract.address().toLowerCase(Locale.ROOT),
                taskId, r, usable.stream().map(SignedUpdate::entry).toList());
        CommittedManifest.check(contract, taskId, r, null, manifest, "our manifest for round " + r);
        Cid manifestCid = content.add(manifest.toJson());
        byte[] root = manifest.tree().root();
        TxResult tx;
        try {
            tx = contract.commitUpdates(account, taskId, r, root, manifestCid, usable.size(), manifest.totalSamples());
        } catch (RuntimeException e) {
            if (TaskNode.reverted(e, "UpdatesClosed", "RoundNotActive", "WrongRound", "VotingClosed")) {
                log.info("round {}: another aggregator committed first ({}); adopting its manifest", r, e.getMessage());
                return Outcome.RACED;
            }
            throw e;
        }
        listener.onUpdatesCommitted(r, manifestCid, usable.size(), tx);
        log.info("round {}: committed {} signed updates ({} samples), root {}, manifest {} in block {} (tx {}, {} gas)",
                r, usable.size(), manifest.totalSamples(), Numeric.toHexString(root), manifestCid, tx.blockNumber(),
                tx.txHash(), tx.gasUsed());
        pool.forgetBefore(r);
        return Outcome.COMMITTED;
    }

    private void reject(long r, String client, Cid cid, String reason) {
        if (!reported.add(r + " " + client + " " + cid)) return;
        log.error("round {}: signed update {} of {} rejected: {}", r, cid, client, reason);
        listener.onUpdateRejected(r, client, cid, reason);
    }
}
