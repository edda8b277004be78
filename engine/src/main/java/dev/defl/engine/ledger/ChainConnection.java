package dev.defl.engine.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * A connection to an Ethereum JSON-RPC endpoint over HTTP(S) or WebSocket (web3j), configured by
 * {@link ChainSettings}: the chain id is checked on connect, receipts and filters are polled at an
 * explicit interval (web3j's default is 15 s), and every request is retried on connection errors
 * with exponential backoff, then fails with a {@link ChainUnavailableException} naming the URL and
 * the attempts. Thread-safe.
 */
public final class ChainConnection implements AutoCloseable {
    /** Default interval between receipt and filter polls, milliseconds. */
    public static final long POLLING_INTERVAL_MS = 50;
    /** Receipt polls before giving up on a transaction with the defaults (with 50 ms: 60 s). */
    public static final int RECEIPT_ATTEMPTS = 1200;

    private final ChainSettings settings;
    private final Web3jService service;
    private final Web3j web3j;
    private final ScheduledExecutorService scheduler;
    private final long chainId;

    private ChainConnection(ChainSettings settings, Web3jService service, Web3j web3j, ScheduledExecutorService scheduler,
                            long chainId) {
        this.settings = settings;
        this.service = service;
        this.web3j = web3j;
        this.scheduler = scheduler;
        this.chainId = chainId;
    }

    /**
     * Connects with the defaults of {@link ChainSettings#of(String)} (any chain id, 50 ms polls,
     * 5 attempts per request).
     *
     * @param rpcUrl JSON-RPC URL, e.g. {@code http://127.0.0.1:8545} or {@code ws://127.0.0.1:8545}
     * @throws ChainUnavailableException "no Ethereum JSON-RPC at URL: ..." when the node does not
     *     answer (after the retries) or answers with an error
     * @throws IllegalArgumentException when the URL is not an http(s) or ws(s) URL
     */
    public static ChainConnection connect(String rpcUrl) {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        return connect(ChainSettings.of(rpcUrl));
    }

    /**
     * Connects and asks the node for its chain id ({@code eth_chainId}).
     *
     * @throws ChainUnavailableException when the node does not answer after {@link ChainSettings#attempts()}
     *     tries, or answers eth_chainId with an error
     * @throws WrongChainException when a chain id is expected and the node reports another
     */
    public static ChainConnection connect(ChainSettings settings) {
        Objects.requireNonNull(settings, "settings");
        String url = settings.url();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "web3j-poll " + url);
            thread.setDaemon(true);
            return thread;
        });
        // plain http (the managed anvil, a dev chain): a client that never sets up TLS, which costs start-up time
        RetryingService.Opener opener = settings.isWebSocket() ? () -> openWebSocket(url)
                : url.startsWith("http://") ? () -> new HttpService(url, PlainHttpClients.okHttpCleartext())
                : () -> new HttpService(url);
        RetryingService service;
        try {
            service = RetryingService.open(url, opener, settings.attempts(), settings.firstRetryDelay());
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        Web3j web3j = Web3j.build(service, settings.pollInterval().toMillis(), scheduler);
        try {
            var response = web3j.ethChainId().send();
            if (response.hasError()) {
                throw new ChainUnavailableException(url, "eth_chainId failed: " + errorText(response.getError()));
            }
            long chainId = response.getChainId().longValueExact();
            if (settings.expectedChainId() != ChainSettings.ANY_CHAIN && settings.expectedChainId() != chainId) {
                throw new WrongChainException(url, settings.expectedChainId(), chainId);
            }
            return new ChainConnection(settings, service, web3j, scheduler, chainId);
        } catch (IOException | RuntimeException e) {
            web3j.shutdown();
            scheduler.shutdownNow();
            if (e instanceof ChainUnavailableException || e instanceof WrongChainException) {
                throw (RuntimeException) e;
            }
            throw new ChainUnavailableException(url, e);
        }
    }

    private static Web3jService openWebSocket(String url) throws IOException {
        WebSocketService service = new WebSocketService(url, false);
        service.connect();
        return service;
    }

    /**
     * Wall time spent waiting for JSON-RPC answers since connecting, on all threads together, in nanoseconds: reads,
     * transactions (on anvil with automine a transaction is mined inside {@code eth_sendRawTransaction}) and receipt
     * polls; not the sleeps between polls. Round overhead accounting ({@code defl bench round}).
     */
    public long rpcNanos() {
        return service instanceof RetryingService r ? r.requestNanos() : 0;
    }

    /** JSON-RPC requests sent since connecting (as {@link #rpcNanos()}). */
    public long rpcRequests() {
        return service instanceof RetryingService r ? r.requests() : 0;
    }

    /**
     * JSON-RPC requests since connecting, per method ({@code eth_call}, {@code eth_sendRawTransaction}, …), sorted by
     * method name; empty for a connection without accounting. For finding which requests a round spends its chain
     * time on ({@code defl bench round} logs the difference per round at DEBUG).
     */
    public java.util.SortedMap<String, RpcStat> rpcRequestsByMethod() {
        return service instanceof RetryingService r ? r.requestsByMethod() : new java.util.TreeMap<>();
    }

    /**
     * Requests of one JSON-RPC method and their wall time.
     *
     * @param requests requests sent
     * @param nanos    wall time waiting for their answers, on all threads together, in nanoseconds
     */
    public record RpcStat(long requests, long nanos) {
        /** This minus {@code earlier} (a later reading minus an earlier one); {@code earlier} may be null (zero). */
        public RpcStat minus(RpcStat earlier) {
            return earlier == null ? this : new RpcStat(requests - earlier.requests, nanos - earlier.nanos);
        }
    }

    /** Chain id the node reported at connect time (31337 for anvil). */
    public long chainId() {
        return chainId;
    }

    /** The settings this connection was made with. */
    public ChainSettings settings() {
        return settings;
    }

    /**
     * Current block number ({@code eth_blockNumber}).
     *
     * @throws ChainUnavailableException when the node no longer answers
     */
    public long blockNumber() {
        try {
            var response = web3j.ethBlockNumber().send();
            if (response.hasError()) {
                throw new ChainUnavailableException(rpcUrl(), "eth_blockNumber failed: " + errorText(response.getError()));
            }
            return response.getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl(), e);
        }
    }

    /**
     * Balance of {@code address} at the latest block ({@code eth_getBalance}), in wei.
     *
     * @throws ChainUnavailableException when the node does not answer or answers with an error
     */
    public BigInteger balance(String address) {
        try {
            var response = web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send();
            if (response.hasError()) {
                throw new ChainUnavailableException(rpcUrl(), "eth_getBalance failed: " + errorText(response.getError()));
            }
            return response.getBalance();
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl(), e);
        }
    }

    /**
     * Whether {@code address} holds contract code at the latest block ({@code eth_getCode} is not {@code 0x}).
     *
     * @throws ChainUnavailableException when the node does not answer or answers with an error
     */
    public boolean hasCode(String address) {
        try {
            var response = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send();
            if (response.hasError()) {
                throw new ChainUnavailableException(rpcUrl(), "eth_getCode failed: " + errorText(response.getError()));
            }
            String code = response.getCode();
            return code != null && !code.equals("0x") && !code.isEmpty();
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl(), e);
        }
    }

    /**
     * Timestamp of block {@code number} ({@code eth_getBlockByNumber}; the block header's seconds since the epoch, UTC).
     *
     * @throws ChainUnavailableException when the node does not answer, answers with an error, or lacks the block
     */
    public java.time.Instant blockTimestamp(long number) {
        try {
            var response = web3j.ethGetBlockByNumber(
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(java.math.BigInteger.valueOf(number)), false).send();
            if (response.hasError()) {
                throw new ChainUnavailableException(rpcUrl(), "eth_getBlockByNumber failed: " + errorText(response.getError()));
            }
            if (response.getBlock() == null) throw new ChainUnavailableException(rpcUrl(), "no block " + number);
            return java.time.Instant.ofEpochSecond(response.getBlock().getTimestamp().longValueExact());
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl(), e);
        }
    }

    /**
     * Sends a JSON-RPC request web3j has no method for (e.g. {@code anvil_setBalance}) and returns its JSON {@code result} (String, Boolean, Map, List, … as Jackson reads it).
     *
     * @throws ChainUnavailableException when the node does not answer
     * @throws UnsupportedOperationException naming the method and the node's error when it answers with an error
     *     (e.g. code -32601, method not found)
     */
    public Object request(String method, java.util.List<?> params) {
        try {
            var response = new org.web3j.protocol.core.Request<>(method, params, service, RawResponse.class).send();
            if (response.hasError()) {
                throw new UnsupportedOperationException(method + " at " + rpcUrl() + ": " + errorText(response.getError()));
            }
            return response.getResult();
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl(), e);
        }
    }

    /**
     * {@code eth_estimateGas} of {@code call} on the pending block (the block a transaction sent now is mined in),
     * whose error carries the revert data when the call reverts. Web3j's own method sends no block parameter, which
     * nodes take as "latest" or "pending" as they like.
     *
     * @throws IOException when the node does not answer
     */
    org.web3j.protocol.core.methods.response.EthEstimateGas estimateGasPending(
            org.web3j.protocol.core.methods.request.Transaction call) throws IOException {
        return new org.web3j.protocol.core.Request<>("eth_estimateGas", java.util.List.of(call, "pending"), service,
                org.web3j.protocol.core.methods.response.EthEstimateGas.class).send();
    }

    /** A JSON-RPC response whose result is kept as Jackson reads it. */
    public static final class RawResponse extends Response<Object> {
    }

    /** The web3j client (retrying, polling at the configured interval). Do not shut it down: {@link #close()} does. */
    public Web3j web3j() {
        return web3j;
    }

    /** The JSON-RPC URL. */
    public String rpcUrl() {
        return settings.url();
    }

    /** A receipt processor polling at the configured interval until the configured receipt timeout. */
    public TransactionReceiptProcessor receiptProcessor() {
        return new PollingTransactionReceiptProcessor(web3j, settings.pollInterval().toMillis(), settings.receiptAttempts());
    }

    @Override
    public void close() {
        web3j.shutdown();
        scheduler.shutdownNow();
    }

    static String errorText(Response.Error error) {
        return error.getMessage() + " (code " + error.getCode() + ")";
    }
}
