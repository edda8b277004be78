package dev.defl.ui.runs;

import java.time.Duration;
import java.util.Locale;

/** Durations as the Runs pane shows them ("8.4 s", "1 min 05 s"); ages and timestamps are {@link dev.defl.ui.AgeText}'s. */
public final class DurationText {
    private DurationText() {
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
