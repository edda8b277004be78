package dev.defl.engine.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;

/**
 * Sends contract transactions and calls with revert decoding: the transport under {@link TaskContract}.
 *
 * <p>Every transaction is first simulated with {@code eth_call} from the sender, so a refusal is
 * reported as a {@link ContractRevertException} with the decoded custom error before any gas is
 * spent (simulated on the pending block, so block-number deadlines are judged as the mined
 * transaction will see them); a transaction that is mined but fails anyway (the state changed in
 * between) is replayed with {@code eth_call} at its block, then its parent, to recover the error. Gas limit: {@code eth_estimateGas}
 * plus 25 %; gas price: {@code eth_gasPrice} (legacy transactions signed with the chain id, EIP-155).
 *
 * <p>Thread-safe: one {@link RawTransactionManager} per sender address; transactions of the same
 * sender are serialized (nonce order), those of distinct senders run in parallel.
 */
final class ContractTransactor {
    private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(125);
    /** Gas limit when the pre-flight (eth_call + eth_estimateGas) is skipped, test seam only. */
    private static final BigInteger UNCHECKED_GAS_LIMIT = BigInteger.valueOf(1_000_000);

    private final ChainConnection chain;
    private final RevertDecoder reverts;
    private final boolean preflight;
    private final ConcurrentMap<String, RawTransactionManager> managers;

    private ContractTransactor(ChainConnection chain, RevertDecoder reverts, boolean preflight,
            ConcurrentMap<String, RawTransactionManager> managers) {
        this.chain = chain;
        this.reverts = reverts;
        this.preflight = preflight;
        this.managers = managers;
    }

    ContractTransactor(ChainConnection chain, RevertDecoder reverts) {
        this(chain, reverts, true, new ConcurrentHashMap<>());
    }

    /** The same transport (same nonce managers) without the pre-flight: refusals show only in receipts. */
    ContractTransactor withoutPreflight() {
        return new ContractTransactor(chain, reverts, false, managers);
    }

    /** Simulates, sends and awaits one transaction; {@code to == null} creates a contract. */
    TransactionReceipt transact(Credentials sender, String functionName, String to, String data) {
        Objects.requireNonNull(sender, "sender");
        Web3j web3j = chain.web3j();
        RawTransactionManager manager = managers.computeIfAbsent(sender.getAddress(),
                a -> new RawTransactionManager(web3j, sender, chain.chainId()));
        String from = sender.getAddress();
        Transaction call = new Transaction(from, null, null, null, to, null, data);
        try {
            synchronized (manager) {
                BigInteger gasLimit = UNCHECKED_GAS_LIMIT;
                if (preflight) {
                    // "pending": block.number is that of the block the transaction will be mined in, so
                    // a deadline (block number) passing with this very block is seen before sending
                    EthCall simulated = web3j.ethCall(call, DefaultBlockParameterName.PENDING).send();
                    if (simulated.hasError() || simulated.isReverted()) {
                        throw revert(functionName, simulated);
                    }
                    var estimate = web3j.ethEstimateGas(call).send();
                    if (estimate.hasError()) {
                        throw revertOrRejected(functionName, estimate.getError(), "eth_estimateGas");
                    }
                    gasLimit = estimate.getAmountUsed().multiply(GAS_MARGIN_PERCENT).divide(BigInteger.valueOf(100));
                }
                var gasPrice = web3j.ethGasPrice().send();
                if (gasPrice.hasError()) {
                    throw new IllegalStateException("eth_gasPrice failed: " + ChainConnection.errorText(gasPrice.getError()));
                }
                EthSendTransaction sent = manager.sendTransaction(gasPrice.getGasPrice(), gasLimit, to, data,
                        BigInteger.ZERO, to == null);
                if (sent.hasError()) {
                    throw revertOrRejected(functionName, sent.getError(), "eth_sendRawTransaction");
                }
                TransactionReceipt receipt = chain.receiptProcessor().waitForTransactionReceipt(sent.getTransactionHash());
                if (!receipt.isStatusOK()) {
                    throw minedFailure(functionName, call, receipt);
                }
                return receipt;
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        } catch (TransactionException e) {
            throw new IllegalStateException(functionName + ": no receipt: " + e.getMessage(), e);
        }
    }

    private ContractRevertException revert(String functionName, EthCall simulated) {
        Response.Error error = simulated.getError();
        if (error != null) {
            return reverts.decode(functionName, RevertDecoder.revertData(error.getData(), error.getMessage()),
                    ChainConnection.errorText(error));
        }
        return reverts.decode(functionName, RevertDecoder.revertData(simulated.getValue(), null), "eth_call reverted");
    }

    private RuntimeException revertOrRejected(String functionName, Response.Error error, String method) {
        Optional<String> data = RevertDecoder.revertData(error.getData(), error.getMessage());
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (data.isPresent() || message.contains("revert")) {
            return reverts.decode(functionName, data, ChainConnection.errorText(error));
        }
        return new IllegalStateException(functionName + ": " + method + " failed: " + ChainConnection.errorText(error));
    }

    /**
     * A mined transaction with status 0: replay it with {@code eth_call} at its own block (same
     * block number; the failed transaction changed no contract state), then at the parent block, to
     * get the revert data.
     */
    private ContractRevertException minedFailure(String functionName, Transaction call, TransactionReceipt receipt)
            throws IOException {
        String fallback = "transaction " + receipt.getTransactionHash() + " failed in block " + receipt.getBlockNumber();
        Optional<String> data = RevertDecoder.revertData(receipt.getRevertReason(), null);
        BigInteger block = receipt.getBlockNumber();
        for (BigInteger at : List.of(block, block.subtract(BigInteger.ONE).max(BigInteger.ZERO))) {
            if (data.isPresent()) {
                break;
            }
            EthCall replay = chain.web3j().ethCall(call, DefaultBlockParameter.valueOf(at)).send();
            if (replay.hasError()) {
                data = RevertDecoder.revertData(replay.getError().getData(), replay.getError().getMessage());
            }
        }
        return reverts.decode(functionName, data, fallback);
    }

    /** eth_call of a view; returns the decoded values (address: String, uintN: BigInteger, bytesN: byte[], bool: Boolean, arrays: List). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Object> call(String address, String functionName, List<? extends Type<?>> inputs,
            List<TypeReference<?>> outputs, DefaultBlockParameter block) {
        var function = new org.web3j.abi.datatypes.Function(functionName, (List) inputs, (List) outputs);
        Transaction call = Transaction.createEthCallTransaction(null, address, FunctionEncoder.encode(function));
        try {
            EthCall result = chain.web3j().ethCall(call, block).send();
            if (result.hasError() || result.isReverted()) {
                throw revert(functionName, result);
            }
            List<Object> values = new ArrayList<>();
            for (Type<?> value : FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters())) {
                values.add(value.getValue());
            }
            if (values.size() != outputs.size()) {
                throw new IllegalStateException(functionName + " returned " + result.getValue()
                        + ", not " + outputs.size() + " value(s): is " + address + " the expected contract?");
            }
            return values;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }
}
