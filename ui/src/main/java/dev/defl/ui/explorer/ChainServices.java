package dev.defl.ui.explorer;

import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.index.LogIndex;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the Chain explorer pane reads; every call runs on the background executor.
 *
 * @param explorer   reads and decodes blocks, transactions and accounts
 * @param eventIndex the workspace contract's event index, synced, for CID searches; may supply null before any
 *                   task ran in this workspace
 * @param tasks      the workspace's FederatedTasks contract, for its state (tasks, rounds, proposals, votes);
 *                   may supply null before any task ran
 */
public record ChainServices(ChainExplorer explorer, Supplier<LogIndex> eventIndex, Supplier<TaskContract> tasks) {
    public ChainServices {
        Objects.requireNonNull(explorer, "explorer");
        Objects.requireNonNull(eventIndex, "eventIndex");
        Objects.requireNonNull(tasks, "tasks");
    }
}
