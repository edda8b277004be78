package dev.defl.engine.ledger;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

/**
 * HTTP clients for plain {@code http://} JSON-RPC (the managed anvil on 127.0.0.1, a dev chain): they never set up
 * TLS, whose default initialisation (reading the JDK's CA certificates) costs about a second of a busy 2-core
 * machine's start-up. Never use them for {@code https://}.
 */
final class PlainHttpClients {

    private PlainHttpClients() {
    }

    /**
     * A {@link java.net.http.HttpClient} for {@code http://} URLs; its TLS context trusts nothing (an {@code https://}
     * request fails its handshake).
     *
     * @param connectTimeout the limit of a TCP connect
     */
    static HttpClient javaClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).sslContext(trustingNothing()).build();
    }

    /** An OkHttp client (for web3j's {@code HttpService}) that speaks cleartext HTTP only. */
    static OkHttpClient okHttpCleartext() {
        return new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    }

    private static SSLContext trustingNothing() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[0], null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this Java runtime", e);
        }
    }
}
