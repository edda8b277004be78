package dev.defl.engine.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defl.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A small settings file under {@code <data dir>/settings}: one JSON object with an integer
 * {@code "version"}, read strictly (the file, the line and column of bad JSON, or the wrong version
 * are named) and written atomically and durably ({@link AtomicFiles}: a temporary file beside it, fsync,
 * rename, so a crash or power loss leaves the old file or the new one). The one home of that logic for the IPFS endpoint list and the
 * pinning service.
 */
public final class SettingsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Builds the exception for a malformed file from a problem text (the file is named by the factory). */
    @FunctionalInterface
    public interface Malformed {
        IOException of(String problem, Throwable cause);
    }

    private SettingsJson() {
    }

    /**
     * The object in {@code file}; empty if the file does not exist.
     *
     * @param shape what the object should hold, for the message, e.g. {@code with an "endpoints" array}
     * @throws IOException from {@code malformed} when the file is not JSON, not an object, or has another
     *     {@code "version"} than {@code version}; or when it cannot be read
     */
    public static Optional<ObjectNode> read(Path file, int version, String shape, Malformed malformed) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw malformed.of("is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed.of("is not a JSON object " + shape, null);
        }
        JsonNode v = root.get("version");
        if (v == null || !v.isInt() || v.intValue() != version) {
            throw malformed.of("has \"version\" " + v + ", expected " + version, null);
        }
        return Optional.of((ObjectNode) root);
    }

    /**
     * Writes {@code {"version": version, ...}} with the fields {@code fill} adds to {@code file}
     * (creating its directory), atomically and durably ({@link AtomicFiles#write(Path, byte[])}).
     *
     * @throws IOException if the directory or file cannot be written, or the file system cannot rename atomically
     */
    public static void write(Path file, int version, Consumer<ObjectNode> fill) throws IOException {
        Objects.requireNonNull(file, "file");
        Path target = file.toAbsolutePath();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        fill.accept(root);
        AtomicFiles.write(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
