package dev.defl.engine.content.remotepin;

import java.util.List;

/**
 * The spec's {@code PinResults}: one page of a {@code GET /pins} listing.
 *
 * @param count   how many pin requests match the query in all, which may exceed {@code results.size()}
 *                when the {@linkplain PinQuery#limit() limit} cut the page short
 * @param results the page, newest first (at most 1000)
 */
public record PinResults(int count, List<PinStatus> results) {
    public PinResults {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " is negative");
        }
        results = List.copyOf(results);
    }

    /** Whether more matching requests exist than this page holds (read them with {@link PinQuery#before()}). */
    public boolean hasMore() {
        return count > results.size();
    }
}
