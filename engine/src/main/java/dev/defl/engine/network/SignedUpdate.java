package dev.defl.engine.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.CompactCid;
import dev.defl.engine.ledger.UpdateManifest;
import dev.defl.engine.ledger.UpdateSignature;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * A client's off-chain update in a Merkle-mode round: what it would send with {@code submitUpdate} in per-update mode,
 * signed instead of sent ({@link UpdateSignature}: EIP-191 over the contract's {@code updateSigningHash}, which binds
 * chain id, contract, task, round, update CID and sample count; the client is the address the signature recovers to).
 * Published as a small JSON document in the content store, its CID announced on the task's topic
 * ({@link Announcement.Kind#SIGNED}); format {@code {"version":1,"chainId":..,"contract":"0x..","taskId":..,
 * "round":..,"client":"0x..","cid":"bafk..","numSamples":..,"signature":"0x.."}} (Jackson).
 *
 * @param chainId    chain id the signature is bound to
 * @param contract   contract address, lower-case 0x-hex
 * @param taskId     task
 * @param round      round, &ge; 1
 * @param cid        the update's CID (a private task: the envelope's)
 * @param numSamples training samples behind it, &ge; 1
 * @param signature  the client's signature; {@code signature.client()} is the claimed client
 */
public record SignedUpdate(long chainId, String contract, long taskId, long round, Cid cid, long numSamples,
                           UpdateSignature signature) {
    /** Largest statement parsed, bytes. */
    public static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SignedUpdate {
        contract = Objects.requireNonNull(contract, "contract").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(signature, "signature");
    }

    /** Signs update {@code cid} of {@code numSamples} samples as {@code client}. */
    public static SignedUpdate sign(Credentials client, long chainId, String contract, long taskId, long round, Cid cid,
                                    long numSamples) {
        return new SignedUpdate(chainId, contract, taskId, round, cid, numSamples,
                UpdateSignature.sign(client, chainId, contract, taskId, round, CompactCid.of(cid), numSamples));
    }

    /** The claimed client, lower-case 0x-hex. */
    public String client() {
        return signature.client().toLowerCase(Locale.ROOT);
    }

    /** Whether the signature recovers to {@link #client()} over these values. */
    public boolean verify() {
        return signature.verify(chainId, contract, taskId, round, CompactCid.of(cid), numSamples);
    }

    /** This update as a manifest entry. */
    public UpdateManifest.Entry entry() {
        return new UpdateManifest.Entry(cid, numSamples, signature);
    }

    /** The statement as UTF-8 JSON. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1).put("chainId", chainId).put("contract", contract).put("taskId", taskId).put("round", round)
                .put("client", client()).put("cid", cid.toString()).put("numSamples", numSamples)
                .put("signature", Numeric.toHexString(signature.signature()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a signed update as JSON", e);
        }
    }

    /**
     * Parses a statement.
     *
     * @throws IllegalArgumentException naming what is missing or malformed (over {@link #MAX_BYTES}, not JSON, version,
     *     a field)
     */
    public static SignedUpdate fromJson(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("signed update of " + json.length + " bytes exceeds " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("signed update is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.path("version").asInt() != 1) {
            throw new IllegalArgumentException("signed update: version must be 1");
        }
        try {
            return new SignedUpdate(number(root, "chainId"), text(root, "contract"), number(root, "taskId"),
                    number(root, "round"), Cid.parse(text(root, "cid")), number(root, "numSamples"),
                    new UpdateSignature(text(root, "client").toLowerCase(Locale.ROOT),
                            Numeric.hexStringToByteArray(text(root, "signature"))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("signed update: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("field \"" + field + "\" missing or not a string");
        return v.asText();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field \"" + field + "\" missing or not a whole number");
        }
        return v.asLong();
    }
}
