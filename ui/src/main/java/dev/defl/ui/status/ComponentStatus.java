package dev.defl.ui.status;

import java.util.Objects;

/**
 * What the status bar shows for one component (the content store, the chain, the training engine, an IPFS endpoint).
 *
 * @param name   short name shown next to the dot ({@code "chain"}, {@code "store"}, {@code "ipfs kubo:http://…"})
 * @param state  starting, ready or failed
 * @param text   one line for the status bar ({@code "starting chain…"}, {@code "chain ready (block 12, 3 ms)"})
 * @param detail the tooltip and the details dialog: the full error message, or what was probed; may be empty
 */
public record ComponentStatus(String name, State state, String text, String detail) {

    /** Where a component is. */
    public enum State {
        /** Being opened or started; not usable yet. */
        STARTING,
        /** Usable (for an endpoint: it answered the last probe). */
        READY,
        /** Failed to open or start (for an endpoint: it did not answer the last probe). */
        FAILED
    }

    public ComponentStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(detail, "detail");
    }

    static ComponentStatus starting(String name, String text) {
        return new ComponentStatus(name, State.STARTING, text, "");
    }

    static ComponentStatus ready(String name, String text, String detail) {
        return new ComponentStatus(name, State.READY, text, detail);
    }

    static ComponentStatus failed(String name, String text, String detail) {
        return new ComponentStatus(name, State.FAILED, text, detail);
    }

    /** Whether the component is usable. */
    public boolean ready() {
        return state == State.READY;
    }
}
