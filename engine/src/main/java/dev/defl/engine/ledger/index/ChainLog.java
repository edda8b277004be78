package dev.defl.engine.ledger.index;

import java.util.List;

/**
 * One event log as the node returned it ({@code eth_getLogs}), kept raw so that it can be decoded
 * with whichever ABI is current ({@link dev.defl.engine.ledger.abi.ContractAbi}).
 *
 * @param blockNumber the block that contains the log
 * @param blockHash that block's hash, 0x-hex
 * @param txHash the transaction that emitted it, 0x-hex
 * @param txIndex the transaction's position in the block
 * @param logIndex the log's position in the block
 * @param address the emitting contract, lower-case 0x-hex
 * @param topics topic 0 (the event signature hash) then the indexed arguments, 0x-hex 32 bytes each
 * @param data the non-indexed arguments, ABI-encoded, 0x-hex
 */
public record ChainLog(long blockNumber, String blockHash, String txHash, int txIndex, int logIndex,
                       String address, List<String> topics, String data) {
    public ChainLog {
        topics = List.copyOf(topics);
    }
}
