package dev.defl.engine.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongFunction;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

/**
 * Sends the transactions of one account: EIP-1559 (type 2) transactions priced by a {@link FeeOracle},
 * nonces handed out locally so that concurrent senders of the same account never collide, and every
 * signed transaction journaled before it is broadcast so that after a crash it is looked up by hash
 * before anything is re-sent ({@link #recover()}).
 *
 * <p>Nonces: the first one is the node's {@code eth_getTransactionCount(from, "pending")}; each
 * transaction takes the next. Signing, journaling and broadcasting happen in nonce order under one
 * lock (a few milliseconds); waiting for receipts does not hold it. When the node rejects a
 * transaction (not a connection error), the counter is re-read from the node for the next one.
 *
 * <p>Use one instance per account and process. Thread-safe.
 */
public final class TransactionSender {
    /** What {@link #recover()} found for a journaled transaction. */
    public enum Outcome {
        /** Its receipt is on chain (the journal entry is dropped). */
        MINED,
        /** The node still holds it in its pool; await its receipt. */
        PENDING,
        /** The node did not know it and its nonce was still free: the same signed bytes were sent again. */
        RESENT,
        /** The node did not know it and another transaction used its nonce: it will never be mined (dropped). */
        REPLACED
    }

    /**
     * One journaled transaction and what {@link #recover()} did with it.
     *
     * @param transaction the journaled transaction
     * @param outcome     what was found
     */
    public record Recovery(PendingTransaction transaction, Outcome outcome) {
    }

    private final ChainConnection chain;
    private final Credentials credentials;
    private final String from;
    private final FeeOracle fees;
    private final PendingJournal journal;
    /** Next nonce to hand out; -1 = ask the node. Guarded by {@code this}. */
    private long nextNonce = -1;

    private TransactionSender(ChainConnection chain, Credentials credentials, FeeOracle fees, PendingJournal journal) {
        this.chain = chain;
        this.credentials = credentials;
        this.from = credentials.getAddress().toLowerCase(Locale.ROOT);
        this.fees = fees;
        this.journal = journal;
    }

