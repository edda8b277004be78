package dev.defl.engine.ledger;

import java.time.Duration;

/**
 * What happens to the transactions a {@link TaskContract} sends, for metrics ({@link TaskContract#withTransactionListener}).
 * Called on the sending thread; implementations must be thread-safe and return quickly.
 */
public interface TransactionListener {
    /** Where a transaction was refused. */
    enum Stage {
        /** The {@code eth_call} or {@code eth_estimateGas} pre-flight reverted: nothing was sent, no gas spent. */
        PREFLIGHT,
        /** The transaction was mined with status 0 (the state changed after the pre-flight); its gas was spent. */
        MINED
    }

    /**
     * The node accepted a transaction ({@code eth_sendRawTransaction} answered its hash).
     *
     * @param function the contract function called ({@code submitUpdate}, {@code propose}, …)
     */
    default void sent(String function) {
    }

    /**
     * A sent transaction's receipt arrived.
     *
     * @param function     the contract function called
     * @param gasUsed      gas used, from the receipt (gas)
     * @param confirmation time from the broadcast to the receipt
     * @param succeeded    the receipt's status: false when it reverted on chain (also reported as {@link #reverted})
     */
    default void mined(String function, long gasUsed, Duration confirmation, boolean succeeded) {
    }

    /** The contract refused a transaction ({@link ContractRevertException}). */
    default void reverted(String function, Stage stage) {
    }

    /** A transaction was signed and sent once more because the node refused its nonce ("nonce too low"). */
    default void retried(String function) {
    }

    /** Ignores everything. */
    TransactionListener NONE = new TransactionListener() {
    };
}
