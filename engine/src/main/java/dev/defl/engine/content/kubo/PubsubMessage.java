package dev.defl.engine.content.kubo;

import java.util.List;

/**
 * A message received on a pubsub subscription.
 *
 * @param from   peer id of the sender
 * @param data   the message bytes (copied in and out)
 * @param topics the topics it was published on
 */
public record PubsubMessage(String from, byte[] data, List<String> topics) {
    public PubsubMessage {
        data = data.clone();
        topics = List.copyOf(topics);
    }

    /** A copy of the message bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }
}
