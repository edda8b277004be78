package dev.defl.engine.ledger.explorer;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One block as the explorer lists it.
 *
 * @param number block number
 * @param hash block hash, 0x-hex
 * @param timestamp block time (seconds resolution)
 * @param txCount transactions in the block
 * @param gasUsed gas used by all its transactions
 * @param gasLimit the block's gas limit
 * @param baseFeeWei EIP-1559 base fee per gas in wei (zero before London)
 * @param miner fee recipient, lower-case 0x-hex
 */
public record BlockSummary(long number, String hash, Instant timestamp, int txCount, long gasUsed, long gasLimit,
                           BigInteger baseFeeWei, String miner) {
}
