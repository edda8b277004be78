package dev.defl.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.io.AtomicFiles;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How this peer reaches a network of peers, the window's counterpart of {@code defl node}'s {@code --chain},
 * {@code --chain-id}, {@code --ipfs}, {@code --ipfs-timeout} and {@code --keystore}. Kept in
 * {@code <dataDir>/network.json}; the keystore's password is never part of it.
 *
 * <p>File format (JSON object): {@code chainUrl} (string), {@code chainId} (number, 0 = any), {@code ipfs} (array of
 * endpoint strings as {@link EndpointSpec#toString()} writes them), {@code keystore} (string path),
 * {@code ipfsTimeoutSeconds} (number).
 *
 * @param chainUrl        the chain's Ethereum JSON-RPC endpoint, http(s):// or ws(s)://
 * @param expectedChainId the chain id the endpoint must report ({@code eth_chainId}); 0 accepts any
 * @param ipfs            IPFS endpoints (nodes' RPC APIs, trustless gateways); empty = the embedded store alone
 * @param keystore        encrypted Ethereum keystore file (JSON, scrypt) of this peer's account
 * @param ipfsTimeout     limit of one request to one IPFS endpoint, positive
 * @throws InvalidSettingException naming the field when a value is out of range
 */
public record NetworkSettings(String chainUrl, long expectedChainId, List<EndpointSpec> ipfs, Path keystore,
                              Duration ipfsTimeout) {
    /** The settings file's name in a data directory. */
    public static final String FILE_NAME = "network.json";
    /** Field names, as {@link InvalidSettingException#field()} reports them. */
    public static final String FIELD_CHAIN_URL = "chainUrl", FIELD_CHAIN_ID = "chainId", FIELD_IPFS = "ipfs",
            FIELD_KEYSTORE = "keystore", FIELD_IPFS_TIMEOUT = "ipfsTimeoutSeconds";
    /** IPFS request limit when none is given: 30 s, as {@code --ipfs-timeout}. */
    public static final Duration DEFAULT_IPFS_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    public NetworkSettings {
        if (chainUrl == null || chainUrl.isBlank()) {
            throw new InvalidSettingException(FIELD_CHAIN_URL, "chain URL is empty");
        }
        chainUrl = chainUrl.strip();
        checkChainUrl(chainUrl);
        if (expectedChainId < 0) {
            throw new InvalidSettingException(FIELD_CHAIN_ID, "chain id must be >= 0 (0 = any), not " + expectedChainId);
        }
        ipfs = List.copyOf(Objects.requireNonNull(ipfs, "ipfs"));
        if (keystore == null || keystore.toString().isBlank()) {
            throw new InvalidSettingException(FIELD_KEYSTORE, "keystore file is not set");
        }
        if (ipfsTimeout == null || ipfsTimeout.isNegative() || ipfsTimeout.isZero()) {
            throw new InvalidSettingException(FIELD_IPFS_TIMEOUT, "IPFS timeout must be positive, not " + ipfsTimeout);
        }
    }

    private static void checkChainUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(FIELD_CHAIN_URL, "chain URL '" + url + "' is malformed: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "ws", "wss").contains(scheme) || uri.getHost() == null) {
            throw new InvalidSettingException(FIELD_CHAIN_URL,
                    "chain URL '" + url + "' needs http://, https://, ws:// or wss:// and a host");
        }
    }

    /**
     * Settings from the texts of a form (or command line): each parsed and checked, the first bad one reported.
     *
     * @param chainUrl       chain JSON-RPC URL
     * @param chainId        decimal chain id, blank = 0 (any)
     * @param ipfs           comma-separated endpoints ({@link EndpointSpec#parseList}), blank = none
     * @param keystore       keystore file path
     * @param timeoutSeconds IPFS timeout in seconds (decimal), blank = 30
     * @throws InvalidSettingException naming the field and the bad text
     */
    public static NetworkSettings parse(String chainUrl, String chainId, String ipfs, String keystore,
                                        String timeoutSeconds) {
        long id;
        try {
            id = chainId == null || chainId.isBlank() ? 0 : Long.parseLong(chainId.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(FIELD_CHAIN_ID, "chain id '" + chainId + "' is not a whole number");
        }
        List<EndpointSpec> endpoints;
        try {
            endpoints = ipfs == null || ipfs.isBlank() ? List.of() : EndpointSpec.parseList(ipfs);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(FIELD_IPFS, "IPFS endpoints: " + e.getMessage());
        }
        Duration timeout;
        try {
            timeout = timeoutSeconds == null || timeoutSeconds.isBlank() ? DEFAULT_IPFS_TIMEOUT
                    : Duration.ofMillis(Math.round(Double.parseDouble(timeoutSeconds.strip()) * 1000));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(FIELD_IPFS_TIMEOUT, "IPFS timeout '" + timeoutSeconds
                    + "' is not a number of seconds");
        }
        Path key;
        try {
            key = keystore == null || keystore.isBlank() ? null : Path.of(keystore.strip());
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidSettingException(FIELD_KEYSTORE, "keystore path '" + keystore + "' is invalid: "
                    + e.getMessage());
        }
        return new NetworkSettings(chainUrl, id, endpoints, key, timeout);
    }

    /** The IPFS endpoints as a comma-separated list, as {@link #parse} reads it. */
    public String ipfsText() {
        return String.join(",", ipfs.stream().map(EndpointSpec::toString).toList());
    }

    /** {@code <dataDir>/network.json}. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Reads the settings file.
     *
     * @return the settings, or empty when the file does not exist
     * @throws IOException naming the file when it cannot be read or is not a settings object (with the field at fault)
     */
    public static Optional<NetworkSettings> load(Path file) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(file + " does not hold a JSON object");
        try {
            JsonNode list = root.path(FIELD_IPFS);
            if (!list.isMissingNode() && !list.isArray()) {
                throw new InvalidSettingException(FIELD_IPFS, "ipfs must be an array of endpoint strings");
            }
            List<EndpointSpec> endpoints = new ArrayList<>();
            for (JsonNode e : list) {
                try {
                    endpoints.add(EndpointSpec.parse(e.asText()));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidSettingException(FIELD_IPFS, "ipfs entry " + (endpoints.size() + 1) + ": "
                            + ex.getMessage());
                }
            }
            JsonNode id = root.path(FIELD_CHAIN_ID);
            if (!id.isMissingNode() && !id.canConvertToLong()) {
                throw new InvalidSettingException(FIELD_CHAIN_ID, "chainId must be a whole number, not " + id);
            }
            JsonNode timeout = root.path(FIELD_IPFS_TIMEOUT);
            if (!timeout.isMissingNode() && !timeout.isNumber()) {
                throw new InvalidSettingException(FIELD_IPFS_TIMEOUT, "ipfsTimeoutSeconds must be a number, not " + timeout);
            }
            String keystore = root.path(FIELD_KEYSTORE).asText("");
            return Optional.of(new NetworkSettings(root.path(FIELD_CHAIN_URL).asText(""), id.asLong(0), endpoints,
                    keystore.isBlank() ? null : Path.of(keystore),
                    timeout.isMissingNode() ? DEFAULT_IPFS_TIMEOUT : Duration.ofMillis(Math.round(timeout.asDouble() * 1000))));
        } catch (InvalidSettingException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the settings to {@code file} atomically and durably ({@link AtomicFiles}). No password is written.
     *
     * @throws IOException when the file cannot be written
     */
    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put(FIELD_CHAIN_URL, chainUrl);
        root.put(FIELD_CHAIN_ID, expectedChainId);
        ArrayNode list = root.putArray(FIELD_IPFS);
        ipfs.forEach(e -> list.add(e.toString()));
        root.put(FIELD_KEYSTORE, keystore.toString());
        root.put(FIELD_IPFS_TIMEOUT, ipfsTimeout.toMillis() / 1000.0);
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
