package dev.defl.engine.ledger.explorer;

import dev.defl.engine.ledger.abi.DecodedCall;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A transaction with its receipt, decoded against the ABIs the explorer knows.
 *
 * @param hash transaction hash, 0x-hex
 * @param blockNumber block it was mined in; -1 while pending
 * @param txIndex position in the block; -1 while pending
 * @param from sender, lower-case 0x-hex
 * @param to recipient, lower-case 0x-hex; "" for a contract creation
 * @param nonce the sender's nonce
 * @param valueWei ether sent, wei
 * @param gasLimit gas limit
 * @param maxFeePerGasWei EIP-1559 max fee per gas in wei (the gas price of a legacy transaction)
 * @param input call data, 0x-hex
 * @param call the decoded call when {@code to} is a known contract and the selector is in its ABI
 * @param receipt the receipt; empty while pending
 */
public record TxDetails(String hash, long blockNumber, int txIndex, String from, String to, BigInteger nonce,
                        BigInteger valueWei, BigInteger gasLimit, BigInteger maxFeePerGasWei, String input,
                        Optional<DecodedCall> call, Optional<Receipt> receipt) {

    /**
     * A mined transaction's outcome.
     *
     * @param success status 1
     * @param gasUsed gas used by this transaction
     * @param effectiveGasPriceWei price paid per gas, wei
     * @param contractAddress the created contract for a deployment, else ""
     * @param logs the logs in order, decoded where the emitter's ABI is known
     * @param revert for a failed call to a known contract: the decoded custom error, replayed with
     *     {@code eth_call} at the parent block (nodes do not keep revert data in receipts); else
     *     empty
     */
    public record Receipt(boolean success, long gasUsed, BigInteger effectiveGasPriceWei, String contractAddress,
                          List<LogEntry> logs, Optional<String> revert) {
        public Receipt {
            logs = List.copyOf(logs);
        }
    }
}
