package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;

import java.io.IOException;
import java.util.Comparator;
import java.util.Objects;

/**
 * One row of the store browser: a root CID of the embedded store with what the table shows about it.
 * A small value object, not a domain object (rows are rebuilt, never mutated).
 *
 * @param cid       the root CID in its text form ({@code b…} for CIDv1, {@code Qm…} for CIDv0)
 * @param name      what it is called: its name in the run database's name index ("run 12 · round 3 · global
 *                  model"), else the file name it was added under through the pane, else empty
 * @param sizeBytes file size in bytes: the UnixFS {@code filesize} of a dag-pb root, the block length of a raw
 *                  root; -1 if the root block could not be read
 * @param pinMode   {@code recursive}, {@code direct}, {@code unpinned} (unpinned in this session, kept until GC)
 *                  or {@code fetched} (read through the network endpoints and kept in the store unpinned, as
 *                  kubo keeps fetched blocks; GC removes it unless it is pinned)
 * @param codec     {@code raw}, {@code dag-pb} or the codec number in hex
 */
public record PinRow(String cid, String name, long sizeBytes, String pinMode, String codec) {
    /** Pin mode of a row unpinned in this session; its blocks stay until the next GC. */
    public static final String UNPINNED = "unpinned";
    /** Pin mode of a root fetched through the network in this session: in the store, unpinned, kept until GC. */
    public static final String FETCHED = "fetched";

    /** Rows by CID text. */
    public static final Comparator<PinRow> BY_CID = Comparator.comparing(PinRow::cid);
    /** Rows by size, smallest first. */
    public static final Comparator<PinRow> BY_SIZE = Comparator.comparingLong(PinRow::sizeBytes).thenComparing(BY_CID);

    public PinRow {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pinMode, "pinMode");
        Objects.requireNonNull(codec, "codec");
    }

    /** Whether {@code filter} (lower case, trimmed) occurs in the CID, name, pin mode or codec. */
    public boolean matches(String filter) {
        return filter.isEmpty() || cid.toLowerCase(java.util.Locale.ROOT).contains(filter)
                || name.toLowerCase(java.util.Locale.ROOT).contains(filter)
                || pinMode.contains(filter) || codec.contains(filter);
    }

    /** Whether a pin protects the root ({@code recursive} or {@code direct}). */
    public boolean pinned() {
        return !pinMode.equals(UNPINNED) && !pinMode.equals(FETCHED);
    }

    /**
     * The row of root {@code cid} in {@code store}: reads its root block once (a raw root: only the block
     * file's length). Blocking; a root that cannot be read gets size -1.
     */
    public static PinRow read(EmbeddedContentStore store, Cid cid, String pinMode, String name) {
        long size;
        try {
            size = new DagReader(store, null, new ThreadLocal<>(), () -> false, c -> { })
                    .describe(cid, "", -1).sizeBytes();
        } catch (IOException | RuntimeException e) {
            size = -1;
        }
        return new PinRow(cid.toString(), name, size, pinMode, DagNode.codecName(cid.codec()));
    }

    /** This row under another name. */
    public PinRow withName(String newName) {
        return new PinRow(cid, newName, sizeBytes, pinMode, codec);
    }

    /** This row with another pin mode. */
    public PinRow withPinMode(String mode) {
        return new PinRow(cid, name, sizeBytes, mode, codec);
    }
}
