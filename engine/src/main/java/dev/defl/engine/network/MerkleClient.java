package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.ParticipantInfo;
import dev.defl.engine.ledger.RoundInfo;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.UpdateManifest;
import dev.defl.engine.round.CommittedManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * A client's part of a Merkle-mode task ({@code TaskParams.merkleMode}), used by {@link ClientNode}: instead of
 * {@code submitUpdate} it signs its update ({@link SignedUpdate}), adds the signed statement to the content store,
 * puts it in the node's {@link SignedUpdatePool} (the one-process channel) and announces its CID on the task's topic
 * ({@link Announcement.Kind#SIGNED}); an aggregator commits it in the round's manifest. After a round finalized, the
 * client proves its leaf ({@code claimUpdateReward} with the Merkle proof from the committed manifest) to be credited
 * its reward, rounds in increasing order as the contract requires.
 */
final class MerkleClient {
    private static final Logger log = LoggerFactory.getLogger(MerkleClient.class);

    private final TaskContract contract;
    private final long taskId;
    private final Credentials account;
    private final NetworkContent content;
    /** Rounds up to this one are dealt with (claimed, or nothing to claim). */
    private long checkedThrough;

    /** A {@code claimUpdateReward} mined: the round whose reward it claimed and the update it proved. */
    record Claim(long round, Cid update, TxResult tx) {
    }

    MerkleClient(TaskContract contract, long taskId, Credentials account, NetworkContent content) {
        this.contract = contract;
        this.taskId = taskId;
        this.account = account;
        this.content = content;
    }

    /** Least time between two announcements of the same signed update, nanoseconds (a repeat is for a lost one). */
    static final long REPEAT_NANOS = 5_000_000_000L;
    private long lastRound;
    private long lastAnnounced;

    /**
     * Publishes again the update signed for {@code round} ({@link #publish}), at most once per 5 s: an aggregator may
     * have missed the announcement (pubsub is best-effort; js-ipfs even refuses to publish before a peer subscribes).
     */
    void republish(long round, Cid update, long numSamples, SignedUpdatePool pool, TaskAnnouncer announcer)
            throws IOException {
        if (round == lastRound && System.nanoTime() - lastAnnounced < REPEAT_NANOS) return;
        publish(round, update, numSamples, pool, announcer);
    }

    /**
     * Signs and publishes update {@code update} of {@code round} (again: signing is deterministic, RFC 6979, so a
     * repeat publishes the same statement, same CID).
     *
     * @return the statement's CID
     * @throws IOException when the content store fails
     */
    Cid publish(long round, Cid update, long numSamples, SignedUpdatePool pool, TaskAnnouncer announcer)
            throws IOException {
        long chainId = contract.chain().chainId();
        SignedUpdate signed = SignedUpdate.sign(account, chainId, contract.address(), taskId, round, update, numSamples);
        Cid statement = content.add(signed.toJson());
        pool.offer(signed, chainId, contract.address(), taskId);
        announcer.announce(new Announcement(Announcement.Kind.SIGNED, round, statement));
        lastRound = round;
        lastAnnounced = System.nanoTime();
        return statement;
    }

    /**
     * Claims the reward of every finalized round before {@code currentRound} that this client signed an update for
     * (its checkpoints) and has not claimed yet ({@code getParticipant().lastSubmittedRound} is the last round claimed),
     * in increasing order. A round whose committed manifest does not hold this client's update is skipped (logged).
     *
     * @return the claims mined, in round order
     * @throws IOException when a manifest cannot be read
     */
    java.util.List<Claim> claim(long currentRound, NodeCheckpoints checkpoints) throws IOException {
        java.util.List<Claim> mined = new java.util.ArrayList<>();
        ParticipantInfo me = contract.participant(taskId, account.getAddress());
        for (long r = Math.max(me.lastSubmittedRound(), checkedThrough) + 1; r < currentRound; r++) {
            checkedThrough = r - 1;
            Optional<RoundCheckpoint> cp = checkpoints.round(r);
            if (cp.isEmpty() || cp.get().cid() == null || cp.get().phase() != RoundCheckpoint.Phase.SUBMITTED) continue;
            RoundInfo info = contract.round(taskId, r);
            if (info.state() != RoundInfo.State.FINALIZED) continue;
            CommittedManifest committed = CommittedManifest.read(contract, content, taskId, r);
            UpdateManifest manifest = committed.manifest();
            Cid mine = Cid.parse(cp.get().cid());
            int index = -1;
            for (int i = 0; i < manifest.updates().size(); i++) {
                UpdateManifest.Entry e = manifest.updates().get(i);
                if (e.signature().client().equalsIgnoreCase(account.getAddress()) && e.cid().equals(mine)) index = i;
            }
            if (index < 0) {
                log.warn("round {}: our update {} is not in the committed manifest {}; no reward to claim", r, mine,
                        committed.manifestCid());
                continue;
            }
            UpdateManifest.Entry e = manifest.updates().get(index);
            try {
                TxResult tx = contract.claimUpdateReward(account, taskId, r, e.cid(), e.numSamples(),
                        manifest.tree().proof(index));
                log.info("round {}: proved our update (leaf {} of {}) for its reward in block {} ({} gas)", r, index,
                        manifest.updates().size(), tx.blockNumber(), tx.gasUsed());
                mined.add(new Claim(r, e.cid(), tx));
            } catch (RuntimeException x) {
                if (!TaskNode.reverted(x, "ClaimOutOfOrder")) throw x;
                log.info("round {}: reward already claimed ({})", r, x.getMessage().toLowerCase(Locale.ROOT));
            }
        }
        checkedThrough = Math.max(checkedThrough, currentRound - 1);
        return mined;
    }
}
