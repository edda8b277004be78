package dev.defl.app;

import dev.defl.engine.protocol.CommitMode;
import picocli.CommandLine.Option;

/**
 * {@code --commit per-update|merkle}: how the task's updates reach the chain ({@link CommitMode}), recorded in the
 * task's on-chain parameters ({@code merkleMode}), which every node reads.
 */
final class CommitModeOption {
    @Option(names = "--commit", paramLabel = "MODE", defaultValue = "per-update",
            description = "How updates reach the chain: per-update (each client sends a transaction, ~45k gas) or "
                    + "merkle (clients sign off chain; an aggregator commits the round's Merkle root and manifest in one "
                    + "transaction, ~63k gas whatever the number of clients). Default: ${DEFAULT-VALUE}.")
    String commit;

    /**
     * The chosen mode.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    CommitMode mode() {
        try {
            return CommitMode.parse(commit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--commit: " + e.getMessage(), e);
        }
    }
}
