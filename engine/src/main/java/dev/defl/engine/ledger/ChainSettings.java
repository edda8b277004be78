package dev.defl.engine.ledger;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach an Ethereum JSON-RPC endpoint. Build with {@link #of(String)} and the {@code with...} methods.
 *
 * @param url              {@code http://}, {@code https://}, {@code ws://} or {@code wss://} JSON-RPC URL
 * @param expectedChainId  chain id the endpoint must report ({@code eth_chainId}, EIP-695), or
 *                         {@link #ANY_CHAIN} to accept any
 * @param pollInterval     interval between receipt and filter polls (web3j's default would be 15 s)
 * @param receiptTimeout   how long to wait for a transaction's receipt before giving up
 * @param attempts         tries per JSON-RPC request on connection errors (I/O failures), at least 1
 * @param firstRetryDelay  wait before the second try; doubled before each further one (exponential backoff)
 */
public record ChainSettings(String url, long expectedChainId, Duration pollInterval, Duration receiptTimeout,
        int attempts, Duration firstRetryDelay) {
    /** {@link #expectedChainId()} value that accepts any chain. */
    public static final long ANY_CHAIN = 0;
    /** Default {@link #pollInterval()}: 50 ms. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);
    /** Default {@link #receiptTimeout()}: 60 s. */
    public static final Duration DEFAULT_RECEIPT_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link #attempts()}: 5 (waits 0.1 + 0.2 + 0.4 + 0.8 s between them). */
    public static final int DEFAULT_ATTEMPTS = 5;
    /** Default {@link #firstRetryDelay()}: 100 ms. */
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofMillis(100);

    /**
     * @throws IllegalArgumentException naming the value for a URL that is not http(s)/ws(s), a negative
     *     chain id, a non-positive interval or timeout, or fewer than 1 attempt
     */
    public ChainSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(receiptTimeout, "receiptTimeout");
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")
                && !lower.startsWith("ws://") && !lower.startsWith("wss://")) {
            throw new IllegalArgumentException(
                    "JSON-RPC URL must start with http://, https://, ws:// or wss://, got: " + url);
        }
        if (expectedChainId < 0) {
            throw new IllegalArgumentException("expected chain id must be >= 0 (0: any), got " + expectedChainId);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        if (receiptTimeout.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("receipt timeout " + receiptTimeout + " is shorter than the poll interval "
                    + pollInterval);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        if (firstRetryDelay.isNegative()) {
            throw new IllegalArgumentException("retry delay must be >= 0, got " + firstRetryDelay);
        }
    }

    /** {@code url} with the defaults: any chain, 50 ms polls, 60 s receipt timeout, 5 attempts from 100 ms backoff. */
    public static ChainSettings of(String url) {
        return new ChainSettings(url, ANY_CHAIN, DEFAULT_POLL_INTERVAL, DEFAULT_RECEIPT_TIMEOUT, DEFAULT_ATTEMPTS,
                DEFAULT_FIRST_RETRY_DELAY);
    }

    /** These settings, requiring chain id {@code chainId} (e.g. 31337 for anvil, 11155111 for Sepolia). */
    public ChainSettings withExpectedChainId(long chainId) {
        return new ChainSettings(url, chainId, pollInterval, receiptTimeout, attempts, firstRetryDelay);
    }

    /** These settings with receipts and filters polled every {@code interval}. */
    public ChainSettings withPollInterval(Duration interval) {
        return new ChainSettings(url, expectedChainId, interval, receiptTimeout, attempts, firstRetryDelay);
    }

    /** These settings giving up on a receipt after {@code timeout}. */
    public ChainSettings withReceiptTimeout(Duration timeout) {
        return new ChainSettings(url, expectedChainId, pollInterval, timeout, attempts, firstRetryDelay);
    }

    /** These settings trying each request {@code attempts} times, waiting {@code firstDelay}, 2x, 4x, ... between. */
    public ChainSettings withRetries(int attempts, Duration firstDelay) {
        return new ChainSettings(url, expectedChainId, pollInterval, receiptTimeout, attempts, firstDelay);
    }

    /** Whether the URL is a WebSocket ({@code ws://}, {@code wss://}) URL. */
    public boolean isWebSocket() {
        return url.toLowerCase(Locale.ROOT).startsWith("ws");
    }

    /** Receipt polls before giving up: receipt timeout / poll interval, at least 1. */
    public int receiptAttempts() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, receiptTimeout.toMillis() / Math.max(1, pollInterval.toMillis())));
    }
}
