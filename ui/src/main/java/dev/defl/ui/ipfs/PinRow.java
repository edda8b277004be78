package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;

import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.envelope.EnvelopeHeader;
import dev.defl.engine.keys.EncryptedContent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
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
 * @param encryptedFor the recipients' addresses ({@code 0x} and 40 lower-case hex digits, ascending) when the root
 *                  is an encrypted envelope (docs/envelope.md; read from its header only), else empty (plain
 *                  content, or a root whose first bytes are not in the store)
 */
public record PinRow(String cid, String name, long sizeBytes, String pinMode, String codec, List<String> encryptedFor) {
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
        encryptedFor = List.copyOf(encryptedFor);
    }

    /** A row of plain (or not yet examined) content. */
    public PinRow(String cid, String name, long sizeBytes, String pinMode, String codec) {
        this(cid, name, sizeBytes, pinMode, codec, List.of());
    }

    /** Whether the root is an envelope (content encrypted for {@link #encryptedFor}). */
    public boolean encrypted() {
        return !encryptedFor.isEmpty();
    }

    /**
     * Whether {@code filter} (lower case, trimmed) occurs in the CID, name, pin mode, codec or a recipient's address,
     * or is "encrypted" and the root is.
     */
    public boolean matches(String filter) {
        return filter.isEmpty() || cid.toLowerCase(java.util.Locale.ROOT).contains(filter)
                || name.toLowerCase(java.util.Locale.ROOT).contains(filter)
                || pinMode.contains(filter) || codec.contains(filter)
                || encrypted() && ("encrypted".startsWith(filter) || encryptedFor.stream().anyMatch(a -> a.contains(filter)));
    }

    /** Whether a pin protects the root ({@code recursive} or {@code direct}). */
    public boolean pinned() {
        return !pinMode.equals(UNPINNED) && !pinMode.equals(FETCHED);
    }

    /**
     * The row of root {@code cid} in {@code store}: reads its root block once (a raw root: only the block
     * file's length), and its first bytes for an envelope header ({@link EncryptedContent#header}; of a raw root, only
     * the block file's first 8 bytes unless they are the envelope magic). Blocking; a root that cannot be read gets
     * size -1 and no recipients.
     */
    public static PinRow read(EmbeddedContentStore store, Cid cid, String pinMode, String name) {
        long size;
        try {
            size = new DagReader(store, null, new ThreadLocal<>(), () -> false, c -> { })
                    .describe(cid, "", -1).sizeBytes();
        } catch (IOException | RuntimeException e) {
            size = -1;
        }
        List<String> recipients;
        try {
            recipients = !mayBeEnvelope(store, cid) ? List.of()
                    : EncryptedContent.header(store, cid).map(EnvelopeHeader::recipients).orElse(List.of());
        } catch (IOException | RuntimeException e) {
            recipients = List.of(); // a leaf not in the store (a fetched root read only in part)
        }
        return new PinRow(cid.toString(), name, size, pinMode, DagNode.codecName(cid.codec()), recipients);
    }

    /** False when {@code cid} is a raw block in the store that does not start with the envelope magic. */
    private static boolean mayBeEnvelope(EmbeddedContentStore store, Cid cid) {
        if (cid.codec() != Cid.RAW || !store.blockStore().has(cid)) return true;
        try (InputStream in = Files.newInputStream(store.blockStore().blockPath(cid))) {
            return Envelope.isEnvelope(in.readNBytes(8));
        } catch (IOException e) {
            return true; // let the header read say
        }
    }

    /** This row under another name. */
    public PinRow withName(String newName) {
        return new PinRow(cid, newName, sizeBytes, pinMode, codec, encryptedFor);
    }

    /** This row with another pin mode. */
    public PinRow withPinMode(String mode) {
        return new PinRow(cid, name, sizeBytes, mode, codec, encryptedFor);
    }
}
