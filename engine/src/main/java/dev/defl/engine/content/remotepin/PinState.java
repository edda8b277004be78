package dev.defl.engine.content.remotepin;

import java.util.Locale;

/**
 * The {@code Status} of a pin request in the Pinning Service API: {@code queued} → {@code pinning} →
 * {@code pinned} or {@code failed}.
 */
public enum PinState {
    /** Waiting in the service's queue; {@code info.status_details} may say where. */
    QUEUED,
    /** The service is fetching the DAG. */
    PINNING,
    /** Pinned: the service holds every block of the DAG. */
    PINNED,
    /** The service gave up; {@code info.status_details} may say why. */
    FAILED;

    /** The spec's wire name, e.g. {@code "pinned"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for {@link #PINNED} and {@link #FAILED}, the states a request does not leave. */
    public boolean isSettled() {
        return this == PINNED || this == FAILED;
    }

    /**
     * The state with the given wire name.
     *
     * @throws IllegalArgumentException naming the text and the four valid names
     */
    public static PinState fromWireName(String text) {
        for (PinState state : values()) {
            if (state.wireName().equals(text)) {
                return state;
            }
        }
        throw new IllegalArgumentException(
                "unknown pin status \"" + text + "\" (expected queued, pinning, pinned or failed)");
    }
}
