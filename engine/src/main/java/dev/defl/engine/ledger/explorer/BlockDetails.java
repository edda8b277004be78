package dev.defl.engine.ledger.explorer;

import java.util.List;

/**
 * A block with its transactions.
 *
 * @param summary the block's header fields
 * @param parentHash the parent block's hash, 0x-hex
 * @param transactions its transactions in block order
 */
public record BlockDetails(BlockSummary summary, String parentHash, List<TxSummary> transactions) {
    public BlockDetails {
        transactions = List.copyOf(transactions);
    }
}
