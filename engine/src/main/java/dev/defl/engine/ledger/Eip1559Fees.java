package dev.defl.engine.ledger;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The fee fields of an EIP-1559 (type 2) transaction, in wei per gas. The sender pays
 * {@code min(maxFeePerGas, baseFee + maxPriorityFeePerGas)} per gas used.
 *
 * @param maxFeePerGas         the most paid per gas, base fee included
 * @param maxPriorityFeePerGas the tip to the block producer per gas, at most {@code maxFeePerGas}
 */
public record Eip1559Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    /** @throws IllegalArgumentException for negative fees or a tip above the maximum fee */
    public Eip1559Fees {
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
        if (maxPriorityFeePerGas.signum() < 0 || maxFeePerGas.compareTo(maxPriorityFeePerGas) < 0) {
            throw new IllegalArgumentException("need 0 <= maxPriorityFeePerGas <= maxFeePerGas, got "
                    + maxPriorityFeePerGas + " and " + maxFeePerGas + " wei");
        }
    }
}
