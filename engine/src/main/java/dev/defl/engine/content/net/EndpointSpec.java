package dev.defl.engine.content.net;

import dev.defl.engine.content.gateway.TrustlessGatewayClient;
import dev.defl.engine.content.kubo.KuboRpcClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One endpoint as a user writes it: {@code kubo:http://host:port} (an IPFS node's RPC API),
 * {@code gateway:https://host} (a trustless gateway), or a plain {@code http(s)://} URL, which means a
 * node's RPC API. Lists are comma-separated ({@link #parseList}).
 *
 * @param kind how the endpoint is spoken to
 * @param url  its base URL (http or https, with a host)
 */
public record EndpointSpec(EndpointKind kind, URI url) {
    public EndpointSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
    }

    /**
     * Parses one endpoint.
     *
     * @throws IllegalArgumentException naming the text if the prefix is unknown, or the URL is not an
     *                                  absolute http(s) URL with a host
     */
    public static EndpointSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        EndpointKind kind = EndpointKind.KUBO_RPC;
        String rest = trimmed;
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("kubo:")) {
            rest = trimmed.substring("kubo:".length());
        } else if (lower.startsWith("gateway:")) {
            kind = EndpointKind.TRUSTLESS_GATEWAY;
            rest = trimmed.substring("gateway:".length());
        } else if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not kubo:URL, gateway:URL or an http(s) URL");
        }
        URI url;
        try {
            url = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + text + "' has a malformed URL: " + e.getMessage(), e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("endpoint '" + text + "' needs an http:// or https:// URL with a host");
        }
        return new EndpointSpec(kind, url);
    }

    /**
     * Parses a comma-separated list of endpoints (blank entries are skipped), in order.
     *
     * @throws IllegalArgumentException naming the bad entry and its position (1-based), or if the list is empty
     */
    public static List<EndpointSpec> parseList(String text) {
        Objects.requireNonNull(text, "text");
        List<EndpointSpec> specs = new ArrayList<>();
        String[] parts = text.split(",");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                continue;
            }
            try {
                specs.add(parse(parts[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + (i + 1) + " of the endpoint list: " + e.getMessage(), e);
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("the endpoint list '" + text + "' names no endpoint");
        }
        return List.copyOf(specs);
    }

    /**
     * A {@link BlockSource} for this endpoint ({@link KuboBlockSource} or {@link GatewayBlockSource}) whose
     * client uses {@code timeout} as its default request timeout.
     */
    public BlockSource open(Duration timeout) {
        return switch (kind) {
            case KUBO_RPC -> new KuboBlockSource(new KuboRpcClient(url, timeout));
            case TRUSTLESS_GATEWAY -> new GatewayBlockSource(new TrustlessGatewayClient(url, timeout));
        };
    }

    /** As the user writes it: {@code kubo:URL} or {@code gateway:URL}. */
    @Override
    public String toString() {
        return (kind == EndpointKind.KUBO_RPC ? "kubo:" : "gateway:") + url;
    }
}
