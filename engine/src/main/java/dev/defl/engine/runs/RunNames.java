package dev.defl.engine.runs;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names people can read, kept in the run database: the address book (an account's label, e.g.
 * {@code "run 12 · client 3"}, derived from the runs that used it or set by the user) and the content name index (a
 * root's name in the content store, e.g. {@code "run 12 · round 3 · global model"}). Obtained from
 * {@link RunDatabase#names()}; every pane shows the same label for an address.
 */
public final class RunNames {
    /** Longest label or content name kept, in characters. */
    public static final int MAX_NAME = 120;

    private final RunDatabase db;

    RunNames(RunDatabase db) {
        this.db = db;
    }

    /** Every labelled address (lower-case 0x hex) and its label. */
    public Map<String, String> labels() throws IOException {
        return db.sql().query("read the address book", "SELECT address, label FROM address_labels ORDER BY address", ps -> { }, rs -> {
            Map<String, String> out = new LinkedHashMap<>();
            while (rs.next()) out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            return out;
        });
    }

    /**
     * Sets the user's label of {@code address} (kept over labels derived from later runs); a blank label removes
     * it, so the address is labelled by the next run that uses it.
     *
     * @throws IllegalArgumentException if {@code address} is not 0x-prefixed 40-digit hex, or the label is over
     *                                  {@value #MAX_NAME} characters
     */
    public void setLabel(String address, String label) throws IOException {
        String a = requireAddress(address);
        if (label == null || label.isBlank()) {
            db.sql().update("remove a label", "DELETE FROM address_labels WHERE address = ?", ps -> ps.setString(1, a), false);
        } else {
            String l = requireName(label, "label");
            db.sql().update("set a label", """
                    INSERT INTO address_labels (address, label, source, run_id, updated_at) VALUES (?, ?, 'user', NULL, ?)
                    ON CONFLICT (address) DO UPDATE SET label = excluded.label, source = 'user', run_id = NULL,
                      updated_at = excluded.updated_at""", ps -> {
                ps.setString(1, a);
                ps.setString(2, l);
                ps.setLong(3, Instant.now().toEpochMilli());
            }, false);
        }
        db.fire(RunDatabase.Change.LABELS);
    }

    /** A label derived from a run; never replaces one the user set. */
    void deriveLabel(String address, String label, long runId) throws IOException {
        db.sql().update("derive a label", """
                INSERT INTO address_labels (address, label, source, run_id, updated_at) VALUES (?, ?, 'run', ?, ?)
                ON CONFLICT (address) DO UPDATE SET label = excluded.label, run_id = excluded.run_id,
                  updated_at = excluded.updated_at WHERE address_labels.source = 'run'""", ps -> {
            ps.setString(1, address.toLowerCase(Locale.ROOT));
            ps.setString(2, label);
            ps.setLong(3, runId);
            ps.setLong(4, Instant.now().toEpochMilli());
        }, false);
    }

    /** Every named root: CID → name. */
    public Map<String, ContentName> contentNames() throws IOException {
        return db.sql().query("read the name index", "SELECT * FROM content_names", ps -> { }, rs -> {
            Map<String, ContentName> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString("cid"), new ContentName(rs.getString("cid"), rs.getString("name"), rs.getString("kind"),
                        RunReads.lng(rs, "run_id"), RunReads.integer(rs, "round"), RunReads.integer(rs, "client")));
            }
            return out;
        });
    }

    /**
     * Names root {@code name.cid()} (replacing an earlier name: the newest run that added equal bytes names them).
     *
     * @throws IllegalArgumentException for a blank name or one over {@value #MAX_NAME} characters
     */
    public void name(ContentName name) throws IOException {
        String n = requireName(name.name(), "name");
        db.sql().update("name content", "INSERT OR REPLACE INTO content_names (cid, name, kind, run_id, round, client, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, name.cid());
            ps.setString(2, n);
            ps.setString(3, name.kind());
            RunSql.setLong(ps, 4, name.runId());
            RunSql.setLong(ps, 5, name.round());
            RunSql.setLong(ps, 6, name.client());
            ps.setLong(7, Instant.now().toEpochMilli());
        }, false);
        db.fire(RunDatabase.Change.NAMES);
    }

    /** Aggregator {@code index}'s letter: A, B, … Z, then AA, AB … */
    public static String letter(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : letter(index / 26 - 1) + (char) ('A' + index % 26);
    }

    private static String requireAddress(String address) {
        if (address == null || !address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not an account address (0x and 40 hex digits): " + address);
        }
        return address.toLowerCase(Locale.ROOT);
    }

    private static String requireName(String name, String what) {
        String s = name == null ? "" : name.strip();
        if (s.isEmpty()) throw new IllegalArgumentException("a " + what + " cannot be blank");
        if (s.length() > MAX_NAME) throw new IllegalArgumentException("a " + what + " is at most " + MAX_NAME + " characters, got " + s.length());
        return s;
    }
}
