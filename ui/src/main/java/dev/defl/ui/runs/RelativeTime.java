package dev.defl.ui.runs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the Runs pane shows them: ages ("3 min ago"), durations ("1 min 05 s") and local timestamps. */
public final class RelativeTime {
    private static final DateTimeFormatter ABSOLUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private RelativeTime() {
    }

    /** How long before {@code now} {@code then} was: "just now", "42 s ago", "3 min ago", "5 h ago", "2 days ago". */
    public static String age(Instant then, Instant now) {
        if (then == null) return "";
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 5) return "just now";
        if (s < 60) return s + " s ago";
        if (s < 3600) return s / 60 + " min ago";
        if (s < 86_400) return s / 3600 + " h ago";
        long days = s / 86_400;
        return days == 1 ? "yesterday" : days + " days ago";
    }

    /** {@code at} in the local time zone, {@code yyyy-MM-dd HH:mm:ss}; empty for null. */
    public static String absolute(Instant at) {
        return at == null ? "" : ABSOLUTE.format(at);
    }

    /** A duration for a table cell: "8.4 s", "1 min 05 s", "2 h 03 min"; empty for null. */
    public static String duration(Duration d) {
        if (d == null) return "";
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
