package dev.defl.engine.content;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Checks shared by the HTTP clients of the content layer (Kubo RPC, trustless gateway): an absolute
 * http(s) base URL without trailing slash, and a positive timeout.
 */
public final class HttpEndpoints {

    private HttpEndpoints() {}

    /**
     * {@code base} without its trailing slash.
     *
     * @param what the endpoint's role and form for the message, e.g. {@code "Kubo RPC endpoint must be an http(s)://host:port URL"}
     * @throws IllegalArgumentException naming {@code base} if it is not an absolute http(s) URL with a host
     */
    public static URI normalizedBase(URI base, String what) {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException(what + ", not '" + base + "'");
        }
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * @return {@code timeout}
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static Duration positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    /** An HTTP client connecting within {@code timeout}, following redirects as given. */
    public static HttpClient client(Duration timeout, HttpClient.Redirect redirects) {
        return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(redirects).build();
    }
}
