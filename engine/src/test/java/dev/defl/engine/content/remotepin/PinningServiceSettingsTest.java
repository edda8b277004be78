package dev.defl.engine.content.remotepin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PinningServiceSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void theServiceUrlRoundTripsThroughTheSettingsFile() throws IOException {
        Path file = PinningServiceSettings.fileIn(dataDir);
        assertThat(file).isEqualTo(dataDir.resolve("settings").resolve("pinning-service.json"));
        assertThat(PinningServiceSettings.load(file)).isEmpty();

        PinningServiceSettings.save(file, URI.create("https://api.pinata.cloud/psa"));

        assertThat(PinningServiceSettings.load(file)).contains(URI.create("https://api.pinata.cloud/psa"));
        assertThat(Files.readString(file)).contains("\"version\" : 1");
    }

    @Test
    void aMalformedFileIsNamedWithWhatIsWrong() throws IOException {
        Path file = PinningServiceSettings.fileIn(dataDir);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\": 1,\n \"endpoint\": }");
        assertThatThrownBy(() -> PinningServiceSettings.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 2");

        Files.writeString(file, "{\"version\": 1, \"endpoint\": \"ftp://pins.example\"}");
        assertThatThrownBy(() -> PinningServiceSettings.load(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("ftp://pins.example");
    }

    @Test
    void aUrlCarryingASecretIsRefusedWithoutQuotingTheSecret() {
        assertThatThrownBy(() -> PinningServiceSettings.checked("https://me:hunter2@pins.example/psa?key=hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://pins.example/psa")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PinningServiceSettings.checked(" ")).hasMessageContaining("empty");
    }
}
