package dev.defl.ui.runs;

/**
 * A participant of a selected run, a row of the Runs pane's Participants tab.
 *
 * @param run     the run's name
 * @param colour  the run's series colour, CSS hex
 * @param role    e.g. {@code "client 2"} or {@code "aggregator A"}
 * @param address the account, 0x-prefixed hex (the view shows its address-book label)
 */
public record ParticipantEntry(String run, String colour, String role, String address) {
}
