package dev.defl.engine.content.remotepin;

import dev.defl.engine.content.Cid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The filters of {@code GET /pins} in the Pinning Service API. Every filter is optional; {@link #all()} has
 * none. Build one with {@link #builder()}.
 *
 * @param cids     return requests pinning any of these CIDs (at most 10); empty for any CID
 * @param name     return requests with this name, matched by {@code match}; null for any name
 * @param match    how {@code name} is matched; the spec's default is {@link TextMatchingStrategy#EXACT}
 * @param statuses return requests in any of these states; empty leaves it to the service, which by the spec
 *                 returns {@linkplain PinState#PINNED pinned} requests only
 * @param before   return requests created strictly before this instant; null for no bound
 * @param after    return requests created strictly after this instant; null for no bound
 * @param limit    most results in the page, 1..1000; null for the service's default (10)
 * @param meta     return requests whose {@link Pin#meta()} holds all these entries; empty for any
 */
public record PinQuery(List<String> cids, String name, TextMatchingStrategy match, Set<PinState> statuses,
        Instant before, Instant after, Integer limit, Map<String, String> meta) {
    /** Most CIDs a query may name ({@code cid} filter, {@code maxItems: 10}). */
    public static final int MAX_CIDS = 10;
    /** Largest {@link #limit()} ({@code maximum: 1000}). */
    public static final int MAX_LIMIT = 1000;

    /**
     * @throws IllegalArgumentException for more than 10 CIDs, a blank CID, a name over 255 characters, or a
     *                                  limit outside 1..1000
     */
    public PinQuery {
        cids = cids == null ? List.of() : List.copyOf(new LinkedHashSet<>(cids));
        if (cids.size() > MAX_CIDS) {
            throw new IllegalArgumentException(
                    "query names " + cids.size() + " CIDs; the spec allows at most " + MAX_CIDS);
        }
        for (String cid : cids) {
            if (cid.isBlank() || cid.contains(",")) {
                throw new IllegalArgumentException("query CID \"" + cid + "\" is blank or contains a comma");
            }
        }
        if (name != null && name.length() > Pin.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("query name is " + name.length()
                    + " characters; the spec allows at most " + Pin.MAX_NAME_LENGTH);
        }
        match = match == null ? TextMatchingStrategy.EXACT : match;
        statuses = statuses == null || statuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("query limit " + limit + " is outside 1.." + MAX_LIMIT);
        }
        meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    /** A query with no filters: the service's newest 10 pinned requests. */
    public static PinQuery all() {
        return builder().build();
    }

    /** A builder with no filters set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this query's filters, e.g. to ask for the next page with {@link Builder#before}. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.cids.addAll(cids);
        b.name = name;
        b.match = match;
        b.statuses.addAll(statuses);
        b.before = before;
        b.after = after;
        b.limit = limit;
        b.meta.putAll(meta);
        return b;
    }

    /** Collects {@link PinQuery} filters; not thread-safe. */
    public static final class Builder {
        private final List<String> cids = new ArrayList<>();
        private String name;
        private TextMatchingStrategy match;
        private final Set<PinState> statuses = EnumSet.noneOf(PinState.class);
        private Instant before;
        private Instant after;
        private Integer limit;
        private final Map<String, String> meta = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds CIDs to the {@code cid} filter. */
        public Builder cid(Cid... values) {
            for (Cid cid : values) {
                cids.add(cid.toString());
            }
            return this;
        }

        /** Adds CIDs, as text, to the {@code cid} filter (for multibases {@link Cid#parse} does not know). */
        public Builder cid(String... values) {
            cids.addAll(List.of(values));
            return this;
        }

        /** Sets the {@code name} filter, matched exactly unless {@link #match} says otherwise. */
        public Builder name(String value) {
            name = value;
            return this;
        }

        /** Sets how the name filter matches. */
        public Builder match(TextMatchingStrategy value) {
            match = value;
            return this;
        }

        /** Adds states to the {@code status} filter. */
        public Builder status(PinState... values) {
            statuses.addAll(List.of(values));
            return this;
        }

        /** Only requests created strictly before {@code value}. */
        public Builder before(Instant value) {
            before = value;
            return this;
        }

        /** Only requests created strictly after {@code value}. */
        public Builder after(Instant value) {
            after = value;
            return this;
        }

        /** At most {@code value} results (1..1000). */
        public Builder limit(int value) {
            limit = value;
            return this;
        }

        /** Only requests whose meta holds {@code key = value} (repeatable; all must hold). */
        public Builder meta(String key, String value) {
            meta.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The query.
         *
         * @throws IllegalArgumentException as {@link PinQuery#PinQuery} does
         */
        public PinQuery build() {
            return new PinQuery(cids, name, match, statuses, before, after, limit, meta);
        }
    }
}
