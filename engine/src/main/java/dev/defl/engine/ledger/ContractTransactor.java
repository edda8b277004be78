package dev.defl.engine.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.web3j.tx.TransactionManager;

/**
 * Sends contract transactions and calls with revert decoding: the transport under {@link TaskContract}.
 *
 * <p>Every transaction is first simulated from the sender with {@code eth_estimateGas} on the pending
 * block (one request: a node that refuses the block parameter gets {@code eth_call}, then the
 * estimate), so a refusal is reported as a {@link ContractRevertException} with the decoded custom
 * error before any gas is spent, and block-number deadlines are judged as the mined transaction will
 * see them; a transaction that is mined but fails anyway (the state changed in between) is replayed
 * with {@code eth_call} at its block, then its parent, to recover the error. Gas limit: the estimate
 * plus 25 %. The transaction is then sent as an EIP-1559 (type 2)
 * transaction through the sender's {@link TransactionSender} (fees from its {@link FeeOracle}, nonce
 * from its local counter, journaled in the {@link PendingJournal} if one was given) and its receipt
 * awaited through that sender, which drops the journal entry. When the node answers "nonce too low"
 * (another client of the same account used the nonce; the sender then re-reads its counter), the
 * transaction is signed and sent once more.
 *
 * <p>Thread-safe: one {@link TransactionSender} per sender address, so concurrent transactions of
 * one account get distinct nonces (handed out in the order they are signed) and no lock is held
 * while simulating or waiting for a receipt.
 */
final class ContractTransactor {
    private static final BigInteger GAS_MARGIN_PERCENT = BigInteger.valueOf(125);
    /** JSON-RPC error code of invalid method parameters. */
    private static final int INVALID_PARAMS = -32602;
    /** Gas limit when the pre-flight (eth_call + eth_estimateGas) is skipped, test seam only. */
    private static final BigInteger UNCHECKED_GAS_LIMIT = BigInteger.valueOf(1_000_000);

    /** One account's sender and its web3j view (which reports a rejection as a response error). */
    private record Account(TransactionSender sender, TransactionManager manager) {
    }

    private final ChainConnection chain;
    private final RevertDecoder reverts;
    private final PendingJournal journal;
    private final boolean preflight;
    private final ConcurrentMap<String, Account> accounts;
    private final TransactionListener listener;

    private ContractTransactor(ChainConnection chain, RevertDecoder reverts, PendingJournal journal, boolean preflight,
            ConcurrentMap<String, Account> accounts, TransactionListener listener) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.reverts = Objects.requireNonNull(reverts, "reverts");
        this.journal = journal;
        this.preflight = preflight;
        this.accounts = accounts;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A transport on {@code chain} decoding reverts with {@code reverts}.
     *
     * @param journal where the senders journal their signed-but-unconfirmed transactions; null for none
     */
    ContractTransactor(ChainConnection chain, RevertDecoder reverts, PendingJournal journal) {
        this(chain, reverts, journal, true, new ConcurrentHashMap<>(), TransactionListener.NONE);
    }

    /** The same transport (same senders, so same nonce counters) without the pre-flight: refusals show only in receipts. */
    ContractTransactor withoutPreflight() {
        return new ContractTransactor(chain, reverts, journal, false, accounts, listener);
    }

    /** The same transport (same senders, so same nonce counters) reporting its transactions to {@code listener}. */
    ContractTransactor withListener(TransactionListener listener) {
        return new ContractTransactor(chain, reverts, journal, preflight, accounts, listener);
    }

    /** Simulates, sends and awaits one transaction; {@code to == null} creates a contract. */
    TransactionReceipt transact(Credentials sender, String functionName, String to, String data) {
        return transact(sender, functionName, to, data, BigInteger.ZERO);
    }

