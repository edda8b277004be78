package dev.defl.engine.ledger.explorer;

import java.math.BigInteger;

/**
 * An account at the chain head.
 *
 * @param address lower-case 0x-hex
 * @param balanceWei balance in wei
 * @param nonce transactions sent (the next nonce)
 * @param codeSize bytes of deployed code; 0 for an externally owned account
 */
public record AccountSummary(String address, BigInteger balanceWei, long nonce, int codeSize) {
    /** Whether code is deployed at the address. */
    public boolean isContract() {
        return codeSize > 0;
    }
}
