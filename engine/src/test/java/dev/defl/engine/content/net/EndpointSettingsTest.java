package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointSettingsTest {

    @TempDir
    Path dir;

    @Test
    void endpointsRoundTripInOrderThroughTheSettingsFile() throws IOException {
        Path file = EndpointSettings.fileIn(dir);
        List<EndpointSpec> endpoints = List.of(EndpointSpec.parse("gateway:https://ipfs.io"),
                EndpointSpec.parse("http://127.0.0.1:5001"));

        EndpointSettings.save(file, endpoints);

        assertThat(file).isEqualTo(dir.resolve("settings").resolve("ipfs-endpoints.json")).isRegularFile();
        assertThat(EndpointSettings.load(file)).isEqualTo(endpoints);
        assertThat(Files.readString(file)).contains("\"kubo:http://127.0.0.1:5001\"");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).containsExactly(file);
        }

        EndpointSettings.save(file, List.of());
        assertThat(EndpointSettings.load(file)).isEmpty();
    }

    @Test
    void aMissingFileIsAnEmptyList() throws IOException {
        assertThat(EndpointSettings.load(dir.resolve("nope.json"))).isEmpty();
    }

    @Test
    void aBadEntryIsAnErrorNamingTheFileAndTheEntry() throws IOException {
        Path file = dir.resolve("ipfs-endpoints.json");
        Files.writeString(file, "{\"version\":1,\"endpoints\":[\"http://127.0.0.1:5001\",\"ftp://nope\"]}");

        assertThatThrownBy(() -> EndpointSettings.load(file))
                .isInstanceOf(EndpointSettings.MalformedSettingsException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("entry 2").hasMessageContaining("ftp://nope");
    }

    @Test
    void invalidJsonIsAnErrorNamingTheFileAndTheLine() throws IOException {
        Path file = dir.resolve("ipfs-endpoints.json");
        Files.writeString(file, "{\"version\":1,\n\"endpoints\":[\"http://x\"", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EndpointSettings.load(file))
                .isInstanceOf(EndpointSettings.MalformedSettingsException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON").hasMessageContaining("line 2");
    }

    @Test
    void aWrongShapeOrVersionIsAnError() throws IOException {
        Path file = dir.resolve("ipfs-endpoints.json");
        Files.writeString(file, "[\"http://x\"]");
        assertThatThrownBy(() -> EndpointSettings.load(file)).hasMessageContaining("not a JSON object");
        Files.writeString(file, "{\"version\":2,\"endpoints\":[]}");
        assertThatThrownBy(() -> EndpointSettings.load(file)).hasMessageContaining("\"version\" 2");
        Files.writeString(file, "{\"version\":1,\"endpoints\":[3]}");
        assertThatThrownBy(() -> EndpointSettings.load(file)).hasMessageContaining("entry 1").hasMessageContaining("not a string");
    }

    @Test
    void aRefusedFileIsSetAsideWithoutOverwritingAnEarlierOne() throws IOException {
        Path file = dir.resolve("ipfs-endpoints.json");
        Files.writeString(file, "first");
        assertThat(EndpointSettings.setAside(file)).isEqualTo(dir.resolve("ipfs-endpoints.json.bad"));
        Files.writeString(file, "second");
        assertThat(EndpointSettings.setAside(file)).isEqualTo(dir.resolve("ipfs-endpoints.json.bad.2"));

        assertThat(file).doesNotExist();
        assertThat(dir.resolve("ipfs-endpoints.json.bad")).hasContent("first");
        assertThat(dir.resolve("ipfs-endpoints.json.bad.2")).hasContent("second");
    }
}
