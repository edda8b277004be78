package dev.defl.engine.ledger.explorer;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainUnavailableException;
import dev.defl.engine.ledger.abi.AbiDecodingException;
import dev.defl.engine.ledger.abi.CidArguments;
import dev.defl.engine.ledger.abi.ContractAbi;
import dev.defl.engine.ledger.abi.DecodedCall;
import dev.defl.engine.ledger.abi.DecodedEvent;
import dev.defl.engine.ledger.index.ChainLog;
import dev.defl.engine.ledger.index.LogIndex;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Reads blocks, transactions, receipts and accounts from a chain and decodes calls, events and
 * revert reasons of the contracts whose ABI it is given: the model behind the chain explorer pane
 * and {@code defl chain tx}. Mined blocks and transactions are immutable, so they are kept in
 * bounded LRU caches ({@code cacheEntries} each); pending data and balances are never cached.
 *
 * <p>All methods perform JSON-RPC calls: use them off the UI thread. Thread-safe.
 */
public final class ChainExplorer {
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");
    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern NUMBER = Pattern.compile("#?[0-9]{1,18}");

    private final ChainConnection chain;
    private final ContractRecognizer contracts;
    private final Map<Long, BlockDetails> blocks;
    private final Map<String, TxDetails> txs;

    /**
     * @param chain the connection
     * @param contracts which ABI decodes which contract
     * @param cacheEntries blocks and mined transactions kept, each (≥ 1)
     */
    public ChainExplorer(ChainConnection chain, ContractRecognizer contracts, int cacheEntries) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.contracts = Objects.requireNonNull(contracts, "contracts");
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("cacheEntries must be ≥ 1, got " + cacheEntries);
        }
        this.blocks = lru(cacheEntries);
        this.txs = lru(cacheEntries);
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    /** Blocks and transactions currently cached (for the memory-bound test and the status bar). */
    public int cachedEntries() {
        return blocks.size() + txs.size();
    }

    /**
     * The chain head's number.
     *
     * @throws ChainUnavailableException when the node does not answer
     */
    public long head() {
        return chain.blockNumber();
    }

    /**
     * The newest {@code count} blocks, newest first.
     *
     * @throws ChainUnavailableException when the node does not answer
     */
    public List<BlockSummary> recentBlocks(int count) {
        long head = head();
        List<BlockSummary> out = new ArrayList<>();
        for (long n = head; n >= 0 && out.size() < count; n--) {
            out.add(block(n).summary());
        }
        return out;
    }

    /**
     * One block with its transactions.
     *
     * @throws NoSuchElementException "no block N (head is H)" when the chain has no such block
     * @throws ChainUnavailableException when the node does not answer
     */
    public BlockDetails block(long number) {
        BlockDetails cached = blocks.get(number);
        if (cached != null) {
            return cached;
        }
        EthBlock.Block block = send(web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                true), "eth_getBlockByNumber").getBlock();
        if (block == null) {
            throw new NoSuchElementException("no block " + number + " (head is " + head() + ")");
        }
        BlockDetails details = toDetails(block);
        blocks.put(number, details);
        return details;
    }

    /**
     * One block by hash.
     *
     * @throws NoSuchElementException when the chain has no block with that hash
     */
    public BlockDetails blockByHash(String hash) {
        EthBlock.Block block = send(web3j().ethGetBlockByHash(hash, true), "eth_getBlockByHash").getBlock();
        if (block == null) {
            throw new NoSuchElementException("no block or transaction with hash " + hash);
        }
        return block(block.getNumber().longValueExact());
    }

    private BlockDetails toDetails(EthBlock.Block b) {
        List<TxSummary> list = new ArrayList<>();
        for (EthBlock.TransactionResult<?> r : b.getTransactions()) {
            if (r.get() instanceof org.web3j.protocol.core.methods.response.Transaction t) {
                String to = t.getTo() == null ? "" : t.getTo().toLowerCase(Locale.ROOT);
                list.add(new TxSummary(t.getHash(), b.getNumber().longValueExact(), t.getFrom().toLowerCase(Locale.ROOT),
                        to, t.getValue(), method(to, t.getInput())));
            }
        }
        BigInteger baseFee = b.getBaseFeePerGas() == null ? BigInteger.ZERO : b.getBaseFeePerGas();
        BlockSummary summary = new BlockSummary(b.getNumber().longValueExact(), b.getHash(),
                Instant.ofEpochSecond(b.getTimestamp().longValueExact()), list.size(), b.getGasUsed().longValueExact(),
                b.getGasLimit().longValueExact(), baseFee, b.getMiner() == null ? "" : b.getMiner().toLowerCase(Locale.ROOT));
        return new BlockDetails(summary, b.getParentHash(), list);
    }

    private String method(String to, String input) {
        if (to.isEmpty()) {
            return "deploy";
        }
        if (input == null || input.length() < 10) {
            return "transfer";
        }
        ContractAbi abi = contracts.abiAt(to).orElse(null);
        if (abi != null) {
            try {
                Optional<DecodedCall> call = abi.decodeCall(input);
                if (call.isPresent()) {
                    return call.get().name();
                }
            } catch (AbiDecodingException e) {
                return input.substring(0, 10) + " (undecodable)";
            }
        }
        return input.substring(0, 10);
    }

    /**
     * One transaction with its receipt and decoded call, events and revert reason.
     *
     * @throws NoSuchElementException "no transaction HASH" when the node does not know it
     * @throws IllegalArgumentException when {@code hash} is not 32 bytes of 0x-hex
     * @throws ChainUnavailableException when the node does not answer
     */
    public TxDetails transaction(String hash) {
        if (!TX_HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not a transaction hash (0x + 64 hex digits): " + hash);
        }
        String key = hash.toLowerCase(Locale.ROOT);
        TxDetails cached = txs.get(key);
        if (cached != null) {
            return cached;
        }
        var t = send(web3j().ethGetTransactionByHash(key), "eth_getTransactionByHash").getTransaction()
                .orElseThrow(() -> new NoSuchElementException("no transaction " + key + " on " + chain.rpcUrl()));
        String to = t.getTo() == null ? "" : t.getTo().toLowerCase(Locale.ROOT);
        Optional<DecodedCall> call = Optional.empty();
        ContractAbi abi = to.isEmpty() ? null : contracts.abiAt(to).orElse(null);
        if (abi != null) {
            try {
                call = abi.decodeCall(t.getInput());
            } catch (AbiDecodingException e) {
                call = Optional.empty();
            }
        }
        Optional<TransactionReceipt> receipt = send(web3j().ethGetTransactionReceipt(key), "eth_getTransactionReceipt")
                .getTransactionReceipt();
        BigInteger maxFee = t.getMaxFeePerGasRaw() != null ? t.getMaxFeePerGas() : t.getGasPrice();
        // A receipt means mined; its block and index are the ones to show. The transaction object may still lack them:
        // anvil under load has answered eth_getTransactionByHash from its pool after the receipt existed.
        boolean mined = receipt.isPresent() && receipt.get().getBlockNumberRaw() != null;
        TxDetails details = new TxDetails(key, mined ? receipt.get().getBlockNumber().longValueExact() : -1,
                mined ? receipt.get().getTransactionIndex().intValueExact() : -1, t.getFrom().toLowerCase(Locale.ROOT), to, t.getNonce(),
                t.getValue(), t.getGas(), maxFee, t.getInput(), call, receipt.map(r -> toReceipt(t, r)));
        if (mined) {
            txs.put(key, details);
        }
        return details;
    }

    private TxDetails.Receipt toReceipt(org.web3j.protocol.core.methods.response.Transaction t, TransactionReceipt r) {
        List<LogEntry> logs = new ArrayList<>();
        for (Log log : r.getLogs()) {
            String address = log.getAddress().toLowerCase(Locale.ROOT);
            logs.add(new LogEntry(log.getLogIndex().intValueExact(), address, decodeEvent(address, log.getTopics(),
                    log.getData()), log.getTopics(), log.getData()));
        }
        Optional<String> revert = r.isStatusOK() ? Optional.empty() : replayRevert(t, r.getBlockNumber());
        BigInteger price = r.getEffectiveGasPrice() == null ? BigInteger.ZERO
                : org.web3j.utils.Numeric.decodeQuantity(r.getEffectiveGasPrice());
        return new TxDetails.Receipt(r.isStatusOK(), r.getGasUsed().longValueExact(), price,
                r.getContractAddress() == null ? "" : r.getContractAddress().toLowerCase(Locale.ROOT), logs, revert);
    }

    /** Decodes one log with the emitter's ABI, if known; undecodable data yields empty. */
    public Optional<DecodedEvent> decodeEvent(String address, List<String> topics, String data) {
        ContractAbi abi = contracts.abiAt(address).orElse(null);
        if (abi == null) {
            return Optional.empty();
        }
        try {
            return abi.decodeLog(topics, data);
        } catch (AbiDecodingException e) {
            return Optional.empty();
        }
    }

    /** Re-executes a failed transaction, mined in {@code block}, with eth_call on its parent block to learn the revert data. */
    private Optional<String> replayRevert(org.web3j.protocol.core.methods.response.Transaction t, BigInteger block) {
        ContractAbi abi = t.getTo() == null ? null : contracts.abiAt(t.getTo()).orElse(null);
        Transaction call = new Transaction(t.getFrom(), null, null, t.getGas(), t.getTo(), t.getValue(), t.getInput());
        try {
            EthCall result = web3j().ethCall(call,
                    DefaultBlockParameter.valueOf(block.subtract(BigInteger.ONE))).send();
            String data = null;
            if (result.hasError()) {
                Object raw = result.getError().getData();
                data = firstHex(raw == null ? null : raw.toString(), result.getError().getMessage());
            } else if (result.isReverted()) {
                data = firstHex(result.getValue(), result.getRevertReason());
            }
            if (data == null) {
                return Optional.of("reverted (the replay at block " + block.subtract(BigInteger.ONE)
                        + " returned no revert data)");
            }
            if (abi != null) {
                Optional<DecodedCall> error = abi.decodeError(data);
                if (error.isPresent()) {
                    return Optional.of(CidArguments.display(error.get().name(), error.get().args()));
                }
            }
            return Optional.of("reverted with data " + data);
        } catch (IOException | AbiDecodingException e) {
            return Optional.of("reverted (replay failed: " + e.getMessage() + ")");
        }
    }

    private static String firstHex(String... texts) {
        for (String text : texts) {
            if (text != null) {
                Matcher m = HEX.matcher(text);
                if (m.find()) {
                    return m.group().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    /**
     * An account's balance, nonce and code size at the chain head.
     *
     * @throws IllegalArgumentException when {@code address} is not 20 bytes of 0x-hex
     * @throws ChainUnavailableException when the node does not answer
     */
    public AccountSummary account(String address) {
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("not an address (0x + 40 hex digits): " + address);
        }
        String a = address.toLowerCase(Locale.ROOT);
        BigInteger balance = send(web3j().ethGetBalance(a, DefaultBlockParameterName.LATEST), "eth_getBalance").getBalance();
        BigInteger nonce = send(web3j().ethGetTransactionCount(a, DefaultBlockParameterName.LATEST),
                "eth_getTransactionCount").getTransactionCount();
        String code = send(web3j().ethGetCode(a, DefaultBlockParameterName.LATEST), "eth_getCode").getCode();
        int codeSize = code == null || code.length() <= 2 ? 0 : (code.length() - 2) / 2;
        return new AccountSummary(a, balance, nonce.longValueExact(), codeSize);
    }

    /**
     * Finds what {@code query} names: a block number ({@code 12} or {@code #12}), a transaction or
     * block hash, an address, or a CID (searched in {@code index}'s logs, matched by multihash so
     * CIDv0 and CIDv1 of the same content both match).
     *
     * @param index the event index to search for CIDs; may be null (then a CID query is refused)
     * @throws IllegalArgumentException when the query is none of these (the message says what is accepted)
     * @throws NoSuchElementException when it is well-formed but nothing has it
     */
    public SearchResult search(String query, LogIndex index) {
        String q = query.strip();
        if (NUMBER.matcher(q).matches()) {
            return new SearchResult.BlockHit(block(Long.parseLong(q.startsWith("#") ? q.substring(1) : q)));
        }
        if (TX_HASH.matcher(q).matches()) {
            try {
                return new SearchResult.TxHit(transaction(q));
            } catch (NoSuchElementException e) {
                return new SearchResult.BlockHit(blockByHash(q));
            }
        }
        if (ADDRESS.matcher(q).matches()) {
            return new SearchResult.AccountHit(account(q));
        }
        Cid cid;
        try {
            cid = Cid.parse(q);
        } catch (MalformedCidException e) {
            throw new IllegalArgumentException("search for a block number, a transaction or block hash (0x + 64 hex),"
                    + " an address (0x + 40 hex) or a CID; \"" + q + "\" is none of these");
        }
        if (index == null) {
            throw new IllegalArgumentException("no event index to search for CID " + cid);
        }
        byte[] digest = cid.multihash().digest();
        List<ChainLog> hits = index.logs(log -> decodeEvent(log.address(), log.topics(), log.data())
                .map(e -> CidArguments.find(e.args()).values().stream()
                        .anyMatch(c -> Arrays.equals(c.multihash().digest(), digest)))
                .orElse(false));
        if (hits.isEmpty()) {
            throw new NoSuchElementException("no indexed event names CID " + cid);
        }
        return new SearchResult.CidHit(cid, hits);
    }

    private Web3j web3j() {
        return chain.web3j();
    }

    private <T extends Response<?>> T send(org.web3j.protocol.core.Request<?, T> request, String method) {
        try {
            T response = request.send();
            if (response.hasError()) {
                throw new IllegalStateException(method + " failed on " + chain.rpcUrl() + ": "
                        + response.getError().getMessage() + " (code " + response.getError().getCode() + ")");
            }
            return response;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }
}
