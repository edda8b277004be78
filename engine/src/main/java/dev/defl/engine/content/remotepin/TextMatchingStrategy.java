package dev.defl.engine.content.remotepin;

import java.util.Locale;

/** How {@link PinQuery#name()} is matched: the spec's {@code TextMatchingStrategy} ({@code match=} filter). */
public enum TextMatchingStrategy {
    /** Full match, case-sensitive: the spec's default. */
    EXACT,
    /** Full match, case-insensitive. */
    IEXACT,
    /** Substring match, case-sensitive. */
    PARTIAL,
    /** Substring match, case-insensitive. */
    IPARTIAL;

    /** The spec's wire name, e.g. {@code "ipartial"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code candidate} matches {@code pattern} under this strategy; false for a null candidate. */
    public boolean matches(String pattern, String candidate) {
        if (candidate == null) {
            return false;
        }
        return switch (this) {
            case EXACT -> candidate.equals(pattern);
            case IEXACT -> candidate.equalsIgnoreCase(pattern);
            case PARTIAL -> candidate.contains(pattern);
            case IPARTIAL -> candidate.toLowerCase(Locale.ROOT).contains(pattern.toLowerCase(Locale.ROOT));
        };
    }

    /**
     * The strategy with the given wire name.
     *
     * @throws IllegalArgumentException naming the text and the valid names
     */
    public static TextMatchingStrategy fromWireName(String text) {
        for (TextMatchingStrategy s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown match strategy \"" + text + "\" (expected exact, iexact, partial or ipartial)");
    }
}
