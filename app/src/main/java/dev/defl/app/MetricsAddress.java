package dev.defl.app;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where {@code defl node --metrics} listens: {@code HOST:PORT}, {@code :PORT} or {@code PORT} (host 127.0.0.1, loopback,
 * unless given; {@code [::1]:PORT} for an IPv6 literal). Port 0 picks a free port (the bound one is logged).
 *
 * @param host a host name or IP literal (without brackets)
 * @param port 0 to 65535
 */
record MetricsAddress(String host, int port) {
    /** The host when only a port is given. */
    static final String LOOPBACK = "127.0.0.1";

    MetricsAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }

    /**
     * Parses {@code HOST:PORT}, {@code :PORT} or {@code PORT}.
     *
     * @param option the option's name, for the message
     * @throws IllegalArgumentException naming the option and the value when it is none of these
     */
    static MetricsAddress parse(String option, String text) {
        String value = text.strip();
        String host = LOOPBACK;
        String port = value;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            else if (host.contains(":")) host = "";  // an IPv6 literal needs brackets
            if (colon == 0) host = LOOPBACK;
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (host.isEmpty() || number < 0 || number > 65_535) {
            throw new IllegalArgumentException(option + ": expected HOST:PORT, :PORT or PORT (port 0 to 65535), not '"
                    + text + "'");
        }
        return new MetricsAddress(host, number);
    }

    /** The socket address to bind (the host resolved). */
    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }
}
