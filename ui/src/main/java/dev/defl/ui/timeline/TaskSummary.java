package dev.defl.ui.timeline;

/**
 * One task of the workspace's FederatedTasks contract as the event index tells it, for the task picker.
 *
 * @param taskId         task id (1, 2, ... in creation order)
 * @param createdBlock   block of its {@code TaskCreated} event
 * @param completed      whether {@code TaskCompleted} was emitted
 * @param abandoned      whether {@code TaskAbandoned} was emitted: its creator ended it early (the run was stopped, or
 *                       the process that drove it died and the next one to open the data directory closed it)
 * @param plannedRounds  rounds the task runs ({@code TaskParams.rounds})
 * @param openedRounds   rounds opened so far
 * @param finalized      rounds finalized
 * @param failed         rounds failed
 * @param quorum         aggregator votes that finalize a proposal
 */
public record TaskSummary(long taskId, long createdBlock, boolean completed, boolean abandoned, long plannedRounds, long openedRounds,
                          long finalized, long failed, int quorum) {

    /** {@code "active"}, {@code "completed"} or {@code "abandoned"}. */
    public String state() {
        return completed ? "completed" : abandoned ? "abandoned" : "active";
    }

    /** The picker's text, e.g. {@code "Task 2 — completed, 3/3 rounds (1 failed), created block 14"}. */
    public String label() {
        return "Task " + taskId + " — " + state() + ", " + openedRounds + "/" + plannedRounds + " rounds"
                + (failed > 0 ? " (" + failed + " failed)" : "") + ", created block " + createdBlock;
    }

    @Override
    public String toString() {
        return label();
    }
}
