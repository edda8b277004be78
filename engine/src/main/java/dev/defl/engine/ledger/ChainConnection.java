package dev.defl.engine.ledger;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * A connection to an Ethereum JSON-RPC endpoint over HTTP (web3j). Polling is explicit and short
 * (web3j's default is 15 s): filters every {@value #POLLING_INTERVAL_MS} ms, transaction receipts
 * every {@value #POLLING_INTERVAL_MS} ms for at most {@value #RECEIPT_ATTEMPTS} attempts (60 s).
 * Thread-safe.
 */
public final class ChainConnection implements AutoCloseable {
    /** Interval between receipt and filter polls, milliseconds. */
    public static final long POLLING_INTERVAL_MS = 50;
    /** Receipt polls before giving up on a transaction (with 50 ms: 60 s). */
    public static final int RECEIPT_ATTEMPTS = 1200;

    private final String rpcUrl;
    private final Web3j web3j;
    private final ScheduledExecutorService scheduler;
    private final long chainId;

    private ChainConnection(String rpcUrl, Web3j web3j, ScheduledExecutorService scheduler, long chainId) {
        this.rpcUrl = rpcUrl;
        this.web3j = web3j;
        this.scheduler = scheduler;
        this.chainId = chainId;
    }

    /**
     * Connects and asks the node for its chain id ({@code eth_chainId}).
     *
     * @param rpcUrl HTTP JSON-RPC URL, e.g. {@code http://127.0.0.1:8545}
     * @throws ChainUnavailableException "no Ethereum JSON-RPC at URL: cause" when the node does not
     *     answer or answers with an error
     * @throws IllegalArgumentException when the URL is not an http(s) URL
     */
    public static ChainConnection connect(String rpcUrl) {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        if (!rpcUrl.startsWith("http://") && !rpcUrl.startsWith("https://")) {
            throw new IllegalArgumentException("JSON-RPC URL must start with http:// or https://, got: " + rpcUrl);
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "web3j-poll " + rpcUrl);
            thread.setDaemon(true);
            return thread;
        });
        Web3j web3j = Web3j.build(new HttpService(rpcUrl), POLLING_INTERVAL_MS, scheduler);
        try {
            var response = web3j.ethChainId().send();
            if (response.hasError()) {
                throw new ChainUnavailableException(rpcUrl, "eth_chainId failed: " + errorText(response.getError()));
            }
            return new ChainConnection(rpcUrl, web3j, scheduler, response.getChainId().longValueExact());
        } catch (IOException | RuntimeException e) {
            web3j.shutdown();
            scheduler.shutdownNow();
            if (e instanceof ChainUnavailableException cue) {
                throw cue;
            }
            throw new ChainUnavailableException(rpcUrl, e);
        }
    }

    /** Chain id the node reported at connect time (31337 for anvil). */
    public long chainId() {
        return chainId;
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
                throw new ChainUnavailableException(rpcUrl, "eth_blockNumber failed: " + errorText(response.getError()));
            }
            return response.getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new ChainUnavailableException(rpcUrl, e);
        }
    }

    /** The web3j client (polling interval 50 ms). Do not shut it down: {@link #close()} does. */
    public Web3j web3j() {
        return web3j;
    }

    /** The JSON-RPC URL. */
    public String rpcUrl() {
        return rpcUrl;
    }

    /** A receipt processor polling every 50 ms, for at most 60 s. */
    public TransactionReceiptProcessor receiptProcessor() {
        return new PollingTransactionReceiptProcessor(web3j, POLLING_INTERVAL_MS, RECEIPT_ATTEMPTS);
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
