package dev.defl.engine.protocol;

import java.util.Locale;

/**
 * How a task's updates reach the chain ({@code TaskParams.merkleMode}).
 */
public enum CommitMode {
    /** Each client sends {@code submitUpdate}: one transaction per update (about 45k gas each). */
    PER_UPDATE("per-update"),
    /**
     * Clients sign their updates off chain; an aggregator commits the round's Merkle root and manifest CID in one
     * {@code commitUpdates} transaction, whose gas does not grow with the number of clients.
     */
    MERKLE("merkle");

    private final String label;

    CommitMode(String label) {
        this.label = label;
    }

    /** The CLI's name: {@code per-update} or {@code merkle}. */
    public String label() {
        return label;
    }

    /**
     * Parses {@code per-update} or {@code merkle} (any case).
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static CommitMode parse(String text) {
        for (CommitMode m : values()) {
            if (m.label.equalsIgnoreCase(text.strip())) return m;
        }
        throw new IllegalArgumentException("commit mode '" + text + "' is not one of per-update, merkle");
    }

    @Override
    public String toString() {
        return label;
    }
}
