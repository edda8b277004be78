package dev.defl.engine.runs;

import java.time.Duration;
import java.time.Instant;

/**
 * A run's row: name, status, times, parameters, where it ran on chain and its headline figures.
 *
 * @param id            the run's number in this data directory (never reused)
 * @param name          its name (editable; "run 12" by default)
 * @param status        where it stands
 * @param startedAt     when it started
 * @param endedAt       when it ended, or null while running or interrupted
 * @param error         why it failed, or null
 * @param params        what it was started with
 * @param chainId       EIP-155 chain id, or null before the task existed
 * @param contract      the FederatedTasks contract, or null
 * @param taskId        the task on that contract, or null
 * @param specCid       CID of the task's spec document, or null
 * @param initialModel  CID of the task's initial global model, or null
 * @param roundsDone    rounds finalized and recorded
 * @param finalMetric   the last finalized round's headline figure (test accuracy in [0, 1], or RMSE for regression), or null
 * @param bestMetric    the best round's headline figure (highest accuracy, lowest RMSE), or null
 * @param regression    whether the headline figure is an RMSE (lower is better) rather than an accuracy
 * @param deletedAt     when it was deleted (undo still possible), or null
 */
public record RunSummary(long id, String name, RunStatus status, Instant startedAt, Instant endedAt, String error,
                         RunParams params, Long chainId, String contract, Long taskId, String specCid,
                         String initialModel, int roundsDone, Double finalMetric, Double bestMetric,
                         boolean regression, Instant deletedAt) {

    /** How long it ran: to its end, or to {@code now} while running; null for an interrupted run. */
    public Duration duration(Instant now) {
        if (endedAt != null) return Duration.between(startedAt, endedAt);
        return status == RunStatus.RUNNING ? Duration.between(startedAt, now) : null;
    }
}
