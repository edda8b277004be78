package dev.defl.engine.ledger;

/**
 * A task's state on the FederatedTasks contract ({@code getTask}).
 *
 * @param taskId       task id (1, 2, ... in creation order)
 * @param params       creation parameters
 * @param creator      creator address, lower-case 0x-hex; the only account that adds participants
 * @param status       ACTIVE while rounds run, COMPLETED after the last round ended, ABANDONED when its creator
 *                     ended it early ({@link TaskContract#abandonTask})
 * @param currentRound the latest opened round (rounds count from 1)
 * @param modelRound   the round whose global model is current (0: the initial model)
 */
public record TaskInfo(long taskId, TaskParams params, String creator, Status status, long currentRound,
        long modelRound) {
    /** Task status, in the contract's enum order. */
    public enum Status { NONE, ACTIVE, COMPLETED, ABANDONED }
}
