package dev.defl.engine.content;

import java.util.Locale;

/**
 * How a pin protects blocks from garbage collection, as in kubo ({@code ipfs pin add --recursive}).
 * Source: <a href="https://docs.ipfs.tech/how-to/pin-files/">IPFS docs, pin files</a>.
 */
public enum PinMode {
    /** The pinned block and every block reachable from it through dag-pb links. Kubo's default. */
    RECURSIVE,
    /** The pinned block alone. */
    DIRECT;

    /** The name kubo prints in {@code ipfs pin ls}: {@code recursive} or {@code direct}. */
    public String kuboName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named {@code name} ({@code recursive} or {@code direct}, any case).
     *
     * @throws IllegalArgumentException naming the unknown mode
     */
    public static PinMode parse(String name) {
        for (PinMode mode : values()) {
            if (mode.kuboName().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown pin mode \"" + name + "\" (expected recursive or direct)");
    }
}
