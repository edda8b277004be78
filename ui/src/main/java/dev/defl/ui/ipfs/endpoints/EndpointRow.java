package dev.defl.ui.ipfs.endpoints;

import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.EndpointKind;

/**
 * One row of the endpoint health table, as text: what the view shows of an endpoint's
 * {@link EndpointHealth} (the view itself uses no engine types).
 *
 * @param name      the endpoint as the list names it ({@code kubo:URL} or {@code gateway:URL}), for removing it
 * @param url       the endpoint's URL
 * @param kind      {@code node} (an IPFS node's RPC API) or {@code gateway} (a trustless gateway)
 * @param health    {@code healthy} or {@code unhealthy}
 * @param latency   the last request's latency ({@code 12 ms}), or {@code —} before the first
 * @param blocks    blocks fetched from it
 * @param failures  failed requests
 * @param lastError the last failure's message, or empty
 */
public record EndpointRow(String name, String url, String kind, String health, String latency, String blocks,
                          String failures, String lastError) {
    /** The row of {@code h}. */
    public static EndpointRow of(EndpointHealth h) {
        boolean node = h.kind() == EndpointKind.KUBO_RPC;
        return new EndpointRow((node ? "kubo:" : "gateway:") + h.url(), h.url().toString(), node ? "node" : "gateway",
                h.healthy() ? "healthy" : "unhealthy", h.lastLatencyMillis() < 0 ? "—" : h.lastLatencyMillis() + " ms",
                Long.toString(h.successes()), Long.toString(h.failures()), h.lastError() == null ? "" : h.lastError());
    }
}
