package dev.defl.engine.ledger;

import io.reactivex.Flowable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.websocket.events.Notification;

/**
 * A {@link Web3jService} that retries a request on an I/O failure (connection refused or reset,
 * timeout, HTTP error status) with exponential backoff, reopening the underlying service first (a
 * new WebSocket connection; HTTP reuses its client), and after the last attempt throws a
 * {@link ChainUnavailableException} naming the URL, the method and the attempts. JSON-RPC error
 * responses are answers, not failures: they are returned, not retried.
 *
 * <p>Re-sending {@code eth_sendRawTransaction} is safe: the same signed bytes have the same hash
 * and nonce, so a node that got the first copy answers "already known" or "nonce too low"; the
 * {@link TransactionSender} then looks the transaction up by hash.
 */
final class RetryingService implements Web3jService {
    private final java.util.concurrent.atomic.LongAdder requestNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();
    /** Per JSON-RPC method: {requests, nanoseconds}. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder[]> byMethod =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Opens a connected service. */
    @FunctionalInterface
    interface Opener {
        Web3jService open() throws IOException;
    }

    private final String url;
    private final Opener opener;
    private final int attempts;
    private final Duration firstDelay;
    private Web3jService delegate;

    private RetryingService(String url, Opener opener, int attempts, Duration firstDelay, Web3jService first) {
        this.url = url;
        this.opener = opener;
        this.attempts = attempts;
        this.firstDelay = firstDelay;
        this.delegate = first;
    }

    /**
     * Opens the first service, trying as often as for a request.
     *
     * @throws ChainUnavailableException after the last failed attempt
     */
    static RetryingService open(String url, Opener opener, int attempts, Duration firstDelay) {
        Web3jService first = retry(url, "connect", attempts, firstDelay, opener::open, () -> { });
        return new RetryingService(url, opener, attempts, firstDelay, first);
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> responseType) {
        long t0 = System.nanoTime();
        try {
            return retry(url, request.getMethod(), attempts, firstDelay, () -> current().send(request, responseType),
                    this::reopen);
        } finally {
            long nanos = System.nanoTime() - t0;
            requestNanos.add(nanos);
            requests.increment();
            var stat = byMethod.computeIfAbsent(String.valueOf(request.getMethod()),
                    m -> new java.util.concurrent.atomic.LongAdder[] {new java.util.concurrent.atomic.LongAdder(),
                            new java.util.concurrent.atomic.LongAdder()});
            stat[0].increment();
            stat[1].add(nanos);
        }
    }

    /** Requests and their wall time per JSON-RPC method since opening, sorted by method name. */
    java.util.SortedMap<String, ChainConnection.RpcStat> requestsByMethod() {
        var out = new java.util.TreeMap<String, ChainConnection.RpcStat>();
        byMethod.forEach((method, stat) -> out.put(method, new ChainConnection.RpcStat(stat[0].sum(), stat[1].sum())));
        return out;
    }

    /** Wall time spent in {@link #send} on all threads together (retries included), in nanoseconds. */
    long requestNanos() {
        return requestNanos.sum();
    }

    /** Requests sent through {@link #send}. */
    long requests() {
        return requests.sum();
    }

    @Override
    public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> responseType) {
        return CompletableFuture.supplyAsync(() -> send(request, responseType));
    }

    @Override
    public BatchResponse sendBatch(BatchRequest batch) {
        return retry(url, "batch", attempts, firstDelay, () -> current().sendBatch(batch), this::reopen);
    }

    @Override
    public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
        return CompletableFuture.supplyAsync(() -> sendBatch(batch));
    }

    @Override
    public <T extends Notification<?>> Flowable<T> subscribe(Request request, String unsubscribeMethod,
            Class<T> responseType) {
        return current().subscribe(request, unsubscribeMethod, responseType);
    }

    @Override
    public synchronized void close() throws IOException {
        delegate.close();
    }

    private synchronized Web3jService current() {
        return delegate;
    }

    /** After a failure: a fresh connection for the next attempt (a no-op for HTTP, whose opener is cheap). */
    private synchronized void reopen() throws IOException {
        try {
            delegate.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is broken already; the new one is what matters
        }
        delegate = opener.open();
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws IOException;
    }

    @FunctionalInterface
    private interface Reset {
        void reset() throws IOException;
    }

    private static <T> T retry(String url, String method, int attempts, Duration firstDelay, Call<T> call, Reset reset) {
        long start = System.nanoTime();
        long delayMillis = firstDelay.toMillis();
        Exception last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                if (attempt > 1) {
                    Thread.sleep(delayMillis);
                    delayMillis *= 2;
                    reset.reset();
                }
                return call.call();
            } catch (IOException | CompletionException | WebsocketNotConnectedException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainUnavailableException(url, method + " interrupted");
            }
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        throw new ChainUnavailableException(url, method + " failed " + attempts + (attempts == 1 ? " time" : " times")
                + " over " + elapsedMillis + " ms: " + describe(last), last);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + message;
    }
}
