package dev.defl.ui.peers;

import dev.defl.engine.network.Announcement;
import dev.defl.engine.network.PubsubTraffic;

import java.time.Instant;
import java.util.Objects;

/**
 * One message on the task's pubsub topic, as display values (the view holds no engine types): built by
 * {@link PeersViewModel} from the engine's {@link PubsubTraffic}.
 *
 * @param at         when it was received
 * @param fromPeer   the sender's libp2p peer id, "" when the node did not say
 * @param text       the message as received, decoded as UTF-8
 * @param announces  what it announces ("update of round 3", "proposal of round 3"), "" when it is not an
 *                   {@link Announcement}
 * @param cid        the announced CID, "" when it is not an announcement
 * @param parseError why it is not an announcement, "" when it is one
 */
public record TrafficLine(Instant at, String fromPeer, String text, String announces, String cid, String parseError) {

    public TrafficLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fromPeer, "fromPeer");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(announces, "announces");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(parseError, "parseError");
    }

    /** Whether the message is not an announcement (shown in red with {@link #parseError}). */
    public boolean unparsable() {
        return announces.isEmpty();
    }

    static TrafficLine of(PubsubTraffic t) {
        return t.parsed().map(a -> new TrafficLine(t.at(), t.fromPeer(), t.text(),
                        (switch (a.kind()) { case UPDATE -> "update"; case PROPOSAL -> "proposal"; case SIGNED -> "signed update"; }) + " of round " + a.round(),
                        a.cid().toString(), ""))
                .orElseGet(() -> new TrafficLine(t.at(), t.fromPeer(), t.text(), "", "", t.parseError()));
    }
}
