package dev.defl.ui;

import java.util.Locale;

/** How the workbench shows a byte count (status bar, IPFS pane). */
public final class ByteText {

    private ByteText() {}

    /**
     * Bytes in binary units (IEC 80000-13): {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}, …
     *
     * @param bytes a byte count, ≥ 0
     */
    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