    /**
     * A sender for {@code credentials} on {@code chain}, journaling to {@code journal}.
     *
     * @param journal where unconfirmed transactions are kept, or null for none (no crash recovery)
     */
    public static TransactionSender create(ChainConnection chain, Credentials credentials, PendingJournal journal) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(credentials, "credentials");
        return new TransactionSender(chain, credentials, new FeeOracle(chain), journal);
    }

    /** The sender address, lower-case 0x-hex. */
    public String from() {
        return from;
    }

    /** The fee oracle pricing this sender's transactions. */
    public FeeOracle fees() {
        return fees;
    }

    /**
     * Signs an EIP-1559 transaction with the next nonce and journals it, without broadcasting it.
     * Follow with {@link #broadcast(PendingTransaction)}; until then later nonces wait behind it.
     *
     * @param to       recipient or contract, 0x-hex; null or empty to create a contract
     * @param data     call data or init code, 0x-hex (may be "0x")
     * @param valueWei ether sent, in wei
     * @param gasLimit gas limit, in gas
     * @throws ChainUnavailableException when the node does not answer
     */
    public PendingTransaction sign(String to, String data, BigInteger valueWei, BigInteger gasLimit) {
        RawTransactionFactory factory = eip1559(to, data, valueWei, gasLimit, fees.current());
        synchronized (this) {
            return signAndJournal(factory::create);
        }
    }

    /**
     * Signs, journals and broadcasts an EIP-1559 transaction ({@code eth_sendRawTransaction}).
     *
     * @return the sent transaction (its hash and nonce)
     * @throws IllegalStateException naming the hash, nonce and node's message when the node rejects it
     *     (e.g. insufficient funds); the journal entry is dropped
     * @throws ChainUnavailableException when the node does not answer (after retries); the journal
     *     entry is kept for {@link #recover()}
     */
    public PendingTransaction send(String to, String data, BigInteger valueWei, BigInteger gasLimit) {
        RawTransactionFactory factory = eip1559(to, data, valueWei, gasLimit, fees.current());
        PendingTransaction tx;
        EthSendTransaction response;
        synchronized (this) {
            tx = signAndJournal(factory::create);
            response = broadcastLocked(tx);
        }
        if (response.hasError()) {
            throw rejected(tx, response);
        }
        return tx;
    }

    /**
     * Broadcasts a transaction from {@link #sign}, or re-sends one (the same bytes, so the same hash).
     *
     * @throws IllegalStateException when the node rejects it and does not know it
     */
    public void broadcast(PendingTransaction tx) {
        EthSendTransaction response;
        synchronized (this) {
            response = broadcastLocked(tx);
        }
        if (response.hasError()) {
            throw rejected(tx, response);
        }
    }

    /**
     * Waits for the receipt of {@code tx} (polling at the connection's interval up to its receipt
     * timeout) and drops it from the journal.
     *
     * @throws IllegalStateException naming the hash when no receipt came within the timeout
     * @throws ChainUnavailableException when the node does not answer
     */
    public TransactionReceipt awaitReceipt(PendingTransaction tx) {
        return awaitReceipt(tx.hash());
    }

    /**
     * Waits for the receipt of the transaction {@code hash} sent by this sender (e.g. through
     * {@link #transactionManager()}) and drops it from the journal.
     *
     * @throws IllegalStateException naming the hash when no receipt came within the timeout
     * @throws ChainUnavailableException when the node does not answer
     */
    public TransactionReceipt awaitReceipt(String hash) {
        TransactionReceipt receipt;
        try {
            receipt = chain.receiptProcessor().waitForTransactionReceipt(hash);
        } catch (TransactionException e) {
            throw new IllegalStateException("no receipt for transaction " + hash + " from " + from + " within "
                    + chain.settings().receiptTimeout().toSeconds() + " s on " + chain.rpcUrl(), e);
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
        if (journal != null) {
            journal.remove(from, hash);
        }
        return receipt;
    }

    /** {@link #send} then {@link #awaitReceipt}. */
    public TransactionReceipt sendAndAwait(String to, String data, BigInteger valueWei, BigInteger gasLimit) {
        return awaitReceipt(send(to, data, valueWei, gasLimit));
    }

    /**
     * After a restart: looks up every journaled transaction of this account by hash before anything
     * is re-sent. Mined ones and ones whose nonce another transaction took are dropped from the
     * journal; ones the node forgot (a chain restored from an older state) are re-sent as they were.
     * Afterwards the nonce counter is re-read from the node. Await the receipts of PENDING and
     * RESENT ones with {@link #awaitReceipt(PendingTransaction)}.
     *
     * @return one entry per journaled transaction, in nonce order; empty without a journal
     * @throws ChainUnavailableException when the node does not answer
     */
    public synchronized List<Recovery> recover() {
        if (journal == null) {
            return List.of();
        }
        try {
            return recover(chain, journal, from);
        } finally {
            nextNonce = -1;
        }
    }

    /**
     * As {@link #recover()}, for the journaled transactions of {@code from} without its key (the
     * journal holds signed bytes): e.g. for every address of {@link PendingJournal#accounts()} when a
     * workspace opens.
     *
     * @throws ChainUnavailableException when the node does not answer
     * @throws IllegalStateException when the node rejects a re-sent transaction it does not know
     */
    public static List<Recovery> recover(ChainConnection chain, PendingJournal journal, String from) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(journal, "journal");
        String sender = from.toLowerCase(Locale.ROOT);
        List<Recovery> result = new ArrayList<>();
        Web3j web3j = chain.web3j();
        try {
            for (PendingTransaction tx : journal.pending(sender)) {
                var receipt = web3j.ethGetTransactionReceipt(tx.hash()).send();
                if (receipt.getTransactionReceipt().isPresent()) {
                    journal.remove(sender, tx.hash());
                    result.add(new Recovery(tx, Outcome.MINED));
                    continue;
                }
                if (web3j.ethGetTransactionByHash(tx.hash()).send().getTransaction().isPresent()) {
                    result.add(new Recovery(tx, Outcome.PENDING));
                    continue;
                }
                var count = web3j.ethGetTransactionCount(sender, DefaultBlockParameterName.LATEST).send();
                if (count.hasError()) {
                    throw new ChainUnavailableException(chain.rpcUrl(),
                            "eth_getTransactionCount failed: " + ChainConnection.errorText(count.getError()));
                }
                if (count.getTransactionCount().longValueExact() > tx.nonce()) {
                    journal.remove(sender, tx.hash());
                    result.add(new Recovery(tx, Outcome.REPLACED));
                    continue;
                }
                EthSendTransaction response = web3j.ethSendRawTransaction(tx.signedRaw()).send();
                if (response.hasError() && web3j.ethGetTransactionByHash(tx.hash()).send().getTransaction().isEmpty()) {
                    throw new IllegalStateException("re-sending transaction " + tx.hash() + " (nonce " + tx.nonce()
                            + " from " + sender + ") was rejected by " + chain.rpcUrl() + ": "
                            + ChainConnection.errorText(response.getError()));
                }
                result.add(new Recovery(tx, Outcome.RESENT));
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
        return List.copyOf(result);
    }

    /**
     * This sender as a web3j {@link TransactionManager}, for web3j-generated wrappers and hand-written
     * contract bindings: {@code sendEIP1559Transaction} and legacy {@code sendTransaction} take their
     * nonce from this sender and are journaled; {@code executeTransaction*} waits with
     * {@link #awaitReceipt(PendingTransaction)}. A rejected transaction comes back as an
     * {@link EthSendTransaction} with its error (as web3j's own managers do).
     */
    public TransactionManager transactionManager() {
        return new Manager();
    }

    // ---- internals ----

    @FunctionalInterface
    private interface RawTransactionFactory {
        RawTransaction create(long nonce);
    }

    private RawTransactionFactory eip1559(String to, String data, BigInteger valueWei, BigInteger gasLimit,
            Eip1559Fees fee) {
        Objects.requireNonNull(valueWei, "valueWei");
        Objects.requireNonNull(gasLimit, "gasLimit");
        String recipient = to == null ? "" : to;
        String input = data == null ? "" : data;
        long chainId = chain.chainId();
        return nonce -> RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit, recipient,
                valueWei, input, fee.maxPriorityFeePerGas(), fee.maxFeePerGas());
    }

    /** Takes the next nonce, signs, journals. Caller holds the lock. */
    private PendingTransaction signAndJournal(LongFunction<RawTransaction> factory) {
        long nonce = nextNonce >= 0 ? nextNonce : transactionCount(DefaultBlockParameterName.PENDING);
        RawTransaction raw = factory.apply(nonce);
        byte[] signed = raw.getType().isLegacy()
                ? TransactionEncoder.signMessage(raw, chain.chainId(), credentials)
                : TransactionEncoder.signMessage(raw, credentials);
        String hex = Numeric.toHexString(signed);
        PendingTransaction tx = new PendingTransaction(Hash.sha3(hex), from, nonce, hex, Instant.now());
        if (journal != null) {
            journal.add(tx);
        }
        nextNonce = nonce + 1;
        return tx;
    }

    /**
     * eth_sendRawTransaction; an error answer for a transaction the node nevertheless knows (a retry
     * after a lost answer: "already known", "nonce too low") counts as sent. Caller holds the lock.
     */
    private EthSendTransaction broadcastLocked(PendingTransaction tx) {
        Web3j web3j = chain.web3j();
        try {
            EthSendTransaction response = web3j.ethSendRawTransaction(tx.signedRaw()).send();
            if (!response.hasError()) {
                if (!tx.hash().equalsIgnoreCase(response.getTransactionHash())) {
                    throw new IllegalStateException("node at " + chain.rpcUrl() + " reported hash "
                            + response.getTransactionHash() + " for transaction " + tx.hash());
                }
                return response;
            }
            if (web3j.ethGetTransactionByHash(tx.hash()).send().getTransaction().isPresent()) {
                EthSendTransaction known = new EthSendTransaction();
                known.setResult(tx.hash());
                return known;
            }
            nextNonce = -1;
            if (journal != null) {
                journal.remove(from, tx.hash());
            }
            return response;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    private IllegalStateException rejected(PendingTransaction tx, EthSendTransaction response) {
        return new IllegalStateException("transaction " + tx.hash() + " (nonce " + tx.nonce() + " from " + from
                + ") rejected by " + chain.rpcUrl() + ": " + ChainConnection.errorText(response.getError()));
    }

    private long transactionCount(DefaultBlockParameterName block) {
        try {
            var response = chain.web3j().ethGetTransactionCount(from, block).send();
            if (response.hasError()) {
                throw new ChainUnavailableException(chain.rpcUrl(),
                        "eth_getTransactionCount failed: " + ChainConnection.errorText(response.getError()));
            }
            return response.getTransactionCount().longValueExact();
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    /** The web3j view of this sender. */
    private final class Manager extends TransactionManager {
        Manager() {
            super(chain.receiptProcessor(), credentials.getAddress());
        }

        @Override
        public EthSendTransaction sendTransaction(BigInteger gasPrice, BigInteger gasLimit, String to, String data,
                BigInteger value, boolean constructor) {
            String recipient = constructor || to == null ? "" : to;
            synchronized (TransactionSender.this) {
                PendingTransaction tx = signAndJournal(nonce -> RawTransaction.createTransaction(
                        BigInteger.valueOf(nonce), gasPrice, gasLimit, recipient, value, data == null ? "" : data));
                return broadcastLocked(tx);
            }
        }

        @Override
        public EthSendTransaction sendEIP1559Transaction(long chainId, BigInteger maxPriorityFeePerGas,
                BigInteger maxFeePerGas, BigInteger gasLimit, String to, String data, BigInteger value,
                boolean constructor) {
            if (chainId != chain.chainId()) {
                throw new WrongChainException(chain.rpcUrl(), chainId, chain.chainId());
            }
            Eip1559Fees fee = new Eip1559Fees(maxFeePerGas, maxPriorityFeePerGas);
            RawTransactionFactory factory = eip1559(constructor ? null : to, data, value, gasLimit, fee);
            synchronized (TransactionSender.this) {
                return broadcastLocked(signAndJournal(factory::create));
            }
        }

        @Override
        public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
            var response = chain.web3j()
                    .ethCall(Transaction.createEthCallTransaction(from, to, data), block)
                    .send();
            if (response.hasError()) {
                throw new IllegalStateException("eth_call to " + to + " failed: "
                        + ChainConnection.errorText(response.getError()));
            }
            return response.getValue();
        }

        @Override
        public EthGetCode getCode(String address, DefaultBlockParameter block) throws IOException {
            return chain.web3j().ethGetCode(address, block).send();
        }

        @Override
        protected TransactionReceipt processResponse(EthSendTransaction response) {
            if (response.hasError()) {
                throw new IllegalStateException("transaction from " + from + " rejected by " + chain.rpcUrl() + ": "
                        + ChainConnection.errorText(response.getError()));
            }
            return awaitReceipt(response.getTransactionHash());
        }
    }
}
