package dev.defl.engine.ledger;

import java.util.List;

/**
 * A mined, successful transaction.
 *
 * @param txHash transaction hash, 0x-hex
 * @param gasUsed gas used by the transaction (from the receipt)
 * @param blockNumber block the transaction was mined in
 * @param events the task contract's events in the receipt's logs, in log order
 */
public record TxResult(String txHash, long gasUsed, long blockNumber, List<TaskEvent> events) {
    public TxResult {
        events = List.copyOf(events);
    }
}
