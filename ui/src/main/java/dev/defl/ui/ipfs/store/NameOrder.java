package dev.defl.ui.ipfs.store;

import java.util.Comparator;

/**
 * The order of the store's Name column: runs of digits compare as numbers ("run 2" before "run 10"), other text
 * case-insensitively, and unnamed roots (empty names) last.
 */
final class NameOrder implements Comparator<String> {

    static final NameOrder INSTANCE = new NameOrder();

    private NameOrder() {
    }

    @Override
    public int compare(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) return Boolean.compare(a.isEmpty(), b.isEmpty());
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = i, ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) ei++;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) ej++;
                int c = compareNumbers(a, i, ei, b, j, ej);
                if (c != 0) return c;
                i = ei;
                j = ej;
            } else {
                int c = Character.compare(Character.toLowerCase(x), Character.toLowerCase(y));
                if (c != 0) return c;
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The digit runs {@code a[i, ei)} and {@code b[j, ej)} (not empty) compared as numbers, leading zeros ignored; no
     * allocation (the Name column's comparator runs about n·log n times per sort, on the UI thread).
     */
    private static int compareNumbers(String a, int i, int ei, String b, int j, int ej) {
        while (i < ei - 1 && a.charAt(i) == '0') i++;
        while (j < ej - 1 && b.charAt(j) == '0') j++;
        if (ei - i != ej - j) return Integer.compare(ei - i, ej - j);
        for (; i < ei; i++, j++) {
            int c = Character.compare(a.charAt(i), b.charAt(j));
            if (c != 0) return c;
        }
        return 0;
    }
}
