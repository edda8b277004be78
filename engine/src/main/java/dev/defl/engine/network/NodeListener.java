package dev.defl.engine.network;

import dev.defl.engine.content.kubo.PubsubMessage;
import dev.defl.engine.ledger.TaskEvent;

import java.util.List;

/**
 * What a running {@link TaskNode} reports, for a window or a log. Called on the node's thread (the pubsub callback on
 * the subscription's thread); implementations must return quickly and hand UI work to their own thread.
 */
public interface NodeListener {
    /** A line of what the node is doing or waiting for (also logged at INFO when it changes). */
    default void onStatus(String status) {
    }

    /** The task's events from newly read blocks, in chain order ({@code lastSeenBlock} advanced past them). */
    default void onEvents(List<TaskEvent> events, long lastSeenBlock) {
    }

    /** A message on the task's pubsub topic, parsed or not. */
    default void onPubsub(PubsubMessage message) {
    }

    /** Nothing to report. */
    NodeListener NONE = new NodeListener() {
    };
}
