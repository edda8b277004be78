package dev.defl.engine.network;

import dev.defl.engine.content.kubo.PubsubMessage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message seen on a task's pubsub topic, kept whether or not it is a well-formed {@link Announcement}: a peer
 * sending garbage is worth seeing.
 *
 * @param at         when it was received
 * @param fromPeer   the sender's libp2p peer id as the node reports it (may be empty)
 * @param text       the message data decoded as UTF-8 (malformed bytes replaced by U+FFFD)
 * @param parsed     the announcement, when the data parses ({@link Announcement#parse})
 * @param parseError why it does not parse; empty when {@code parsed} is present
 */
public record PubsubTraffic(Instant at, String fromPeer, String text, Optional<Announcement> parsed,
        String parseError) {
    public PubsubTraffic {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fromPeer, "fromPeer");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(parseError, "parseError");
        if (parsed.isPresent() == !parseError.isEmpty()) {
            throw new IllegalArgumentException("a pubsub message has either a parsed announcement or a parse error, "
                    + "not " + (parsed.isPresent() ? "both" : "neither"));
        }
    }

    /** The message {@code message} received at {@code at}, parsed as an {@link Announcement} if it is one. */
    public static PubsubTraffic of(PubsubMessage message, Instant at) {
        byte[] data = message.data();
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            return new PubsubTraffic(at, message.from(), text, Optional.of(Announcement.parse(data)), "");
        } catch (IllegalArgumentException e) {
            return new PubsubTraffic(at, message.from(), text, Optional.empty(), e.getMessage());
        }
    }
}
