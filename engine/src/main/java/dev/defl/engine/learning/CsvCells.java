package dev.defl.engine.learning;

import java.util.regex.Pattern;

/**
 * How {@link CsvDatasetReader} reads one cell: missing ({@code ""}, {@code ?}, {@code NA}, {@code NaN}), integer,
 * decimal number, or infinity (read as a number, then refused as non-finite).
 */
final class CsvCells {
    private CsvCells() {
    }

    static boolean isMissing(String s) {
        return s.isEmpty() || s.equals("?") || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("NaN");
    }

    static boolean isInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() > 18) return false;
        for (int i = start; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return false;
        }
        return true;
    }

    /** Infinity as Python, R and Java write it; read as a number and then refused as non-finite. */
    private static final Pattern INFINITY = Pattern.compile("[+-]?(?:inf|infinity)", Pattern.CASE_INSENSITIVE);

    /**
     * Whether {@code s} is a decimal number as a table holds it, {@code [+-]digits[.digits][(e|E)[+-]digits]} (or
     * {@code .digits}): not the other forms {@link Float#parseFloat} takes ({@code 2.6f}, {@code 1d}, {@code 0x1p3},
     * surrounding white space). A scan, not a regular expression: every cell of a table passes here.
     */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exponent = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exponent++;
            }
            if (exponent == 0) return false;
        }
        return i == n;
    }

    static boolean isNumber(String s) {
        if (s.isEmpty() || isMissing(s)) return false;
        return isDecimal(s) || isInfinity(s); // non-finite: refused when read
    }

    static boolean isInfinity(String s) {
        return s.length() >= 3 && s.length() <= 9 && INFINITY.matcher(s).matches();
    }
}
