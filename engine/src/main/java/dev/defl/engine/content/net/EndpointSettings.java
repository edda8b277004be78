package dev.defl.engine.content.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The IPFS pane's endpoint list on disk, {@code <data dir>/settings/ipfs-endpoints.json}:
 * <pre>{@code {"version": 1, "endpoints": ["kubo:http://127.0.0.1:5001", "gateway:https://ipfs.io"]}}</pre>
 * each entry as {@link EndpointSpec#parse} reads it, in the order they are tried. Written atomically (a
 * temporary file beside it, then {@code ATOMIC_MOVE}), so a crash leaves the old list or the new one.
 */
public final class EndpointSettings {
    /** The file's name inside {@code <data dir>/settings}. */
    public static final String FILE_NAME = "ipfs-endpoints.json";
    /** The format version written and accepted. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointSettings() {
    }

    /** {@code dataDir/settings/ipfs-endpoints.json}. */
    public static Path fileIn(Path dataDir) {
        return dataDir.resolve("settings").resolve(FILE_NAME);
    }

    /**
     * The endpoints in {@code file}, in order; an empty list if the file does not exist.
     *
     * @throws MalformedSettingsException naming the file (and the line/column, or the 1-based entry) if it is not
     *                                    JSON of the form above, has another version, or an entry is not an endpoint
     * @throws IOException                if the file cannot be read
     */
    public static List<EndpointSpec> load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new MalformedSettingsException(file, "is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedSettingsException(file, "is not a JSON object with an \"endpoints\" array");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new MalformedSettingsException(file, "has \"version\" " + version + ", expected " + VERSION);
        }
        JsonNode entries = root.get("endpoints");
        if (entries == null || !entries.isArray()) {
            throw new MalformedSettingsException(file, "has no \"endpoints\" array");
        }
        List<EndpointSpec> specs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (!entry.isTextual()) {
                throw new MalformedSettingsException(file, "entry " + (i + 1) + " of \"endpoints\" is " + entry
                        + ", not a string");
            }
            try {
                specs.add(EndpointSpec.parse(entry.textValue()));
            } catch (IllegalArgumentException e) {
                throw new MalformedSettingsException(file, "entry " + (i + 1) + " of \"endpoints\": " + e.getMessage(), e);
            }
        }
        return List.copyOf(specs);
    }

    /**
     * Writes {@code endpoints} to {@code file} (creating its directory): to a temporary file beside it, then
     * moved over it atomically.
     *
     * @throws IOException if the directory or file cannot be written, or the file system cannot move atomically
     */
    public static void save(Path file, List<EndpointSpec> endpoints) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(endpoints, "endpoints");
        Path target = file.toAbsolutePath();
        Path dir = Files.createDirectories(target.getParent());
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("endpoints");
        endpoints.forEach(spec -> list.add(spec.toString()));
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves a file {@link #load} refused out of the way, so that a later {@link #save} loses nothing: to
     * {@code <file>.bad}, or {@code <file>.bad.2}, {@code .bad.3}… if that exists.
     *
     * @return where the file now is
     * @throws IOException if it cannot be moved
     */
    public static Path setAside(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path target = file.resolveSibling(file.getFileName() + ".bad");
        for (int n = 2; Files.exists(target); n++) {
            target = file.resolveSibling(file.getFileName() + ".bad." + n);
        }
        return Files.move(file, target);
    }

    /** A settings file that is not what {@link #load} reads; the message names the file. */
    public static final class MalformedSettingsException extends IOException {
        private final transient Path file;

        MalformedSettingsException(Path file, String problem) {
            this(file, problem, null);
        }

        MalformedSettingsException(Path file, String problem, Throwable cause) {
            super("settings file " + file + " " + problem, cause);
            this.file = file;
        }

        /** The file. */
        public Path file() {
            return file;
        }
    }
}
