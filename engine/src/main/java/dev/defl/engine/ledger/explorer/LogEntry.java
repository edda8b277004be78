package dev.defl.engine.ledger.explorer;

import dev.defl.engine.ledger.abi.DecodedEvent;
import java.util.List;
import java.util.Optional;

/**
 * One log of a receipt.
 *
 * @param logIndex position in the block
 * @param address emitting contract, lower-case 0x-hex
 * @param event the decoded event when the contract's ABI is known and has it
 * @param topics raw topics, 0x-hex
 * @param data raw data, 0x-hex
 */
public record LogEntry(int logIndex, String address, Optional<DecodedEvent> event, List<String> topics, String data) {
    public LogEntry {
        topics = List.copyOf(topics);
    }
}
