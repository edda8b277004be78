package dev.defl.engine.content.net;

import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * One endpoint that {@link MultiEndpointBlockStore} fetches blocks from: a node or a gateway. The
 * exceptions say what the failover does next: {@link ContentNotFoundException} (the endpoint answered
 * but lacks the block: ask the next), {@link BlockVerificationException} (it sent wrong bytes: a bad
 * endpoint, never asked again for this block), any other {@link IOException} (transient: retried after
 * a back-off).
 *
 * <p>A source may hold resources (an HTTP client's connections); {@link #close()} releases them. Whoever
 * created a source closes it: {@link MultiEndpointBlockStore#open} owns and closes the sources it opens, its
 * constructors leave the sources they are given to the caller.
 */
public interface BlockSource extends AutoCloseable {
    /** The endpoint's base URL, as shown to the user. */
    URI url();

    /** How the endpoint is spoken to. */
    EndpointKind kind();

    /**
     * The block {@code cid}, verified against it.
     *
     * @param timeout limit of this attempt
     * @throws ContentNotFoundException   if the endpoint answered that it does not have the block
     * @throws BlockVerificationException if the endpoint's bytes do not hash to {@code cid}
     * @throws IOException                if the endpoint cannot be reached, times out or answers an error
     */
    byte[] fetch(Cid cid, Duration timeout) throws IOException;

    /**
     * Asks the endpoint whether it answers at all, for health checks; implementations must really contact
     * the endpoint ({@link KuboBlockSource}: {@code /api/v0/id}; {@link GatewayBlockSource}: {@code GET} of
     * {@value #PROBE_CID}). The default fetches the empty identity CID {@value #PROBE_CID} (raw codec,
     * identity multihash of zero bytes: every endpoint can answer it without the network, and "not found"
     * counts as an answer too) — a source that answers identity CIDs itself must override it.
     *
     * @param timeout limit of the probe
     * @throws IOException if the endpoint cannot be reached, times out or answers an error
     */
    default void probe(Duration timeout) throws IOException {
        try {
            fetch(Cid.parse(PROBE_CID), timeout);
        } catch (ContentNotFoundException e) {
            // an answer: the endpoint is up
        }
    }

    /** The CID {@link #probe} asks for by default: CIDv1, raw, identity multihash of the empty block. */
    String PROBE_CID = "bafkqaaa";

    /** Whether {@link #store} is supported. The default: false. */
    default boolean writable() {
        return false;
    }

    /**
     * Stores {@code block}, already verified against {@code cid} by the caller, on the endpoint.
     *
     * @throws UnsupportedOperationException unless {@link #writable()}
     * @throws IOException                   if the endpoint fails
     */
    default void store(Cid cid, byte[] block) throws IOException {
        throw new UnsupportedOperationException(kind() + " endpoint " + url() + " does not accept blocks");
    }

    /**
     * Releases what the source holds (connections); later calls may fail. The default does nothing.
     * Implementations must tolerate being closed more than once.
     */
    @Override
    default void close() {
    }
}
