package dev.defl.app;

import dev.defl.ui.WindowState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code window.json}: written atomically, read back; a missing file is the first start, a bad one warns once. */
class WindowStateFileTest {

    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    @Test
    void roundTripCreatingTheConfigDirectory() throws Exception {
        Path file = dir.resolve("config/defl-workbench/window.json");
        WindowState state = new WindowState(-1200.5, 40, 1400, 900, true, "timeline");

        WindowStateFile.save(file, state);

        assertThat(WindowStateFile.load(file, warnings::add)).isEqualTo(state);
        assertThat(warnings).isEmpty();
        assertThat(file.getParent()).isDirectoryNotContaining(dev.defl.engine.io.AtomicFiles::isTemporary);
        assertThat(Files.readString(file)).contains("\"tab\" : \"timeline\"");
    }

    @Test
    void aMissingFileMeansDefaultsWithoutAWarning() {
        assertThat(WindowStateFile.load(dir.resolve("window.json"), warnings::add)).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void unknownFieldsAndNoTabAreAccepted() throws Exception {
        Path file = Files.writeString(dir.resolve("window.json"),
                "{\"x\": 10, \"y\": 20, \"width\": 1000, \"height\": 700, \"maximized\": false, \"theme\": \"dark\"}");
        assertThat(WindowStateFile.load(file, warnings::add)).isEqualTo(new WindowState(10, 20, 1000, 700, false, null));
        assertThat(warnings).isEmpty();
    }

    @Test
    void malformedJsonGivesOneWarningNamingTheFileAndThePlace() throws Exception {
        Path file = Files.writeString(dir.resolve("window.json"), "{\"x\": 10,\n \"y\": }");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        assertThat(warnings).singleElement().asString()
                .startsWith("malformed window settings " + file + ": ")
                .contains("line 2").endsWith("; using the defaults").doesNotContain("\n");
    }

    @Test
    void aMissingOrInvalidSizeIsMalformed() throws Exception {
        Path file = Files.writeString(dir.resolve("window.json"), "{\"x\": 10, \"y\": 20, \"height\": 700}");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        Files.writeString(file, "{\"x\": 10, \"y\": 20, \"width\": -5, \"height\": 700, \"maximized\": false}");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).isEqualTo("malformed window settings " + file + ": \"width\" is missing; using the defaults");
        assertThat(warnings.get(1)).isEqualTo("malformed window settings " + file
                + ": window size must be positive, got width=-5.0, height=700.0; using the defaults");
    }

    @Test
    void notAnObjectIsMalformed() throws Exception {
        Path file = Files.writeString(dir.resolve("window.json"), "null");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        Files.writeString(file, "[1, 2]");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        Files.writeString(file, "{\"x\": \"left\", \"y\": 2, \"width\": 3, \"height\": 700}");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        Files.writeString(file, "");
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        assertThat(warnings).hasSize(4).allSatisfy(w -> assertThat(w).startsWith("malformed window settings " + file));
        assertThat(warnings.get(1)).contains("expected a JSON object, found array");
        assertThat(warnings.get(2)).contains("\"x\" must be a number (pixels), found \"left\"");
        assertThat(warnings.get(3)).contains("the file is empty");
    }

    @Test
    void anUnreadableFileWarnsNamingIt() throws Exception {
        Path file = Files.createDirectories(dir.resolve("window.json")); // a directory: reading it fails
        assertThat(WindowStateFile.load(file, warnings::add)).isNull();
        assertThat(warnings).singleElement().asString().startsWith("cannot read the window settings " + file + " (");
    }
}
