package dev.defl.engine.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The signed updates ({@link SignedUpdate}) of a Merkle-mode task an aggregator has seen, per round and client: what it
 * builds its manifest from. Fed by the task's pubsub announcements between machines ({@link AggregatorNode}), or, in
 * one process ({@code defl run}), shared by every node of the run as the off-chain channel. Every offered update is
 * checked: the task (chain id, contract, task id) and the signature (it must recover to the claimed client); a
 * rejected one is kept with its reason, naming the client, for the aggregator to report. A client that signs two
 * different updates of a round keeps the one whose CID sorts first, so every aggregator that saw both keeps the same.
 * Thread-safe.
 */
public final class SignedUpdatePool {
    /** A signed update refused, and why. */
    public record Rejection(long round, String client, dev.defl.engine.content.Cid cid, String reason) {}

    private final Map<Long, TreeMap<String, SignedUpdate>> rounds = new HashMap<>();
    private final Map<Long, Map<String, Rejection>> rejected = new HashMap<>();

    /**
     * Offers an update for task {@code taskId} of {@code contract} on chain {@code chainId}.
     *
     * @return the rejection, or empty when the update is held (or an equal or preferred one already was)
     */
    public synchronized Optional<Rejection> offer(SignedUpdate u, long chainId, String contract, long taskId) {
        String reason = null;
        if (u.chainId() != chainId || !u.contract().equalsIgnoreCase(contract) || u.taskId() != taskId) {
            reason = "signed for chain " + u.chainId() + ", contract " + u.contract() + ", task " + u.taskId();
        } else if (u.numSamples() < 1) {
            reason = "claims " + u.numSamples() + " samples";
        } else if (!u.verify()) {
            reason = "its signature does not recover to " + u.client() + " for update " + u.cid() + " ("
                    + u.numSamples() + " samples) of round " + u.round();
        }
        if (reason != null) {
            Rejection r = new Rejection(u.round(), u.client(), u.cid(), reason);
            rejected.computeIfAbsent(u.round(), k -> new LinkedHashMap<>()).putIfAbsent(u.client() + " " + u.cid(), r);
            return Optional.of(r);
        }
        TreeMap<String, SignedUpdate> byClient = rounds.computeIfAbsent(u.round(), k -> new TreeMap<>());
        SignedUpdate held = byClient.get(u.client());
        if (held == null || u.cid().toString().compareTo(held.cid().toString()) < 0) byClient.put(u.client(), u);
        return Optional.empty();
    }

    /** The valid updates held for {@code round}, one per client, by client address. */
    public synchronized List<SignedUpdate> round(long round) {
        TreeMap<String, SignedUpdate> byClient = rounds.get(round);
        return byClient == null ? List.of() : List.copyOf(byClient.values());
    }

    /** The updates refused for {@code round}, in the order first seen. */
    public synchronized List<Rejection> rejected(long round) {
        Map<String, Rejection> r = rejected.get(round);
        return r == null ? List.of() : new ArrayList<>(r.values());
    }

    /** Drops what is held for rounds before {@code round}. */
    public synchronized void forgetBefore(long round) {
        rounds.keySet().removeIf(r -> r < round);
        rejected.keySet().removeIf(r -> r < round);
    }
}
