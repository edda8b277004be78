package dev.defl.engine.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.envelope.KeyStatement;
import dev.defl.engine.envelope.KeyStatementException;
import dev.defl.engine.envelope.Recipient;
import dev.defl.engine.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The public keys this peer knows, as verified key statements, in {@code DATA_DIR/known-keys.json} (a small JSON
 * file, written atomically by {@link AtomicFiles}; read again on every call, so another process's import shows at
 * once). Like GnuPG's public keyring, it holds the keys of peers to encrypt for and of the user's own accounts; unlike
 * it, every key is proved to belong to its address (the account signed it) and is checked again when read back.
 *
 * <p>Format: {@code {"format": "defl-known-keys/1", "keys": [{"address": "0x…", "statement": "defl-key-v1:…",
 * "origin": "own"|"imported", "added": "<ISO-8601 instant>"}]}}; {@code statement} is {@link KeyStatementText}.
 * Thread-safe.
 */
public final class KnownKeys implements KeyLookup {
    /** The file's name inside a data directory. */
    public static final String FILE = "known-keys.json";
    /** The value of the file's {@code format} field. */
    public static final String FORMAT = "defl-known-keys/1";
    /** Most entries the file may hold (a bound on what a corrupt or hostile file makes this read). */
    public static final int MAX_KEYS = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path file;

    private KnownKeys(Path file) {
        this.file = file;
    }

    /** The known keys of data directory {@code dataDir} ({@code dataDir/known-keys.json}; nothing is read yet). */
    public static KnownKeys open(Path dataDir) {
        return new KnownKeys(Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize().resolve(FILE));
    }

    /** The file the keys are kept in (it may not exist yet). */
    public Path file() {
        return file;
    }

    /**
     * Every known key, by address.
     *
     * @throws UncheckedIOException naming the file (and the entry) when it cannot be read, is not this format, or an
     *                              entry's statement does not verify
     */
    public synchronized List<KnownKey> list() {
        return read();
    }

    @Override
    public Optional<Recipient> recipient(String address) {
        String wanted = normalize(address);
        return list().stream().filter(k -> k.address().equals(wanted)).findFirst().map(KnownKey::recipient);
    }

    /**
     * Verifies {@code statement} and records it (an address already known keeps its first entry, which holds the same
     * key: a verified key derives its address).
     *
     * @return the entry now recorded for the address, and whether it is new
     * @throws KeyStatementException when the statement does not verify (naming the address and why)
     * @throws UncheckedIOException  when the file cannot be read or written
     */
    public synchronized Added add(KeyStatement statement, KnownKey.Origin origin) throws KeyStatementException {
        statement.verify();
        List<KnownKey> keys = new ArrayList<>(read());
        for (int i = 0; i < keys.size(); i++) {
            KnownKey k = keys.get(i);
            if (k.address().equals(statement.address())) {
                if (origin == KnownKey.Origin.OWN && k.origin() != KnownKey.Origin.OWN) {
                    KnownKey own = new KnownKey(k.statement(), KnownKey.Origin.OWN, k.added());
                    keys.set(i, own);
                    write(keys);
                    return new Added(own, false);
                }
                return new Added(k, false);
            }
        }
        KnownKey entry = new KnownKey(statement, origin, Instant.now());
        keys.add(entry);
        write(keys);
        return new Added(entry, true);
    }

    /**
     * What {@link #add} recorded.
     *
     * @param key   the entry for the address
     * @param isNew whether the address was not known before
     */
    public record Added(KnownKey key, boolean isNew) {
    }

    private List<KnownKey> read() {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read known keys " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("keys").isArray()) {
            throw bad("not a " + FORMAT + " file (expected {\"format\": \"" + FORMAT + "\", \"keys\": [...]})");
        }
        if (root.get("keys").size() > MAX_KEYS) throw bad("more than " + MAX_KEYS + " keys");
        List<KnownKey> keys = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : root.get("keys")) {
            String where = "entry " + index++;
            KeyStatement statement;
            try {
                statement = KeyStatementText.parse(entry.path("statement").asText(), where);
                statement.verify();
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            } catch (KeyStatementException e) {
                throw bad(where + ": " + e.getMessage());
            }
            if (!statement.address().equals(normalize(entry.path("address").asText()))) {
                throw bad(where + ": address " + entry.path("address").asText() + " is not the statement's, " + statement.address());
            }
            KnownKey.Origin origin;
            Instant added;
            try {
                origin = KnownKey.Origin.valueOf(entry.path("origin").asText().toUpperCase(Locale.ROOT));
                added = Instant.parse(entry.path("added").asText());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw bad(where + " (" + statement.address() + "): origin must be own or imported and added an ISO-8601 instant");
            }
            keys.add(new KnownKey(statement, origin, added));
        }
        keys.sort(Comparator.comparing(KnownKey::address));
        return List.copyOf(keys);
    }

    private void write(List<KnownKey> keys) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode array = root.putArray("keys");
        keys.stream().sorted(Comparator.comparing(KnownKey::address)).forEach(k -> array.addObject()
                .put("address", k.address())
                .put("statement", KeyStatementText.format(k.statement()))
                .put("origin", k.origin().label())
                .put("added", k.added().toString()));
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write known keys " + file + ": " + e.getMessage(), e);
        }
    }

    private UncheckedIOException bad(String problem) {
        return new UncheckedIOException(new IOException("known keys " + file + ": " + problem));
    }

    /** {@code 0x} and 40 lower-case hex digits. */
    static String normalize(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        return a.startsWith("0x") ? a : "0x" + a;
    }

    @Override
    public String toString() {
        return "KnownKeys[" + file + "]";
    }
}
