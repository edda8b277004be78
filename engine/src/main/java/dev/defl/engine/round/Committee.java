package dev.defl.engine.round;

import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.KeyStatementException;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The aggregator committee of a private task as the chain shows it: the registered aggregators (registration order)
 * and the public keys they published ({@code AggregatorKeyPublished}), each checked as a {@link KeyStatement} (the key
 * derives the address and the EIP-191 signature recovers it). Clients seal their updates for {@link #keys()}; an
 * auditor compares an envelope's recipients with {@link #recipients()}.
 *
 * @param aggregators the registered aggregators, lower-case 0x-hex, in registration order
 * @param keys        the verified keys of those that published one, by address, in registration order
 * @param problems    why an aggregator has no usable key: not published yet, or a statement that does not verify
 */
public record Committee(List<String> aggregators, Map<String, Recipient> keys, Map<String, String> problems) {
    public Committee {
        aggregators = List.copyOf(aggregators);
        keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        problems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /**
     * Reads the committee of task {@code taskId}: its aggregators ({@link TaskContract#registrationOrder}) and their
     * published keys ({@link TaskContract#publishedKeys}), each verified. A key published by an account that is not (or
     * no longer) an aggregator is ignored (the contract refuses those anyway).
     *
     * @throws IllegalArgumentException when the task does not exist
     * @throws dev.defl.engine.ledger.ChainUnavailableException when the node does not answer
     */
    public static Committee read(TaskContract contract, long taskId) {
        List<String> aggregators = contract.registrationOrder(taskId, Role.AGGREGATOR).stream()
                .map(a -> a.toLowerCase(Locale.ROOT)).toList();
        Map<String, TaskEvent.AggregatorKeyPublished> published = new LinkedHashMap<>();
        for (TaskEvent.AggregatorKeyPublished k : contract.publishedKeys(taskId)) {
            published.putIfAbsent(k.aggregator().toLowerCase(Locale.ROOT), k);
        }
        Map<String, Recipient> keys = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String a : aggregators) {
            TaskEvent.AggregatorKeyPublished k = published.get(a);
            if (k == null) {
                problems.put(a, "no key published");
                continue;
            }
            try {
                keys.put(a, new KeyStatement(a, k.publicKey(), k.signature()).verify());
            } catch (KeyStatementException | IllegalArgumentException e) {
                problems.put(a, e.getMessage() + " (published in block " + k.blockNumber() + ")");
            }
        }
        return new Committee(aggregators, keys, problems);
    }

    /** Whether every registered aggregator has a verified key. */
    public boolean complete() {
        return problems.isEmpty() && !aggregators.isEmpty();
    }

    /** The aggregators without a usable key, in registration order. */
    public List<String> missing() {
        return List.copyOf(problems.keySet());
    }

    /** The addresses an update sealed for this committee lists: those with a key, ascending (envelope order). */
    public List<String> recipients() {
        List<String> r = new ArrayList<>(keys.keySet());
        r.sort(null);
        return List.copyOf(r);
    }

    /**
     * Seals an update (its safetensors bytes) for every aggregator with a verified key ({@link Envelope#seal}).
     *
     * @throws IllegalStateException when no aggregator has a usable key (naming why each has none)
     */
    public byte[] seal(byte[] update) {
        Objects.requireNonNull(update, "update");
        if (keys.isEmpty()) {
            throw new IllegalStateException("no aggregator of the task has a usable public key to seal the update for: "
                    + problems);
        }
        return Envelope.seal(update, keys.values());
    }
}
