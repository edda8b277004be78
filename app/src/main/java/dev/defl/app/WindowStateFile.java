package dev.defl.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defl.engine.io.AtomicFiles;
import dev.defl.ui.WindowState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code window.json} in the {@link ConfigDirectory}: the window's {@link WindowState} as one JSON object, e.g.
 * {@code {"x":80.0,"y":40.0,"width":1280.0,"height":800.0,"maximized":false,"tab":"timeline"}} (pixels; the fields
 * of {@link WindowState}; unknown fields are ignored). Read at start, written atomically when the window closes.
 */
final class WindowStateFile {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private WindowStateFile() {}

    /**
     * The state saved in {@code file}; null (the window's defaults) when there is none. A missing file is the first
     * start and says nothing; an unreadable or malformed one gives {@code warning} one line naming the file and what
     * was wrong. Never throws for the file's content.
     */
    static WindowState load(Path file, Consumer<String> warning) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            warning.accept("cannot read the window settings " + file + " (" + e + "); using the defaults");
            return null;
        }
        try {
            return parse(JSON.readTree(bytes));
        } catch (IOException | IllegalArgumentException e) {
            warning.accept("malformed window settings " + file + ": " + problem(e) + "; using the defaults");
            return null;
        }
    }

    /** {@code node}'s state; IllegalArgumentException naming the field that is missing or wrong. */
    private static WindowState parse(JsonNode node) {
        if (node == null || node.isMissingNode()) throw new IllegalArgumentException("the file is empty");
        if (!node.isObject()) throw new IllegalArgumentException("expected a JSON object, found " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        JsonNode maximized = node.path("maximized"), tab = node.path("tab");
        if (!maximized.isMissingNode() && !maximized.isBoolean()) {
            throw new IllegalArgumentException("\"maximized\" must be true or false, found " + maximized);
        }
        if (!tab.isMissingNode() && !tab.isNull() && !tab.isTextual()) {
            throw new IllegalArgumentException("\"tab\" must be a string, found " + tab);
        }
        return new WindowState(number(node, "x"), number(node, "y"), number(node, "width"), number(node, "height"),
                maximized.asBoolean(false), tab.isTextual() ? tab.asText() : null);
    }

    private static double number(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) throw new IllegalArgumentException("\"" + field + "\" is missing");
        if (!value.isNumber()) throw new IllegalArgumentException("\"" + field + "\" must be a number (pixels), found " + value);
        return value.asDouble();
    }

    /**
     * Writes {@code state} to {@code file} atomically ({@link AtomicFiles#write}: temporary file, fsync, rename),
     * creating the directory if missing.
     *
     * @throws IOException when the directory or the file cannot be written (the old file is then unchanged)
     */
    static void save(Path file, WindowState state) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(state));
    }

    /** The first line of what Jackson or {@link WindowState} found wrong, with the line and column where known. */
    private static String problem(Exception e) {
        if (e instanceof IllegalArgumentException invalid) return invalid.getMessage();
        if (e instanceof JsonProcessingException json) {
            String message = json.getOriginalMessage().lines().findFirst().orElse("");
            JsonLocation at = json.getLocation();
            return at == null || at.getLineNr() < 1 ? message : message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return e.getMessage();
    }
}
