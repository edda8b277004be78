package dev.defl.ui;

/** How the workbench shows a CID where space is short. */
public final class CidText {

    private CidText() {}

    /** The first 8 and last 6 characters of a long CID joined by an ellipsis ({@code bafkrei…vei4}); short strings as is, null as "". */
    public static String shorten(String cid) {
        if (cid == null || cid.length() <= 16) return cid == null ? "" : cid;
        return cid.substring(0, 8) + "…" + cid.substring(cid.length() - 6);
    }
}
