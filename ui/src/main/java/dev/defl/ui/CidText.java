package dev.defl.ui;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * How the workbench shows a hash (CID, address, transaction hash) where space is short: its start and end joined by a
 * middle ellipsis, the full value in a tooltip and a Copy action ({@link CidCell}, {@link HashLabel}).
 */
public final class CidText {

    private CidText() {}

    /**
     * The first 8 and last 6 characters of a long hash joined by an ellipsis ({@code bafkrei…vei4},
     * {@code 0x5FbDB2…180aa3}); strings of up to 16 characters as is, null as "".
     */
    public static String shorten(String cid) {
        if (cid == null || cid.length() <= 16) return cid == null ? "" : cid;
        return cid.substring(0, 8) + "…" + cid.substring(cid.length() - 6);
    }

    /** 0x-prefixed hex of 40 digits or more (addresses, hashes), CIDv1 in base32 ({@code baf…}) and CIDv0 ({@code Qm…}). */
    private static final java.util.regex.Pattern HASH = java.util.regex.Pattern.compile(
            "\\b(0x[0-9a-fA-F]{40,}|baf[a-z2-7]{50,}|Qm[1-9A-HJ-NP-Za-km-z]{44})\\b");

    /** {@code text} with every hash in it {@link #shorten shortened} ("contract 0x5FbDB2…180aa3 · …"). */
    public static String shortenHashesIn(String text) {
        if (text == null) return "";
        return HASH.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(shorten(m.group())));
    }

    /** The hashes in {@code text}, in order, whole (see {@link #shortenHashesIn}). */
    public static java.util.List<String> hashesIn(String text) {
        if (text == null) return java.util.List.of();
        return HASH.matcher(text).results().map(java.util.regex.MatchResult::group).toList();
    }

    /** Puts {@code value} on the system clipboard as plain text; nothing for null. Call on the FX thread. */
    public static void copy(String value) {
        if (value == null) return;
        ClipboardContent content = new ClipboardContent();
        content.putString(value);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
