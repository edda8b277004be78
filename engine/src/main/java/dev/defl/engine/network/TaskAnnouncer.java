package dev.defl.engine.network;

import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.engine.content.kubo.PubsubMessage;
import dev.defl.engine.content.kubo.PubsubSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Announcements on a task's pubsub topic ({@link Announcement#topic}) through the peer's IPFS nodes: published on the
 * first node that takes them, received from a subscription on the first node that grants one.
 *
 * <p>The fast path only: a lost announcement costs a peer a little latency (it then sees the CID on chain), so
 * {@link #announce} never throws; it reports whether a node took the message and logs why not.
 */
public final class TaskAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskAnnouncer.class);

    private final List<KuboRpcClient> nodes;
    private final String topic;
    private PubsubSubscription subscription;

    /**
     * @param nodes the peer's IPFS nodes' RPC clients, in preference order (not closed by {@link #close()}); empty:
     *              announcements are off
     * @param topic the task's topic
     */
    public TaskAnnouncer(List<KuboRpcClient> nodes, String topic) {
        this.nodes = List.copyOf(nodes);
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** Whether there is a node to announce through. */
    public boolean enabled() {
        return !nodes.isEmpty();
    }

    /**
     * Publishes {@code announcement} on the first node that takes it.
     *
     * @return whether a node took it (false without nodes, or when every node failed: each failure is logged at WARN)
     */
    public boolean announce(Announcement announcement) {
        List<String> failures = new ArrayList<>();
        for (KuboRpcClient node : nodes) {
            try {
                node.pubsubPub(topic, announcement.bytes());
                return true;
            } catch (IOException e) {
                failures.add(node.endpoint() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            log.warn("announcing {} on {} failed (peers will see it on chain): {}", announcement, topic,
                    String.join("; ", failures));
        }
        return false;
    }

    /**
     * Subscribes to the topic on the first node that grants it; {@code listener} gets every message, on the
     * subscription's thread, until {@link #close()}.
     *
     * @return the node subscribed at, or empty when none granted it (each failure logged at WARN)
     */
    public synchronized Optional<String> subscribe(Consumer<PubsubMessage> listener) {
        if (subscription != null) throw new IllegalStateException("already subscribed to " + topic);
        for (KuboRpcClient node : nodes) {
            try {
                subscription = node.pubsubSub(topic, listener);
                return Optional.of(node.endpoint().toString());
            } catch (IOException e) {
                log.warn("subscribing to {} at {} failed: {}", topic, node.endpoint(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Ends the subscription, if any. */
    @Override
    public synchronized void close() {
        if (subscription == null) return;
        try {
            subscription.close();
        } catch (IOException e) {
            log.debug("closing the subscription to {}: {}", topic, e.getMessage());
        }
        subscription = null;
    }
}
