package dev.defl.engine.content.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.content.SettingsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The IPFS pane's endpoint list on disk, {@code <data dir>/settings/ipfs-endpoints.json}:
 * <pre>{@code {"version": 1, "endpoints": ["kubo:http://127.0.0.1:5001", "gateway:https://ipfs.io"]}}</pre>
 * each entry as {@link EndpointSpec#parse} reads it, in the order they are tried. Written atomically and durably
 * ({@link dev.defl.engine.io.AtomicFiles}: temporary file, fsync, rename), so a crash or power loss leaves the old list
 * or the new one.
 */
public final class EndpointSettings {
    /** The file's name inside {@code <data dir>/settings}. */
    public static final String FILE_NAME = "ipfs-endpoints.json";
    /** The format version written and accepted. */
    public static final int VERSION = 1;

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
        Optional<ObjectNode> read = SettingsJson.read(file, VERSION, "with an \"endpoints\" array",
                (problem, cause) -> new MalformedSettingsException(file, problem, cause));
        if (read.isEmpty()) {
            return List.of();
        }
        ObjectNode root = read.get();
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
     * Writes {@code endpoints} to {@code file} (creating its directory), atomically and durably.
     *
     * @throws IOException if the directory or file cannot be written, or the file system cannot move atomically
     */
    public static void save(Path file, List<EndpointSpec> endpoints) throws IOException {
        Objects.requireNonNull(endpoints, "endpoints");
        SettingsJson.write(file, VERSION, root -> {
            ArrayNode list = root.putArray("endpoints");
            endpoints.forEach(spec -> list.add(spec.toString()));
        });
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
