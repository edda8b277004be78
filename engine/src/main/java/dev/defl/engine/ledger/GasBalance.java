package dev.defl.engine.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The balance check a peer makes before it starts: an account that cannot pay for its first transactions is named at
 * once, with how to fund it, instead of failing with "insufficient funds for gas" after minutes of work (a client
 * trains before its first transaction).
 */
public final class GasBalance {
    /** Gas of a peer's transactions in one round, rounded up: an aggregator's propose (167 466) and finalize (157 266). */
    public static final long NODE_GAS = 400_000;
    /** Gas of {@code task create} with a deployment (1 415 343), the task and its participants, rounded up. */
    public static final long CREATE_GAS = 3_000_000;
    /** Gas of {@code task create --contract} or {@code task add}: the task and a few participants, rounded up. */
    public static final long TASK_GAS = 1_000_000;

    private GasBalance() {
    }

    /** Thrown when an account cannot pay for the gas it is about to need; the message names the address and the fix. */
    public static final class InsufficientBalanceException extends RuntimeException {
        InsufficientBalanceException(String message) {
            super(message);
        }
    }

    /**
     * Checks that {@code address} holds at least {@code gas} × the current max fee per gas (EIP-1559, {@link FeeOracle}).
     *
     * @param what who needs it, for the message, e.g. {@code "a client"}
     * @return the balance, in wei
     * @throws InsufficientBalanceException naming the address, its balance, the need and the command that funds it on
     *     a dev chain ({@code defl account fund ADDRESS --chain URL})
     * @throws ChainUnavailableException when the node does not answer
     */
    public static BigInteger require(ChainConnection chain, String address, long gas, String what) {
        Objects.requireNonNull(chain, "chain");
        BigInteger balance = chain.balance(address);
        BigInteger price = new FeeOracle(chain).current().maxFeePerGas();
        BigInteger need = price.multiply(BigInteger.valueOf(gas));
        if (balance.compareTo(need) >= 0 && balance.signum() > 0) return balance;
        throw new InsufficientBalanceException("account " + address + " has " + ether(balance) + " on chain "
                + chain.chainId() + " (" + chain.rpcUrl() + "); " + what + " needs at least " + ether(need) + " for gas ("
                + gas + " gas at " + price + " wei): fund it first, on a dev chain with `defl account fund " + address
                + " --chain " + chain.rpcUrl() + "`, elsewhere by a transfer from a funded account");
    }

    /** Wei as ether, up to 6 decimals (rounded up, so a need is never understated), e.g. {@code 0.0004 ETH}. */
    static String ether(BigInteger wei) {
        return new BigDecimal(wei).movePointLeft(18).setScale(6, RoundingMode.UP).stripTrailingZeros().toPlainString() + " ETH";
    }
}
