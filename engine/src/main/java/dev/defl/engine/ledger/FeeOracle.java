package dev.defl.engine.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * EIP-1559 fee suggestions from the node's recent blocks ({@code eth_feeHistory}, EIP-1559 / the
 * Ethereum JSON-RPC spec): the tip is the median of the 50th-percentile tips of the last
 * {@value #BLOCKS} blocks (when those blocks paid none, {@code eth_maxPriorityFeePerGas}, else 1 gwei),
 * and the maximum fee is {@code 2 * next base fee + tip}, which still includes the transaction after six
 * full blocks in a row (the base fee rises at most 12.5 % a block). Thread-safe; every call asks the node.
 */
public final class FeeOracle {
    /** Blocks of history considered. */
    public static final int BLOCKS = 5;
    /** Tip when the node gives no hint: 1 gwei, in wei. */
    public static final BigInteger FALLBACK_TIP = BigInteger.valueOf(1_000_000_000L);

    private final ChainConnection chain;

    public FeeOracle(ChainConnection chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /**
     * Fees for a transaction sent now.
     *
     * @throws ChainUnavailableException when the node does not answer, or answers {@code eth_feeHistory}
     *     with an error (a chain without EIP-1559)
     */
    public Eip1559Fees current() {
        try {
            var response = chain.web3j()
                    .ethFeeHistory(BLOCKS, DefaultBlockParameterName.LATEST, List.of(50.0))
                    .send();
            if (response.hasError() || response.getFeeHistory() == null) {
                String why = response.hasError() ? ChainConnection.errorText(response.getError()) : "no result";
                throw new ChainUnavailableException(chain.rpcUrl(), "eth_feeHistory failed (EIP-1559 fees need a "
                        + "London or later chain): " + why);
            }
            var history = response.getFeeHistory();
            List<BigInteger> baseFees = history.getBaseFeePerGas();
            BigInteger nextBaseFee = baseFees == null || baseFees.isEmpty() ? BigInteger.ZERO : baseFees.getLast();
            BigInteger tip = medianTip(history.getReward());
            if (tip.signum() == 0) {
                tip = nodeTip();
            }
            return new Eip1559Fees(nextBaseFee.shiftLeft(1).add(tip), tip);
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    /**
     * A web3j gas provider with these fees (fetched per transaction) and a fixed gas limit, for
     * web3j-generated contract wrappers.
     *
     * @param gasLimit gas limit of every transaction, in gas
     */
    public ContractEIP1559GasProvider gasProvider(BigInteger gasLimit) {
        Objects.requireNonNull(gasLimit, "gasLimit");
        long chainId = chain.chainId();
        return new ContractEIP1559GasProvider() {
            @Override
            public long getChainId() {
                return chainId;
            }

            @Override
            public BigInteger getMaxFeePerGas() {
                return current().maxFeePerGas();
            }

            @Override
            public BigInteger getMaxPriorityFeePerGas() {
                return current().maxPriorityFeePerGas();
            }

            @Override
            public BigInteger getGasPrice() {
                return current().maxFeePerGas();
            }

            @Override
            public BigInteger getGasLimit(Transaction transaction) {
                return gasLimit;
            }

            @Override
            public BigInteger getGasLimit() {
                return gasLimit;
            }
        };
    }

    private static BigInteger medianTip(List<List<BigInteger>> rewards) {
        List<BigInteger> tips = new ArrayList<>();
        if (rewards != null) {
            for (List<BigInteger> block : rewards) {
                if (block != null && !block.isEmpty() && block.getFirst() != null) {
                    tips.add(block.getFirst());
                }
            }
        }
        if (tips.isEmpty()) {
            return BigInteger.ZERO;
        }
        tips.sort(null);
        return tips.get(tips.size() / 2);
    }

    private BigInteger nodeTip() throws IOException {
        var response = chain.web3j().ethMaxPriorityFeePerGas().send();
        if (response.hasError() || response.getMaxPriorityFeePerGas() == null
                || response.getMaxPriorityFeePerGas().signum() == 0) {
            return FALLBACK_TIP;
        }
        return response.getMaxPriorityFeePerGas();
    }
}
