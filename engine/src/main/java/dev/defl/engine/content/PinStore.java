package dev.defl.engine.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pins of a content store, kept on disk so that they survive a restart: one small JSON file per
 * pin, {@code {"cid":"bafy…","mode":"recursive"}}, named by the multibase base32 of the binary CID
 * plus {@code .json} (the CIDv1 string itself for a CIDv1; lower case, so safe on case-insensitive
 * file systems). One file per pin makes a pin or unpin cost one small write however many pins exist.
 *
 * <p>Pins are keyed by CID, as kubo lists them: a CIDv0 and the CIDv1 of the same block are two pins
 * (that protect the same block). Each write goes through {@link AtomicFiles} (a temporary file forced to
 * disk, renamed into place, the directory forced), so a process killed at any point leaves the old pin
 * or the new one, never a torn file; stray temporary files are deleted on open.
 * Unknown JSON fields are ignored on read, so later versions may add fields.
 *
 * <p>This class records pins only; what a pin protects, and checking that a pinned DAG is complete,
 * is {@link EmbeddedContentStore}'s job. Thread-safe; one process per directory.
 */
public final class PinStore {
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final Map<Cid, PinMode> pins = new HashMap<>();

    /**
     * Opens the pins in {@code directory}, creating it if needed.
     *
     * @throws ContentException if a pin file is not valid JSON, lacks {@code cid} or {@code mode}, holds a
     *                          malformed CID or unknown mode, or is not named after its CID (names the file)
     * @throws IOException      if the directory cannot be created or read
     */
    public PinStore(Path directory) throws IOException {
        this(directory, true);
    }

    /**
     * As {@link #PinStore(Path)}; stray temporary files are deleted only when {@code removeStrayTemps} (the opener
     * holds the data directory's writer lock; for anyone else they may be another process's write in progress).
     */
    public PinStore(Path directory, boolean removeStrayTemps) throws IOException {
        this.directory = Files.createDirectories(directory).toAbsolutePath().normalize();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (AtomicFiles.isTemporary(file)) {
                    if (removeStrayTemps) Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
                    Pin pin = read(file);
                    pins.put(pin.cid(), pin.mode());
                }
            }
        }
    }

    private static Pin read(Path file) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ContentException("pin file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject() || !json.path("cid").isTextual() || !json.path("mode").isTextual()) {
            throw new ContentException("pin file " + file + " must hold an object with text fields \"cid\" and \"mode\"");
        }
        Pin pin;
        try {
            pin = new Pin(Cid.parse(json.get("cid").asText()), PinMode.parse(json.get("mode").asText()));
        } catch (IllegalArgumentException e) {
            throw new ContentException("pin file " + file + ": " + e.getMessage(), e);
        }
        if (!file.getFileName().toString().equals(fileName(pin.cid()))) {
            throw new ContentException("pin file " + file + " holds CID " + pin.cid() + " but should be named " + fileName(pin.cid()));
        }
        return pin;
    }

    private static String fileName(Cid cid) {
        return Multibase.BASE32.encode(cid.toBytes()) + SUFFIX;
    }

    /** The directory holding the pin files (absolute). */
    public Path directory() {
        return directory;
    }

    /** How {@code cid} is pinned, or empty if it is not a pin (it may still be under a recursive pin). */
    public synchronized Optional<PinMode> mode(Cid cid) {
        return Optional.ofNullable(pins.get(cid));
    }

    /**
     * Records {@code pin}, replacing the mode of an existing pin of the same CID.
     *
     * @throws IOException if the pin file cannot be written
     */
    public synchronized void put(Pin pin) throws IOException {
        ObjectNode json = JSON.createObjectNode()
                .put("cid", pin.cid().toString())
                .put("mode", pin.mode().kuboName());
        AtomicFiles.write(directory.resolve(fileName(pin.cid())), JSON.writeValueAsBytes(json));
        pins.put(pin.cid(), pin.mode());
    }

    /**
     * Removes the pin of {@code cid}.
     *
     * @return whether there was one
     * @throws IOException if the pin file cannot be deleted
     */
    public synchronized boolean remove(Cid cid) throws IOException {
        if (!pins.containsKey(cid)) {
            return false;
        }
        Files.deleteIfExists(directory.resolve(fileName(cid)));
        pins.remove(cid);
        return true;
    }

    /** All pins, ordered by CID string. */
    public synchronized List<Pin> list() {
        return pins.entrySet().stream()
                .map(e -> new Pin(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(pin -> pin.cid().toString()))
                .toList();
    }

    /** Number of pins. */
    public synchronized int size() {
        return pins.size();
    }

    @Override
    public String toString() {
        return "PinStore[" + directory + ", " + size() + " pins]";
    }
}
