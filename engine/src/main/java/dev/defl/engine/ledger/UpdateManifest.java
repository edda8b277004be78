package dev.defl.engine.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.content.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.utils.Numeric;

/**
 * The signed update list of a Merkle-mode round, which the committing aggregator publishes (e.g.
 * adds to IPFS; its CID goes into {@code commitUpdates}) so that every other aggregator can check each
 * client's signature and rebuild the Merkle root before voting. JSON (Jackson):
 * {@code {"version":1,"chainId":..,"contract":"0x..","taskId":..,"round":..,"updates":[{"client":"0x..",
 * "cid":"bafk..","numSamples":..,"signature":"0x.."}]}}. Immutable.
 *
 * @param chainId  chain id the signatures are bound to
 * @param contract contract address the signatures are bound to, lower-case 0x-hex
 * @param taskId   task id
 * @param round    round
 * @param updates  the signed updates, in leaf order
 */
public record UpdateManifest(long chainId, String contract, long taskId, long round, List<Entry> updates) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One signed update. */
    public record Entry(Cid cid, long numSamples, UpdateSignature signature) {
        public Entry {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(signature, "signature");
        }
    }

    public UpdateManifest {
        Objects.requireNonNull(contract, "contract");
        updates = List.copyOf(updates);
    }

    /** The Merkle tree over the entries, in order. */
    public UpdateMerkleTree tree() {
        return UpdateMerkleTree.of(updates.stream()
                .map(e -> new UpdateMerkleTree.Leaf(e.signature().client(), CompactCid.of(e.cid()), e.numSamples()))
                .toList());
    }

    /** Sum of the entries' numSamples. */
    public long totalSamples() {
        return updates.stream().mapToLong(Entry::numSamples).sum();
    }

    /**
     * Checks every signature ({@link UpdateSignature#verify}) and that no client appears twice.
     *
     * @throws IllegalArgumentException naming the first entry (index, client) that fails
     */
    public void verify() {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            Entry e = updates.get(i);
            String client = e.signature().client();
            if (!e.signature().verify(chainId, contract, taskId, round, CompactCid.of(e.cid()), e.numSamples())) {
                throw new IllegalArgumentException("manifest entry " + i + ": signature of " + client
                        + " does not match update " + e.cid() + " (" + e.numSamples() + " samples) of task " + taskId
                        + " round " + round);
            }
            if (seen.contains(client)) {
                throw new IllegalArgumentException("manifest entry " + i + ": client " + client + " appears twice");
            }
            seen.add(client);
        }
    }

    /** The manifest as UTF-8 JSON. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1).put("chainId", chainId).put("contract", contract).put("taskId", taskId).put("round", round);
        ArrayNode list = root.putArray("updates");
        for (Entry e : updates) {
            list.addObject().put("client", e.signature().client()).put("cid", e.cid().toString())
                    .put("numSamples", e.numSamples()).put("signature", Numeric.toHexString(e.signature().signature()));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write manifest JSON", e);
        }
    }

    /**
     * Parses a manifest.
     *
     * @throws IllegalArgumentException naming the field (and entry index) that is missing or malformed
     */
    public static UpdateManifest fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("update manifest is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.path("version").asInt() != 1) {
            throw new IllegalArgumentException("update manifest: version must be 1");
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode list = root.path("updates");
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            try {
                entries.add(new Entry(Cid.parse(text(e, "cid")), e.path("numSamples").asLong(),
                        new UpdateSignature(text(e, "client"), Numeric.hexStringToByteArray(text(e, "signature")))));
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("update manifest entry " + i + ": " + ex.getMessage(), ex);
            }
        }
        return new UpdateManifest(root.path("chainId").asLong(), text(root, "contract"), root.path("taskId").asLong(),
                root.path("round").asLong(), entries);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field \"" + field + "\" missing or not a string");
        }
        return value.asText();
    }
}
