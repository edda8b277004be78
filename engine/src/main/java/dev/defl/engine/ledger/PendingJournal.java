package dev.defl.engine.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The transactions each account has sent whose receipts were not seen yet, persisted so that after a
 * crash they are looked up by hash before anything is re-sent (see {@link TransactionSender#recover()}).
 * One JSON file per account, {@code <directory>/<address>.json}: an array of
 * {@code {"hash", "nonce", "raw", "signedAt"}}, replaced atomically and durably ({@link AtomicFiles}: fsync'd before
 * the rename, the directory after it) on every change, so a power loss never leaves it stale. Thread-safe
 * within one process.
 */
public final class PendingJournal {
    private final Path directory;
    private final ObjectMapper json = new ObjectMapper();

    private PendingJournal(Path directory) {
        this.directory = directory;
    }

    /**
     * The journal in {@code directory} (e.g. {@code <data-dir>/chain/pending}), created if missing.
     *
     * @throws UncheckedIOException when the directory cannot be created
     */
    public static PendingJournal open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create pending-transaction journal " + dir + ": " + e.getMessage(), e);
        }
        return new PendingJournal(dir);
    }

    /** The journal directory. */
    public Path directory() {
        return directory;
    }

    /** Records {@code tx} as sent (before it is broadcast, so a crash in between is covered). */
    public synchronized void add(PendingTransaction tx) {
        List<PendingTransaction> entries = new ArrayList<>(pending(tx.from()));
        entries.removeIf(e -> e.hash().equalsIgnoreCase(tx.hash()));
        entries.add(tx);
        write(tx.from(), entries);
    }

    /** Forgets the transaction {@code hash} of {@code from} (its receipt was seen, or it was dropped). */
    public synchronized void remove(String from, String hash) {
        List<PendingTransaction> entries = new ArrayList<>(pending(from));
        if (entries.removeIf(e -> e.hash().equalsIgnoreCase(hash))) {
            write(from, entries);
        }
    }

    /**
     * The pending transactions of {@code from}, in nonce order.
     *
     * @throws IllegalStateException naming the file when it is not a journal
     */
    public synchronized List<PendingTransaction> pending(String from) {
        Path file = file(from);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode root = json.readTree(file.toFile());
            if (root == null || !root.isArray()) {
                throw new IllegalStateException("malformed pending-transaction journal " + file + ": not a JSON array");
            }
            List<PendingTransaction> entries = new ArrayList<>();
            for (JsonNode node : root) {
                entries.add(new PendingTransaction(text(file, node, "hash"), key(from), node.path("nonce").asLong(-1),
                        text(file, node, "raw"), Instant.parse(text(file, node, "signedAt"))));
            }
            entries.sort((a, b) -> Long.compare(a.nonce(), b.nonce()));
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new IllegalStateException("malformed pending-transaction journal " + file + ": " + e.getMessage(), e);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalStateException("malformed pending-transaction journal " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The addresses (lower-case 0x-hex) that have journaled transactions, sorted.
     *
     * @throws UncheckedIOException when the directory cannot be read
     */
    public synchronized List<String> accounts() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("0x[0-9a-f]{40}\\.json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pending-transaction journal " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String text(Path file, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalStateException("malformed pending-transaction journal " + file + ": entry without \""
                    + field + "\"");
        }
        return value.asText();
    }

    private void write(String from, List<PendingTransaction> entries) {
        Path file = file(from);
        try {
            if (entries.isEmpty()) {
                AtomicFiles.delete(file);
                return;
            }
            ArrayNode array = json.createArrayNode();
            for (PendingTransaction tx : entries) {
                ObjectNode node = array.addObject();
                node.put("hash", tx.hash());
                node.put("nonce", tx.nonce());
                node.put("raw", tx.signedRaw());
                node.put("signedAt", tx.signedAt().toString());
            }
            // fsync'd before the rename: after a power loss the journal still lists every transaction signed and sent
            AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(array));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pending-transaction journal " + file + ": " + e.getMessage(), e);
        }
    }

    private Path file(String from) {
        return directory.resolve(key(from) + ".json");
    }

    private static String key(String address) {
        Objects.requireNonNull(address, "address");
        String a = address.toLowerCase(Locale.ROOT);
        return a.startsWith("0x") ? a : "0x" + a;
    }
}
