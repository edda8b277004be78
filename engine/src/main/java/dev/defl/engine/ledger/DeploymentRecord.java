package dev.defl.engine.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Where a contract was deployed and the keccak-256 hash of its runtime code, kept in the data
 * directory so that a restarted chain (anvil reloading its state file, or any node after a
 * reconnect) can be checked: a call to an address without code "succeeds" with empty results, so
 * a lost or different chain state must be caught before it is used.
 *
 * <p>File format ({@link #save}): {@code {"chainId": 31337, "address": "0x…", "codeHash": "0x…", "block": 1}}.
 *
 * @param chainId  chain id of the deployment
 * @param address  contract address, lower-case 0x-hex
 * @param codeHash keccak-256 of the runtime code ({@code eth_getCode}), 0x + 64 hex digits
 * @param block    block number of the deployment
 */
public record DeploymentRecord(long chainId, String address, String codeHash, long block) {
    /** Conventional file name inside {@code <data-dir>/chain}. */
    public static final String FILE_NAME = "deployment.json";

    public DeploymentRecord {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(codeHash, "codeHash");
        address = address.toLowerCase(Locale.ROOT);
        codeHash = codeHash.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the code at {@code address} now and records its hash.
     *
     * @param block the deployment's block number (from its receipt)
     * @throws IllegalStateException when there is no code at {@code address}
     * @throws ChainUnavailableException when the node does not answer
     */
    public static DeploymentRecord capture(ChainConnection chain, String address, long block) {
        String code = code(chain, address);
        if (code.isEmpty()) {
            throw new IllegalStateException("no contract code at " + address + " on " + chain.rpcUrl()
                    + " (chain id " + chain.chainId() + ")");
        }
        return new DeploymentRecord(chain.chainId(), address, Hash.sha3(code), block);
    }

    /**
     * Checks that {@code chain} is the recorded chain and holds the recorded code at the recorded address.
     *
     * @throws IllegalStateException naming the address, both chain ids or both code hashes, when they differ
     *     or the code is gone (the chain state does not belong to this data directory)
     * @throws ChainUnavailableException when the node does not answer
     */
    public void verify(ChainConnection chain) {
        if (chain.chainId() != chainId) {
            throw new IllegalStateException("contract " + address + " was deployed on chain id " + chainId
                    + ", but " + chain.rpcUrl() + " serves chain id " + chain.chainId());
        }
        String code = code(chain, address);
        if (code.isEmpty()) {
            throw new IllegalStateException("no contract code at " + address + " on " + chain.rpcUrl()
                    + " (chain id " + chainId + "), where it was deployed in block " + block
                    + ": the chain state was lost or belongs to another data directory");
        }
        String actual = Hash.sha3(code).toLowerCase(Locale.ROOT);
        if (!actual.equals(codeHash)) {
            throw new IllegalStateException("contract code at " + address + " on " + chain.rpcUrl() + " has hash "
                    + actual + ", but hash " + codeHash + " was recorded at deployment: another contract is there");
        }
    }

    /**
     * Writes this record to {@code file} atomically and durably ({@link AtomicFiles}).
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public void save(Path file) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("chainId", chainId);
        node.put("address", address);
        node.put("codeHash", codeHash);
        node.put("block", block);
        try {
            AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write deployment record " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The record in {@code file}, or empty when there is no such file.
     *
     * @throws IllegalStateException naming the file when it is not a deployment record
     */
    public static Optional<DeploymentRecord> load(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = new ObjectMapper().readTree(file.toFile());
            if (node == null || !node.path("chainId").canConvertToLong() || !node.path("address").isTextual()
                    || !node.path("codeHash").isTextual() || !node.path("block").canConvertToLong()) {
                throw new IllegalStateException("malformed deployment record " + file
                        + ": expected {\"chainId\", \"address\", \"codeHash\", \"block\"}");
            }
            return Optional.of(new DeploymentRecord(node.get("chainId").asLong(), node.get("address").asText(),
                    node.get("codeHash").asText(), node.get("block").asLong()));
        } catch (IOException e) {
            throw new IllegalStateException("malformed deployment record " + file + ": " + e.getMessage(), e);
        }
    }

    private static String code(ChainConnection chain, String address) {
        try {
            var response = chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send();
            if (response.hasError()) {
                throw new ChainUnavailableException(chain.rpcUrl(),
                        "eth_getCode " + address + " failed: " + ChainConnection.errorText(response.getError()));
            }
            String code = response.getCode();
            return code == null || code.equals("0x") ? "" : code;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }
}
