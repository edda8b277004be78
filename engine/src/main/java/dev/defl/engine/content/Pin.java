package dev.defl.engine.content;

import java.util.Objects;

/**
 * A pinned CID and how it is pinned.
 *
 * @param cid  the pinned block (the root of the DAG for a {@link PinMode#RECURSIVE} pin)
 * @param mode what the pin protects
 */
public record Pin(Cid cid, PinMode mode) {
    public Pin {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(mode, "mode");
    }
}
