package dev.defl.engine.protocol;

import dev.defl.engine.content.Cid;
import java.util.Objects;

/**
 * An auditor's finding for one finalized round of a task ({@link RoundVerifier}).
 *
 * @param round         the round (from 1)
 * @param finalizedCid  the global model's CID finalized on chain
 * @param recomputedCid the CID of the aggregate recomputed from the chain and the content store, or null when it
 *                      could not be recomputed (an update missing from the store, an invalid update, ...)
 * @param ok            true exactly when {@code recomputedCid} equals {@code finalizedCid}
 * @param problem       why the round is not OK (the first fault found), or null when it is
 */
public record RoundVerdict(long round, Cid finalizedCid, Cid recomputedCid, boolean ok, String problem) {
    /**
     * @throws IllegalArgumentException if {@code ok} disagrees with the CIDs or a failed verdict has no problem
     */
    public RoundVerdict {
        Objects.requireNonNull(finalizedCid, "finalizedCid");
        if (ok != finalizedCid.equals(recomputedCid)) {
            throw new IllegalArgumentException("round " + round + ": ok=" + ok + " but finalized " + finalizedCid
                    + ", recomputed " + recomputedCid);
        }
        if (!ok && (problem == null || problem.isBlank())) {
            throw new IllegalArgumentException("round " + round + ": a mismatch needs a problem");
        }
        if (ok) problem = null;
    }

    /** The CLI's line: {@code round 1 OK bafy…} or {@code round 2 MISMATCH finalized bafy… recomputed bafy…: reason}. */
    public String line() {
        return ok ? "round " + round + " OK " + finalizedCid
                : "round " + round + " MISMATCH finalized " + finalizedCid + " recomputed "
                        + (recomputedCid == null ? "(none)" : recomputedCid.toString()) + ": " + problem;
    }
}
