package dev.defl.engine.health;

import java.util.Objects;

/**
 * The outcome of probing one dependency once.
 *
 * @param name          what was probed, for people: {@code "chain"} or the IPFS endpoint as the user wrote it
 *                      ({@code kubo:http://127.0.0.1:5001})
 * @param target        the URL asked
 * @param up            whether it answered within the timeout
 * @param latencyMillis how long the probe took, in milliseconds (also when it failed: the time until the failure)
 * @param detail        for the chain when up, its block number ({@code "block 123"}); for a failure, the error
 *                      message; otherwise empty
 */
public record ComponentHealth(String name, String target, boolean up, long latencyMillis, String detail) {
    public ComponentHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative: " + latencyMillis);
        }
    }

    /** One line for a status bar or a log: {@code chain up (12 ms, block 5)}, {@code kubo:http://… down (…)}. */
    public String describe() {
        return name + (up ? " up (" : " down (") + latencyMillis + " ms" + (detail.isEmpty() ? "" : ", " + detail) + ")";
    }
}
