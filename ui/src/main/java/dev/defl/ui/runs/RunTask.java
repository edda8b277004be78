package dev.defl.ui.runs;

/**
 * The task on chain of the run selected in the Runs pane, for the panes that follow it (Peers).
 *
 * @param runId    the run
 * @param chainId  EIP-155 chain id
 * @param contract the FederatedTasks contract, 0x-prefixed
 * @param taskId   the task on it
 * @param ownChain whether the run was an experiment of this data directory (its task is on the workspace's contract)
 */
public record RunTask(long runId, long chainId, String contract, long taskId, boolean ownChain) {
}
