package dev.defl.ui.timeline;

/** Where a round stands in the protocol (DESIGN.md, "The round protocol"). */
public enum RoundState {
    /** Accepting client updates. */
    OPEN,
    /** All expected updates are in; aggregators are computing FedAvg. */
    AGGREGATING,
    /** An aggregate was proposed; aggregators are voting. */
    VOTING,
    /** A proposal reached the quorum; {@code RoundFinalized} was emitted and the model scored. */
    FINALIZED,
    /** The round ended at a deadline without a global model ({@code RoundFailed}: too few updates or no quorum). */
    FAILED;

    /** Lower-case label for the table, e.g. {@code "voting"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
