package dev.defl.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the workbench shows when something happened: its age ({@code "3 min ago"}, {@code "2 h ago"}), with the
 * absolute local time ({@code "2026-12-07 14:03:27"}) for the tooltip ({@link AgeCell}).
 */
public final class AgeText {

    private static final DateTimeFormatter ABSOLUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private AgeText() {}

    /**
     * The age of {@code then} at {@code now}: "just now" under 10 s (and for a time slightly ahead of {@code now}, as
     * a chain's clock can be), then whole seconds, minutes, hours or days, rounded down ({@code "59 s ago"},
     * {@code "3 min ago"}, {@code "2 h ago"}, {@code "4 d ago"}); "—" for null.
     */
    public static String ago(Instant then, Instant now) {
        if (then == null) return "—";
        long s = Duration.between(then, now).toSeconds();
        if (s < 10) return "just now";
        if (s < 60) return s + " s ago";
        if (s < 3600) return s / 60 + " min ago";
        if (s < 86_400) return s / 3600 + " h ago";
        return s / 86_400 + " d ago";
    }

    /** {@link #ago(Instant, Instant)} at the system clock's now. */
    public static String ago(Instant then) {
        return ago(then, Instant.now());
    }

    /** {@code then} as local date and time to the second, e.g. {@code "2026-12-07 14:03:27"}; "" for null. */
    public static String absolute(Instant then) {
        return then == null ? "" : ABSOLUTE.format(then);
    }
}
