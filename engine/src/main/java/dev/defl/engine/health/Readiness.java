package dev.defl.engine.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The health of a peer's dependencies at one moment: the chain and each configured IPFS endpoint.
 *
 * @param chain     the chain's JSON-RPC endpoint
 * @param ipfs      the IPFS endpoints, in the order they are tried; empty when none is configured
 * @param checkedAt when the probes started
 */
public record Readiness(ComponentHealth chain, List<ComponentHealth> ipfs, Instant checkedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Readiness {
        Objects.requireNonNull(chain, "chain");
        ipfs = List.copyOf(ipfs);
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** Whether at least one IPFS endpoint answered (false when none is configured). */
    public boolean ipfsUp() {
        return ipfs.stream().anyMatch(ComponentHealth::up);
    }

    /** Ready to work as a network peer: the chain answers and at least one IPFS endpoint does. */
    public boolean ready() {
        return chain.up() && ipfsUp();
    }

    /**
     * As JSON, the body of a node's {@code /ready}:
     * <pre>{@code {"ready": true, "checkedAt": "2026-…Z",
     *  "chain": {"up": true, "url": "http://127.0.0.1:8545", "latencyMs": 3, "detail": "block 7"},
     *  "ipfs": [{"name": "kubo:http://127.0.0.1:5001", "up": true, "url": "…", "latencyMs": 5, "detail": ""}]}}</pre>
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("ready", ready());
        root.put("checkedAt", checkedAt.toString());
        put(root.putObject("chain"), chain);
        ArrayNode endpoints = root.putArray("ipfs");
        ipfs.forEach(health -> put(endpoints.addObject(), health));
        return root.toString();
    }

    private static void put(ObjectNode node, ComponentHealth health) {
        node.put("name", health.name());
        node.put("up", health.up());
        node.put("url", health.target());
        node.put("latencyMs", health.latencyMillis());
        node.put("detail", health.detail());
    }
}
