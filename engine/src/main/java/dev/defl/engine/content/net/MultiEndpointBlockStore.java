package dev.defl.engine.content.net;

import dev.defl.engine.content.BlockStore;
import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentException;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.Multihash;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Blocks fetched from an ordered list of endpoints (IPFS nodes and trustless gateways, as
 * {@link BlockSource}s) with failover, retries, exponential back-off with full jitter, and per-endpoint
 * health.
 *
 * <p><b>{@link #get}</b> tries the endpoints in order. Each attempt is limited by the policy's
 * {@linkplain RetryPolicy#attemptTimeout() attempt timeout}, and every block is hashed against its CID
 * (by the source and again here). What an endpoint answers decides what happens next:
 * <ul>
 *   <li>the block: returned at once;</li>
 *   <li>"not found": the endpoint is healthy but is not asked again for this block;</li>
 *   <li>a block that does not hash to the CID: the endpoint is a bad one, marked unhealthy and left alone
 *       for the policy's {@linkplain RetryPolicy#maxDelay() max delay}; it is <em>not</em> retried for this
 *       block;</li>
 *   <li>any other failure (cannot connect, timeout, error status): the endpoint is marked unhealthy and put
 *       in back-off for {@link RetryPolicy#backOff} of its consecutive failures; it is retried, at most
 *       {@linkplain RetryPolicy#maxAttemptsPerEndpoint() max attempts} times for this block.</li>
 * </ul>
 * An endpoint in back-off (from this or an earlier {@code get}) is skipped while any other can be asked;
 * when only endpoints in back-off are left, the store sleeps until the first of them is due. So attempts
 * and waiting are both bounded. The result is {@link ContentNotFoundException} only if every endpoint
 * answered "not found", else {@link EndpointsFailedException} listing each endpoint's last error.
 *
 * <p><b>{@link #put}</b> checks the block against its CID, then stores it on the first
 * {@linkplain BlockSource#writable() writable} endpoint not in back-off, falling over to the next writable
 * one on failure (one attempt each, no sleeping). With no writable endpoint (gateways only) it throws
 * {@link UnsupportedOperationException}. {@link #has} fetches the block (a gateway has no cheaper
 * question that every endpoint kind answers). {@link #sizeBytes} and {@link #blockCount} are not known for a
 * network and throw {@link UnsupportedOperationException}.
 *
 * <p>Health ({@link #health()}) is kept per endpoint across calls; listeners ({@link #addHealthListener})
 * hear every change, and fetch listeners ({@link #addFetchListener}) every attempt of {@link #get}. Time for back-off comes from an {@link InstantSource} and waiting goes through a
 * {@link Sleeper}, and jitter from a {@link RandomGenerator}, so tests can run it on a fake clock with a
 * seeded generator. Thread-safe: concurrent {@code get}s share the health state.
 *
 * <p><b>Closing.</b> A store made by {@link #open(List, RetryPolicy)} or {@link #owning} owns its sources and
 * {@link #close()} closes each of them once; a store made by a constructor leaves its sources to the caller.
 * Either way, once closed the store refuses {@link #get}, {@link #put}, {@link #has} and {@link #probe} with
 * an {@link IllegalStateException} naming the store (an attempt already under way finishes first).
 */
public final class MultiEndpointBlockStore implements BlockStore, AutoCloseable {
    private final List<Endpoint> endpoints;
    private final RetryPolicy policy;
    private final RandomGenerator random;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final List<EndpointHealthListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BlockFetchListener> fetchListeners = new CopyOnWriteArrayList<>();
    private final boolean ownsSources;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A store over {@code sources} with {@link RetryPolicy#DEFAULT}, the system clock and real sleeping. */
    public MultiEndpointBlockStore(List<? extends BlockSource> sources) {
        this(sources, RetryPolicy.DEFAULT);
    }

    /** A store over {@code sources} with {@code policy}, the system clock and real sleeping. */
    public MultiEndpointBlockStore(List<? extends BlockSource> sources, RetryPolicy policy) {
        this(sources, policy, new Random(), InstantSource.system(), Sleeper.THREAD);
    }

    /**
     * A store over {@code sources}, tried in list order.
     *
     * @param random  draws the jitter of back-offs (seed it for reproducible delays); used under the store's lock
     * @param clock   the time back-offs are measured against
     * @param sleeper waits when only endpoints in back-off are left
     * @throws IllegalArgumentException if {@code sources} is empty
     */
    public MultiEndpointBlockStore(List<? extends BlockSource> sources, RetryPolicy policy, RandomGenerator random,
            InstantSource clock, Sleeper sleeper) {
        this(sources, policy, random, clock, sleeper, false);
    }

    private MultiEndpointBlockStore(List<? extends BlockSource> sources, RetryPolicy policy, RandomGenerator random,
            InstantSource clock, Sleeper sleeper, boolean ownsSources) {
        this.ownsSources = ownsSources;
        Objects.requireNonNull(sources, "sources");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a multi-endpoint store needs at least one endpoint");
        }
        List<Endpoint> list = new ArrayList<>();
        for (BlockSource source : sources) {
            list.add(new Endpoint(Objects.requireNonNull(source, "source")));
        }
        this.endpoints = List.copyOf(list);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * A store over {@code specs}, in order, that owns the sources it opens ({@link EndpointSpec#open} with the
     * policy's {@linkplain RetryPolicy#attemptTimeout() attempt timeout}): {@link #close()} closes them.
     *
     * @throws IllegalArgumentException if {@code specs} is empty
     */
    public static MultiEndpointBlockStore open(List<EndpointSpec> specs, RetryPolicy policy) {
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(policy, "policy");
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a multi-endpoint store needs at least one endpoint");
        }
        List<BlockSource> sources = new ArrayList<>();
        for (EndpointSpec spec : specs) {
            sources.add(Objects.requireNonNull(spec, "spec").open(policy.attemptTimeout()));
        }
        return owning(sources, policy);
    }

    /**
     * A store over {@code sources}, in order, that takes them over: {@link #close()} closes each of them once.
     *
     * @throws IllegalArgumentException if {@code sources} is empty
     */
    public static MultiEndpointBlockStore owning(List<? extends BlockSource> sources, RetryPolicy policy) {
        return new MultiEndpointBlockStore(sources, policy, new Random(), InstantSource.system(), Sleeper.THREAD, true);
    }

    /** Whether {@link #close()} closes the sources: true for a store made by {@link #open} or {@link #owning}. */
    public boolean ownsSources() {
        return ownsSources;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the store: later {@link #get}, {@link #put}, {@link #has} and {@link #probe} throw
     * {@link IllegalStateException}. If the store {@linkplain #ownsSources() owns its sources}, each is closed
     * once, in order (the HTTP clients wait for requests under way, so this may block up to an attempt
     * timeout); a source whose close fails does not stop the others, and the first such failure is rethrown
     * afterwards with the later ones suppressed. A second call does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !ownsSources) {
            return;
        }
        RuntimeException failure = null;
        for (Endpoint endpoint : endpoints) {
            try {
                endpoint.source.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** The endpoints, in the order they are tried. */
    public List<BlockSource> sources() {
        return endpoints.stream().map(e -> e.source).toList();
    }

    /** The retry policy. */
    public RetryPolicy policy() {
        return policy;
    }

    /** A snapshot of every endpoint's health, in endpoint order. */
    public List<EndpointHealth> health() {
        synchronized (this) {
            return endpoints.stream().map(Endpoint::snapshot).toList();
        }
    }

    /** Adds a listener told of every health change (see {@link EndpointHealthListener} for its thread). */
    public void addHealthListener(EndpointHealthListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addHealthListener}; does nothing if it was not added. */
    public void removeHealthListener(EndpointHealthListener listener) {
        listeners.remove(listener);
    }

    /** Adds a listener told of every attempt of {@link #get} at an endpoint (see {@link BlockFetchListener}). */
    public void addFetchListener(BlockFetchListener listener) {
        fetchListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addFetchListener}; does nothing if it was not added. */
    public void removeFetchListener(BlockFetchListener listener) {
        fetchListeners.remove(listener);
    }

    /**
     * The block {@code cid} from the first endpoint that delivers it, verified (see the class comment for
     * the order, retries and back-off).
     *
     * @throws ContentNotFoundException if every endpoint answered that it does not have the block (names
     *                                  the CID and the endpoints)
     * @throws EndpointsFailedException if no endpoint delivered it and at least one failed (names the CID
     *                                  and each endpoint's last error, including blocks that did not verify)
     * @throws InterruptedIOException   if the thread is interrupted while waiting out a back-off
     * @throws UnsupportedOperationException if the CID's hash function is not sha2-256 or identity
     * @throws IllegalStateException    if the store is {@linkplain #close() closed}
     * @throws ContentException         for an identity CID inlining more than {@link Multihash#MAX_IDENTITY_LENGTH}
     *                                  bytes (an identity CID within the limit is answered from the CID, no endpoint asked)
     */
    @Override
    public byte[] get(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        ensureOpen();
        var inline = cid.inlineBlock(); // an identity CID carries its block: no endpoint is asked
        if (inline.isPresent()) {
            return inline.get();
        }
        int n = endpoints.size();
        int[] attempts = new int[n];
        boolean[] finished = new boolean[n];
        boolean[] notFound = new boolean[n];
        String[] lastError = new String[n];
        IOException[] lastException = new IOException[n];
        while (true) {
            ensureOpen();
            Instant now = clock.instant();
            int pick = -1;
            Instant earliest = null;
            synchronized (this) {
                for (int i = 0; i < n; i++) {
                    if (finished[i] || attempts[i] >= policy.maxAttemptsPerEndpoint()) {
                        continue;
                    }
                    Instant due = endpoints.get(i).nextRetryAt;
                    if (due == null || !due.isAfter(now)) {
                        pick = i;
                        break;
                    }
                    if (lastError[i] == null) {
                        lastError[i] = "in back-off until " + due + " after: " + endpoints.get(i).lastError;
                    }
                    earliest = earliest == null || due.isBefore(earliest) ? due : earliest;
                }
            }
            if (pick < 0) {
                if (earliest == null) {
                    break;
                }
                sleep(Duration.between(now, earliest));
                continue;
            }
            Endpoint endpoint = endpoints.get(pick);
            attempts[pick]++;
            long started = System.nanoTime();
            try {
                byte[] block = endpoint.source.fetch(cid, policy.attemptTimeout());
                if (!cid.matches(block)) {
                    throw new BlockVerificationException(cid, endpoint.source.url().toString());
                }
                answered(endpoint, started, true);
                fetched(endpoint, cid, BlockFetch.Outcome.DELIVERED, block.length, started);
                return block;
            } catch (ContentNotFoundException e) {
                answered(endpoint, started, false);
                fetched(endpoint, cid, BlockFetch.Outcome.NOT_FOUND, 0, started);
                finished[pick] = true;
                notFound[pick] = true;
                lastError[pick] = e.getMessage();
                lastException[pick] = e;
            } catch (BlockVerificationException e) {
                failed(endpoint, e, policy.maxDelay());
                fetched(endpoint, cid, BlockFetch.Outcome.FAILED, 0, started);
                finished[pick] = true;
                lastError[pick] = e.getMessage();
                lastException[pick] = e;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failed(endpoint, e, null);
                fetched(endpoint, cid, BlockFetch.Outcome.FAILED, 0, started);
                lastError[pick] = e.getMessage();
                lastException[pick] = e;
            }
        }
        boolean allNotFound = true;
        for (boolean b : notFound) {
            allNotFound &= b;
        }
        if (allNotFound) {
            ContentNotFoundException e = new ContentNotFoundException(cid, "any of the endpoints "
                    + endpoints.stream().map(p -> p.source.url().toString()).collect(Collectors.joining(", ")));
            addSuppressed(e, lastException);
            throw e;
        }
        List<EndpointFailure> failures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlockSource source = endpoints.get(i).source;
            failures.add(new EndpointFailure(source.url(), source.kind(), lastError[i] == null ? "not asked" : lastError[i]));
        }
        EndpointsFailedException e = new EndpointsFailedException("fetch", cid, failures);
        addSuppressed(e, lastException);
        throw e;
    }

    /**
     * Probes every endpoint once ({@link BlockSource#probe} with the policy's attempt timeout), in order,
     * ignoring back-off, and records each outcome in its health (listeners hear it) as an attempt would.
     *
     * @return every endpoint's health after the probe, in endpoint order
     * @throws InterruptedIOException if the thread is interrupted during a probe
     * @throws IllegalStateException  if the store is {@linkplain #close() closed}
     */
    public List<EndpointHealth> probe() throws InterruptedIOException {
        ensureOpen();
        for (Endpoint endpoint : endpoints) {
            long started = System.nanoTime();
            try {
                endpoint.source.probe(policy.attemptTimeout());
                answered(endpoint, started, false);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failed(endpoint, e, null);
            }
        }
        return health();
    }

    /**
     * Checks {@code block} against {@code cid}, then stores it on the first writable endpoint not in
     * back-off, falling over to the next writable one on failure (one attempt each).
     *
     * @throws BlockVerificationException    if {@code block} does not hash to {@code cid} (nothing is sent)
     * @throws UnsupportedOperationException if no endpoint is writable (e.g. gateways only)
     * @throws EndpointsFailedException      if every writable endpoint failed or is in back-off
     * @throws IllegalStateException         if the store is {@linkplain #close() closed}
     */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        ensureOpen();
        if (!cid.matches(block)) {
            throw new BlockVerificationException(cid, "caller");
        }
        List<Endpoint> writable = endpoints.stream().filter(e -> e.source.writable()).toList();
        if (writable.isEmpty()) {
            throw new UnsupportedOperationException("none of the endpoints accepts blocks (trustless gateways are "
                    + "read-only): " + endpoints.stream().map(e -> e.source.url().toString()).collect(Collectors.joining(", ")));
        }
        List<EndpointFailure> failures = new ArrayList<>();
        List<IOException> exceptions = new ArrayList<>();
        for (Endpoint endpoint : writable) {
            Instant now = clock.instant();
            Instant due;
            String previous;
            synchronized (this) {
                due = endpoint.nextRetryAt;
                previous = endpoint.lastError;
            }
            if (due != null && due.isAfter(now)) {
                failures.add(new EndpointFailure(endpoint.source.url(), endpoint.source.kind(),
                        "in back-off until " + due + " after: " + previous));
                continue;
            }
            long started = System.nanoTime();
            try {
                endpoint.source.store(cid, block);
                answered(endpoint, started, true);
                return;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failed(endpoint, e, null);
                failures.add(new EndpointFailure(endpoint.source.url(), endpoint.source.kind(), e.getMessage()));
                exceptions.add(e);
            }
        }
        EndpointsFailedException e = new EndpointsFailedException("store", cid, failures);
        exceptions.forEach(e::addSuppressed);
        throw e;
    }

    /**
     * Whether some endpoint delivers the block: {@link #get}, so it fetches the block.
     *
     * @throws UncheckedIOException wrapping the {@link EndpointsFailedException} when endpoints failed
     * @throws IllegalStateException if the store is {@linkplain #close() closed}
     */
    @Override
    public boolean has(Cid cid) {
        try {
            get(cid);
            return true;
        } catch (ContentNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** @throws UnsupportedOperationException always: the size of the blocks of a network is not known */
    @Override
    public long sizeBytes() {
        throw new UnsupportedOperationException("a multi-endpoint store does not know the size of its endpoints' blocks");
    }

    /** @throws UnsupportedOperationException always: the blocks of a network cannot be counted */
    @Override
    public long blockCount() {
        throw new UnsupportedOperationException("a multi-endpoint store cannot count its endpoints' blocks");
    }

    @Override
    public String toString() {
        return "MultiEndpointBlockStore" + endpoints.stream().map(e -> e.source.url().toString()).toList();
    }

    private void sleep(Duration duration) throws InterruptedIOException {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting " + duration.toMillis() + " ms for an endpoint's back-off");
        }
    }

    /** An answer from {@code endpoint}: a block ({@code delivered}) or "not found". */
    private void answered(Endpoint endpoint, long startedNanos, boolean delivered) {
        EndpointHealth health;
        synchronized (this) {
            endpoint.healthy = true;
            endpoint.lastLatencyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
            endpoint.consecutiveFailures = 0;
            endpoint.nextRetryAt = null;
            if (delivered) {
                endpoint.successes++;
            }
            health = endpoint.snapshot();
        }
        tell(health);
    }

    /** A failure of {@code endpoint}; back-off {@code fixedBackOff}, or drawn from the policy if null. */
    private void failed(Endpoint endpoint, IOException e, Duration fixedBackOff) {
        EndpointHealth health;
        synchronized (this) {
            endpoint.healthy = false;
            endpoint.failures++;
            endpoint.consecutiveFailures++;
            endpoint.lastError = e.getMessage();
            Duration backOff = fixedBackOff != null ? fixedBackOff
                    : policy.backOff(endpoint.consecutiveFailures, random);
            endpoint.nextRetryAt = clock.instant().plus(backOff);
            health = endpoint.snapshot();
        }
        tell(health);
    }

    private void fetched(Endpoint endpoint, Cid cid, BlockFetch.Outcome outcome, int bytes, long startedNanos) {
        if (fetchListeners.isEmpty()) {
            return;
        }
        BlockFetch fetch = new BlockFetch(endpoint.source.url(), endpoint.source.kind(), cid, outcome, bytes,
                Duration.ofNanos(System.nanoTime() - startedNanos));
        for (BlockFetchListener listener : fetchListeners) {
            listener.fetched(fetch);
        }
    }

    private void tell(EndpointHealth health) {
        for (EndpointHealthListener listener : listeners) {
            listener.healthChanged(health);
        }
    }

    private static void addSuppressed(IOException to, IOException[] exceptions) {
        for (IOException e : exceptions) {
            if (e != null) {
                to.addSuppressed(e);
            }
        }
    }

    /** One endpoint and its health; mutable fields guarded by the store's monitor. */
    private static final class Endpoint {
        final BlockSource source;
        boolean healthy = true;
        long lastLatencyMillis = -1;
        long successes;
        long failures;
        int consecutiveFailures;
        String lastError;
        Instant nextRetryAt;

        Endpoint(BlockSource source) {
            this.source = source;
        }

        EndpointHealth snapshot() {
            URI url = source.url();
            return new EndpointHealth(url, source.kind(), healthy, lastLatencyMillis, successes, failures, lastError,
                    nextRetryAt);
        }
    }
}
