package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One message on a task's IPFS pubsub topic ({@link #topic}): the fast path by which a peer tells the others that a
 * CID is ready, before (or while) the chain confirms it. The wire form is UTF-8 text {@code <KIND>:<round>:<cid>}; the
 * update form {@code CID:<round>:<cid>} is the one of the seed prototypes. Peers only prefetch on an announcement and
 * act on what the contract confirms: an announcement is never trusted. In Merkle mode ({@link Kind#SIGNED}) the
 * announcement is how aggregators learn the clients' signed updates, each checked before it is used.
 *
 * @param kind  what the CID is
 * @param round the task round it belongs to, &ge; 1
 * @param cid   the announced content
 */
public record Announcement(Kind kind, long round, Cid cid) {
    /**
     * Longest message parsed, in bytes: a three-letter kind, a round of up to 19 digits, two colons and a CID of
     * {@link Cid#MAX_TEXT_LENGTH} characters.
     */
    public static final int MAX_BYTES = 3 + 1 + 19 + 1 + Cid.MAX_TEXT_LENGTH;

    /** What an announced CID is. */
    public enum Kind {
        /** A client's update for the round ({@code CID:}). */
        UPDATE("CID"),
        /** An aggregator's proposed aggregate for the round ({@code AGG:}). */
        PROPOSAL("AGG"),
        /** Merkle mode: a client's signed update statement ({@link SignedUpdate}, JSON) for the round ({@code SIG:}). */
        SIGNED("SIG");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The wire prefix, {@code CID} or {@code AGG}. */
        public String prefix() {
            return prefix;
        }
    }

    public Announcement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cid, "cid");
        if (round < 1) throw new IllegalArgumentException("announcement round must be >= 1, not " + round);
    }

    /**
     * The pubsub topic of task {@code taskId} of the contract at {@code contract} on chain {@code chainId}:
     * {@code defl/<chainId>/<contract, lower case>/<taskId>}, so tasks of different contracts and chains never share one.
     */
    public static String topic(long chainId, String contract, long taskId) {
        return "defl/" + chainId + "/" + contract.toLowerCase(Locale.ROOT) + "/" + taskId;
    }

    /** The wire form, {@code <KIND>:<round>:<cid>}. */
    public String format() {
        return kind.prefix() + ":" + round + ":" + cid;
    }

    /** {@link #format()} as UTF-8 bytes, the pubsub message data. */
    public byte[] bytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a pubsub message's data.
     *
     * @throws IllegalArgumentException naming what is wrong (longer than {@link #MAX_BYTES}, not UTF-8 text of three
     *     fields, unknown kind, bad round, malformed CID) and quoting at most 80 characters of the message
     */
    public static Announcement parse(byte[] data) {
        if (data.length > MAX_BYTES) {
            throw new IllegalArgumentException("announcement of " + data.length + " bytes exceeds the limit " + MAX_BYTES + " bytes");
        }
        String text = new String(data, StandardCharsets.UTF_8);
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("announcement '" + shown + "' is not <KIND>:<round>:<cid>");
        }
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.prefix().equals(parts[0])) kind = k;
        }
        if (kind == null) {
            throw new IllegalArgumentException("announcement '" + shown + "' has unknown kind '" + parts[0]
                    + "' (expected CID, AGG or SIG)");
        }
        long round;
        try {
            round = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("announcement '" + shown + "' has round '" + parts[1]
                    + "', not a whole number");
        }
        if (round < 1) throw new IllegalArgumentException("announcement '" + shown + "' has round " + round + " < 1");
        Cid cid;
        try {
            cid = Cid.parse(parts[2]);
        } catch (MalformedCidException e) {
            throw new IllegalArgumentException("announcement '" + shown + "' has a malformed CID: " + e.getMessage());
        }
        return new Announcement(kind, round, cid);
    }

    @Override
    public String toString() {
        return format();
    }
}
