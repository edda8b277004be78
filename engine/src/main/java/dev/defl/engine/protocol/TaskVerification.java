package dev.defl.engine.protocol;

import dev.defl.engine.learning.StrategySpec;
import java.util.List;
import java.util.Objects;

/**
 * The result of auditing one task ({@link RoundVerifier#verify(long)}).
 *
 * @param taskId   the task id
 * @param contract the FederatedTasks contract address, lower-case 0x-hex
 * @param strategy the aggregation strategy replayed (from the task's spec document, or the defaults for the on-chain
 *                 rule code; see {@code notes})
 * @param notes    what the auditor assumed or skipped (missing strategy parameters, rounds that did not finalize),
 *                 one sentence each
 * @param rounds   one verdict per finalized round, in round order
 */
public record TaskVerification(long taskId, String contract, StrategySpec strategy, List<String> notes,
                               List<RoundVerdict> rounds) {
    public TaskVerification {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(strategy, "strategy");
        notes = List.copyOf(notes);
        rounds = List.copyOf(rounds);
    }

    /**
     * True when every finalized round recomputes to its finalized CID and that model reads back intact (also when no
     * round finalized yet).
     */
    public boolean allOk() {
        return rounds.stream().allMatch(RoundVerdict::ok);
    }

    /**
     * True when every finalized round passed ({@link RoundVerdict#passed()}: OK, or for a private task audited without
     * a committee key ENCRYPTED), also when no round finalized yet. For a public task, the same as {@link #allOk()}.
     */
    public boolean passed() {
        return rounds.stream().allMatch(RoundVerdict::passed);
    }

    /** True when some round's finalized model is not the honest aggregate ({@link RoundVerdict.Status#MISMATCH}). */
    public boolean anyMismatch() {
        return rounds.stream().anyMatch(v -> v.status() == RoundVerdict.Status.MISMATCH);
    }
}
