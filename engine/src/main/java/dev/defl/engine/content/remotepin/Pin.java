package dev.defl.engine.content.remotepin;

import dev.defl.engine.content.Cid;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spec's {@code Pin} object: what to pin at the service.
 *
 * <p>The CID is kept as text because a service may hold CIDs in multibases this codebase does not decode
 * (base36 {@code k…}, for example); {@link #toCid()} parses it.
 *
 * @param cid     the root CID, pinned recursively, as text ({@code Qm…}, {@code bafy…})
 * @param name    optional name, at most 255 characters; null when absent
 * @param origins multiaddrs known to provide the data (at most 20, distinct); empty when none
 * @param meta    string metadata persisted with the pin (at most 1000 entries); empty when none
 */
public record Pin(String cid, String name, List<String> origins, Map<String, String> meta) {
    /** Longest {@link #name()} the spec allows, in characters. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Most {@link #origins()} the spec allows. */
    public static final int MAX_ORIGINS = 20;
    /** Most {@link #meta()} entries the spec allows. */
    public static final int MAX_META_ENTRIES = 1000;

    /**
     * @throws IllegalArgumentException for a blank CID, a name over 255 characters, more than 20 or repeated
     *                                  origins, or more than 1000 meta entries (the spec's limits)
     */
    public Pin {
        Objects.requireNonNull(cid, "cid");
        if (cid.isBlank()) {
            throw new IllegalArgumentException("pin CID is blank");
        }
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("pin name is " + name.length() + " characters; the spec allows at most "
                    + MAX_NAME_LENGTH);
        }
        origins = origins == null ? List.of() : List.copyOf(origins);
        if (origins.size() > MAX_ORIGINS) {
            throw new IllegalArgumentException(
                    "pin has " + origins.size() + " origins; the spec allows at most " + MAX_ORIGINS);
        }
        if (new HashSet<>(origins).size() != origins.size()) {
            throw new IllegalArgumentException("pin origins repeat an address: " + origins);
        }
        meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        if (meta.size() > MAX_META_ENTRIES) {
            throw new IllegalArgumentException(
                    "pin has " + meta.size() + " meta entries; the spec allows at most " + MAX_META_ENTRIES);
        }
        meta.forEach((k, v) -> Objects.requireNonNull(v, () -> "meta value of key \"" + k + "\""));
    }

    /** A pin of {@code cid} with the given name (null for none), origins and meta (null for none). */
    public static Pin of(Cid cid, String name, List<String> origins, Map<String, String> meta) {
        return new Pin(cid.toString(), name, origins, meta);
    }

    /**
     * The CID, parsed.
     *
     * @throws dev.defl.engine.content.MalformedCidException if the text is not a CID this codebase decodes
     */
    public Cid toCid() {
        return Cid.parse(cid);
    }
}
