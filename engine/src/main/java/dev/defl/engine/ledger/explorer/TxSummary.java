package dev.defl.engine.ledger.explorer;

import java.math.BigInteger;

/**
 * One transaction as a block lists it.
 *
 * @param hash transaction hash, 0x-hex
 * @param blockNumber the block it was mined in
 * @param from sender, lower-case 0x-hex
 * @param to recipient, lower-case 0x-hex; "" for a contract creation
 * @param valueWei ether sent, in wei
 * @param method the decoded function name for a known contract, {@code deploy} for a creation,
 *     {@code transfer} for plain ether, else the 4-byte selector in hex
 */
public record TxSummary(String hash, long blockNumber, String from, String to, BigInteger valueWei, String method) {
}
