package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import java.util.Objects;

/**
 * An auditor's finding for one finalized round of a task ({@link RoundVerifier}).
 *
 * @param round         the round (from 1)
 * @param status        what was found: {@link Status#OK}, a wrong aggregate ({@link Status#MISMATCH}), content the
 *                      audit needed that is corrupt ({@link Status#CORRUPT}) or cannot be retrieved
 *                      ({@link Status#UNAVAILABLE}); for a private task audited without a committee key,
 *                      {@link Status#ENCRYPTED} (checked without recomputing) or {@link Status#BAD_ENVELOPE}
 * @param finalizedCid  the global model's CID finalized on chain
 * @param recomputedCid the CID of the aggregate recomputed from the chain and the content store, or null when it
 *                      could not be recomputed (an update missing from the store, an invalid update, encrypted
 *                      updates and no committee key, ...)
 * @param problem       why the round is not OK (the first fault found; for {@link Status#ENCRYPTED}, what was checked
 *                      instead), or null when it is
 */
public record RoundVerdict(long round, Status status, Cid finalizedCid, Cid recomputedCid, String problem) {

    /** The kinds of finding, each printed as its name in {@link #line()}. */
    public enum Status {
        /** The recomputed aggregate is the finalized model, and the finalized model is retrievable and intact. */
        OK,
        /**
         * The finalized model is not the honest aggregate: it differs from the recomputed one, or the round's inputs
         * (updates that are not valid models, or that the strategy rejects) admit no honest aggregate at all. The
         * aggregators that proposed and voted for it are at fault.
         */
        MISMATCH,
        /**
         * A block the audit needed (of an update, the initial or a finalized model) does not hash to its CID: the
         * copy held here (or served by an endpoint) is damaged. Says nothing against the aggregators.
         */
        CORRUPT,
        /**
         * Content the audit needed (an update, the initial or a finalized model) is not in the content store nor at
         * the endpoints, or cannot be read: the audit is incomplete. Says nothing against the aggregators.
         */
        UNAVAILABLE,
        /**
         * A private task's round audited without a committee member's key: the updates are encrypted, so the aggregate
         * is not recomputed. What can be checked was, and holds: every update's envelope is in the content store
         * (hash-verified), well-formed and sealed for exactly the aggregators with published keys, and the finalized
         * model reads back intact with the task's tensor names and shapes. Says nothing on whether that model is the
         * honest aggregate: only a committee key can tell.
         */
        ENCRYPTED,
        /**
         * A private task's update that no honest aggregator can use as it is: plaintext where an envelope was due, an
         * envelope that does not parse, or one sealed for other recipients than the committee's published keys. The
         * submitting client is at fault; aggregators leave such an update out (those it is not sealed for cannot open
         * it), which only a committee key can check. Found by an audit without a committee key.
         */
        BAD_ENVELOPE
    }

    /**
     * @throws IllegalArgumentException if an OK verdict's CIDs differ or it carries a problem, a MISMATCH has equal
     *                                  CIDs, an ENCRYPTED or BAD_ENVELOPE verdict has a recomputed CID, or a verdict
     *                                  other than OK has no problem
     */
    public RoundVerdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finalizedCid, "finalizedCid");
        if (status == Status.OK && !finalizedCid.equals(recomputedCid)) {
            throw new IllegalArgumentException("round " + round + ": OK but finalized " + finalizedCid
                    + ", recomputed " + recomputedCid);
        }
        if ((status == Status.ENCRYPTED || status == Status.BAD_ENVELOPE) && recomputedCid != null) {
            throw new IllegalArgumentException("round " + round + ": " + status + " but recomputed " + recomputedCid);
        }
        if (status == Status.MISMATCH && finalizedCid.equals(recomputedCid)) {
            throw new IllegalArgumentException("round " + round + ": MISMATCH but both CIDs are " + finalizedCid);
        }
        if (status != Status.OK && (problem == null || problem.isBlank())) {
            throw new IllegalArgumentException("round " + round + ": a " + status + " verdict needs a problem");
        }
        if (status == Status.OK) problem = null;
    }

    /** An OK verdict: {@code cid} was finalized, recomputed, and read back intact. */
    public static RoundVerdict ok(long round, Cid cid) {
        return new RoundVerdict(round, Status.OK, cid, cid, null);
    }

    /** Whether the round is {@link Status#OK}. */
    public boolean ok() {
        return status == Status.OK;
    }

    /**
     * Whether the round passed the audit: {@link Status#OK}, or {@link Status#ENCRYPTED} (all that can be checked
     * without a committee key holds).
     */
    public boolean passed() {
        return status == Status.OK || status == Status.ENCRYPTED;
    }

    /**
     * The CLI's line: {@code round 1 OK bafy…}, or {@code round 2 STATUS finalized bafy… recomputed bafy…|(none): problem}
     * with STATUS one of {@code MISMATCH}, {@code CORRUPT}, {@code UNAVAILABLE}, {@code ENCRYPTED},
     * {@code BAD_ENVELOPE}.
     */
    public String line() {
        return ok() ? "round " + round + " OK " + finalizedCid
                : "round " + round + " " + status + " finalized " + finalizedCid + " recomputed "
                        + (recomputedCid == null ? "(none)" : recomputedCid.toString()) + ": " + problem;
    }
}
