package dev.defl.ui.network;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Ethereum addresses typed one per line (the Create task form's clients and aggregators). */
public final class AddressList {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private AddressList() {
    }

    /** Whether {@code text} is {@code 0x} followed by 40 hex digits (no EIP-55 checksum check). */
    public static boolean isAddress(String text) {
        return text != null && ADDRESS.matcher(text).matches();
    }

    /**
     * The addresses of {@code text}, one per line; blank lines and surrounding spaces are skipped, commas also separate.
     *
     * @param what what the list holds, for the error ("clients")
     * @throws IllegalArgumentException naming the list, the 1-based line and the bad text, or a repeated address
     */
    public static List<String> parse(String text, String what) {
        List<String> addresses = new ArrayList<>();
        if (text == null) return addresses;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            for (String part : lines[i].split(",")) {
                String a = part.strip();
                if (a.isEmpty()) continue;
                if (!isAddress(a)) {
                    throw new IllegalArgumentException(what + ", line " + (i + 1) + ": '" + a
                            + "' is not an address (0x + 40 hex digits)");
                }
                if (addresses.stream().anyMatch(a::equalsIgnoreCase)) {
                    throw new IllegalArgumentException(what + ", line " + (i + 1) + ": " + a + " is listed twice");
                }
                addresses.add(a);
            }
        }
        return addresses;
    }

    /** {@code 0x7099…79c8} for an address; other text as is. */
    public static String shorten(String address) {
        return isAddress(address) ? address.substring(0, 6) + "…" + address.substring(38) : address;
    }
}
