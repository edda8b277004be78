package dev.defl.engine.content.kubo;

import java.util.Locale;

/** How a CID is pinned on a node. Source: <a href="https://docs.ipfs.tech/concepts/persistence/">IPFS persistence</a>. */
public enum PinType {
    /** The block and every block it links to, recursively. */
    RECURSIVE,
    /** This block only. */
    DIRECT,
    /** Kept because a recursive pin above it reaches it. */
    INDIRECT;

    /** The name the RPC uses: {@code recursive}, {@code direct}, {@code indirect}. */
    public String rpcName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The pin type for an RPC name.
     *
     * @throws IllegalArgumentException for a name that is none of the three
     */
    public static PinType fromRpcName(String name) {
        for (PinType type : values()) {
            if (type.rpcName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown pin type '" + name + "' (expected recursive, direct or indirect)");
    }
}