    /**
     * As {@link #transact(Credentials, String, String, String)} with a gas limit of at least {@code minGasLimit}: for a
     * transaction whose cost depends on what lands before it (a vote that may be the finalizing one).
     */
    TransactionReceipt transact(Credentials sender, String functionName, String to, String data, BigInteger minGasLimit) {
        Objects.requireNonNull(sender, "sender");
        Web3j web3j = chain.web3j();
        Account account = accounts.computeIfAbsent(sender.getAddress().toLowerCase(Locale.ROOT), a -> {
            TransactionSender s = TransactionSender.create(chain, sender, journal);
            return new Account(s, s.transactionManager());
        });
        String from = sender.getAddress();
        Transaction call = new Transaction(from, null, null, null, to, null, data);
        try {
            BigInteger gasLimit = UNCHECKED_GAS_LIMIT;
            if (preflight) {
                // one request: the estimate runs the call on the "pending" block, whose block.number is that of
                // the block the transaction will be mined in (a deadline passing with this very block is seen before
                // sending), and a refusal comes back as its error with the revert data, as from eth_call
                var estimate = chain.estimateGasPending(call);
                if (estimate.hasError() && estimate.getError().getCode() == INVALID_PARAMS) {
                    // a node that takes no block parameter for eth_estimateGas: simulate first, then estimate
                    EthCall simulated = web3j.ethCall(call, DefaultBlockParameterName.PENDING).send();
                    if (simulated.hasError() || simulated.isReverted()) {
                        listener.reverted(functionName, TransactionListener.Stage.PREFLIGHT);
                        throw revert(functionName, simulated);
                    }
                    estimate = web3j.ethEstimateGas(call).send();
                }
                if (estimate.hasError()) {
                    RuntimeException refused = revertOrRejected(functionName, estimate.getError(), "eth_estimateGas");
                    if (refused instanceof ContractRevertException) {
                        listener.reverted(functionName, TransactionListener.Stage.PREFLIGHT);
                    }
                    throw refused;
                }
                gasLimit = estimate.getAmountUsed().multiply(GAS_MARGIN_PERCENT).divide(BigInteger.valueOf(100))
                        .max(minGasLimit);
            }
            long broadcast = System.nanoTime();
            EthSendTransaction sent = send(account, gasLimit, to, data);
            if (sent.hasError() && nonceTaken(sent.getError())) {
                // another client of this account (a wallet, another process) used the nonce: the
                // sender reads its counter from the node again after a rejection, so sign once more
                listener.retried(functionName);
                broadcast = System.nanoTime();
                sent = send(account, gasLimit, to, data);
            }
            if (sent.hasError()) {
                RuntimeException refused = revertOrRejected(functionName, sent.getError(), "eth_sendRawTransaction");
                if (refused instanceof ContractRevertException) {
                    listener.reverted(functionName, TransactionListener.Stage.PREFLIGHT);
                }
                throw refused;
            }
            listener.sent(functionName);
            TransactionReceipt receipt = account.sender().awaitReceipt(sent.getTransactionHash());
            Duration confirmation = Duration.ofNanos(System.nanoTime() - broadcast);
            long gasUsed = receipt.getGasUsed() == null ? 0 : receipt.getGasUsed().longValue();
            listener.mined(functionName, gasUsed, confirmation, receipt.isStatusOK());
            if (!receipt.isStatusOK()) {
                listener.reverted(functionName, TransactionListener.Stage.MINED);
                throw minedFailure(functionName, call, receipt);
            }
            return receipt;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    /** Signs and broadcasts one EIP-1559 transaction priced by the sender's fee oracle; a rejection is the response's error. */
    private EthSendTransaction send(Account account, BigInteger gasLimit, String to, String data) throws IOException {
        Eip1559Fees fees = account.sender().fees().current();
        return account.manager().sendEIP1559Transaction(chain.chainId(), fees.maxPriorityFeePerGas(),
                fees.maxFeePerGas(), gasLimit, to, data, BigInteger.ZERO, to == null);
    }

    /** Whether the node rejected a transaction because its nonce was already used (geth, anvil: "nonce too low"). */
    private static boolean nonceTaken(Response.Error error) {
        String message = error.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("nonce too low");
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
