package dev.defl.engine.content.remotepin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.content.SettingsJson;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;


/**
 * The remote pinning service the IPFS pane uses, on disk as {@code <data dir>/settings/pinning-service.json}:
 * <pre>{@code {"version": 1, "endpoint": "https://api.pinata.cloud/psa"}}</pre>
 * Only the service's base URL (an <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning
 * Service API</a> endpoint) is kept: the access token is a secret and is never written here (the pane holds
 * it in memory for the session, or reads {@code $DEFL_PINNING_TOKEN}). Written atomically and durably
 * ({@link dev.defl.engine.io.AtomicFiles}, through {@link dev.defl.engine.content.SettingsJson}).
 */
public final class PinningServiceSettings {
    /** The file's name inside {@code <data dir>/settings}. */
    public static final String FILE_NAME = "pinning-service.json";
    /** The format version written and accepted. */
    public static final int VERSION = 1;

    private PinningServiceSettings() {
    }

    /** {@code dataDir/settings/pinning-service.json}. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("settings").resolve(FILE_NAME);
    }

    /**
     * The service URL in {@code file}; empty if the file does not exist.
     *
     * @throws IOException naming the file (and the line and column of bad JSON) if it is not JSON of the form
     *                     above, has another version, or the endpoint is not an absolute http(s) URL; or if it
     *                     cannot be read
     */
    public static Optional<URI> load(Path file) throws IOException {
        Optional<ObjectNode> read = SettingsJson.read(file, VERSION, "with an \"endpoint\"",
                (problem, cause) -> new IOException("settings file " + file + " " + problem, cause));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode root = read.get();
        JsonNode endpoint = root.get("endpoint");
        if (endpoint == null || !endpoint.isTextual()) {
            throw new IOException("settings file " + file + " has no \"endpoint\" string");
        }
        try {
            return Optional.of(checked(endpoint.textValue()));
        } catch (IllegalArgumentException e) {
            throw new IOException("settings file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code endpoint} to {@code file} (creating its directory), atomically.
     *
     * @throws IOException if the directory or file cannot be written, or the file system cannot move atomically
     */
    public static void save(Path file, URI endpoint) throws IOException {
        Objects.requireNonNull(endpoint, "endpoint");
        SettingsJson.write(file, VERSION, root -> root.put("endpoint", endpoint.toString()));
    }

    /**
     * {@code text} as a service base URL: absolute http(s), with a host, no user info, query or fragment (a
     * token must not travel in the URL).
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static URI checked(String text) {
        Objects.requireNonNull(text, "text");
        String stripped = text.strip();
        if (stripped.isEmpty()) throw new IllegalArgumentException("the pinning service URL is empty");
        URI uri;
        try {
            uri = new URI(stripped);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("pinning service URL \"" + stripped + "\" is not a URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("pinning service URL \"" + stripped + "\" is not an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            // the URL is not quoted whole: user info or a query may hold a secret
            String shown = scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
            throw new IllegalArgumentException("pinning service URL " + shown + " must not carry user info, a query or"
                    + " a fragment (enter the access token separately)");
        }
        return uri;
    }
}
