package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.remotepin.InMemoryPinningService;
import dev.defl.engine.content.remotepin.PinState;
import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RemotePinsViewModel} against the engine's {@link InMemoryPinningService} (a real HTTP implementation of
 * the Pinning Service API, from its test-jar); tasks run synchronously and polls do not wait, so a pin is polled
 * until it settles within the call.
 */
class RemotePinsViewModelTest {

    private static final String TOKEN = "s3cret-token-for-tests";
    private static final Cid ROOT = Cid.of(1, Cid.RAW, "global model, round 3".getBytes(StandardCharsets.US_ASCII));
    private static final PinRow ROW = new PinRow(ROOT.toString(), "global-3.safetensors", 21, "recursive", "raw");

    @TempDir
    Path dir;
    InMemoryPinningService service;
    RemotePinsViewModel model;

    @BeforeEach
    void start() throws IOException {
        service = new InMemoryPinningService(TOKEN, 1);
    }

    @AfterEach
    void stop() {
        if (model != null) model.close();
        service.close();
    }

    private RemotePinsViewModel model(Path settings, String initialToken) {
        model = new RemotePinsViewModel(TaskExecutor.synchronous(), settings, initialToken, Duration.ZERO);
        return model;
    }

    private void connect(RemotePinsViewModel m, String url, String token) {
        m.endpointProperty().set(url);
        m.tokenProperty().set(token);
        m.connect();
    }

    @Test
    void aPinnedRootIsPolledUntilTheServiceSaysPinned() {
        RemotePinsViewModel m = model(null, null);
        connect(m, service.endpoint().toString(), TOKEN);
        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(m.pins()).isEmpty();

        m.pinRemotely(List.of(ROW));

        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(m.pins()).singleElement().satisfies(pin -> {
            assertThat(pin.cid()).isEqualTo(ROOT.toString());
            assertThat(pin.name()).isEqualTo("global-3.safetensors");
            assertThat(pin.status()).isEqualTo(PinState.PINNED);
        });
        assertThat(m.pollingProperty().get()).isFalse();
        assertThat(m.statusTextProperty().get()).startsWith("1 remote pin: 1 pinned");
        assertThat(service.requestLines()).anyMatch(line -> line.startsWith("GET /pins/"));
    }

    @Test
    void aPinTheServiceCannotMakeEndsFailed() {
        service.failPinsOf(ROOT);
        RemotePinsViewModel m = model(null, null);
        connect(m, service.endpoint().toString(), TOKEN);

        m.pinRemotely(List.of(ROW));

        assertThat(m.pins()).singleElement().extracting(RemotePinRow::status).isEqualTo(PinState.FAILED);
    }

    @Test
    void refreshListsEveryStatusAndRemoveDeletesThePinAtTheService() {
        RemotePinsViewModel m = model(null, null);
        connect(m, service.endpoint().toString(), TOKEN);
        m.pinRemotely(List.of(ROW));
        m.refresh();
        assertThat(m.pins()).hasSize(1);

        m.remove(m.pins().getFirst());

        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(m.pins()).isEmpty();
        assertThat(service.size()).isZero();
        assertThat(m.messageProperty().get()).contains("Removed the remote pin of " + ROOT);
    }

    @Test
    void aWrongTokenIsReportedAs401WithoutQuotingIt() {
        RemotePinsViewModel m = model(null, null);

        connect(m, service.endpoint().toString(), "wrong-token-1234");

        assertThat(m.errorProperty().get())
                .startsWith("The pinning service " + service.endpoint() + " refused the access token (HTTP 401 Unauthorized)")
                .doesNotContain("wrong-token-1234");
    }

    @Test
    void anUnreachableServiceIsNamed() {
        RemotePinsViewModel m = model(null, null);

        connect(m, "http://127.0.0.1:1/psa", TOKEN);

        assertThat(m.errorProperty().get()).startsWith("Cannot reach the pinning service http://127.0.0.1:1/psa")
                .doesNotContain(TOKEN);
    }

    @Test
    void aMissingTokenOrABadUrlIsReportedBeforeAnyRequest() {
        RemotePinsViewModel m = model(null, null);

        connect(m, service.endpoint().toString(), "  ");
        assertThat(m.errorProperty().get()).contains("Enter the access token").contains("$DEFL_PINNING_TOKEN");
        connect(m, "ftp://pins.example", TOKEN);
        assertThat(m.errorProperty().get()).contains("ftp://pins.example").contains("not an absolute http(s) URL");
        connect(m, "https://user:" + TOKEN + "@pins.example/psa", TOKEN);
        assertThat(m.errorProperty().get()).contains("must not carry user info").doesNotContain(TOKEN);

        assertThat(m.connectedProperty().get()).isFalse();
        assertThat(service.requestLines()).isEmpty();
    }

    @Test
    void theUrlIsSavedAndRestoredButTheTokenNeverWritten() throws IOException {
        Path settings = PinningServiceSettings.fileIn(dir);
        RemotePinsViewModel first = model(settings, null);
        connect(first, service.endpoint().toString(), TOKEN);
        first.close();

        assertThat(Files.readString(settings)).contains(service.endpoint().toString()).doesNotContain(TOKEN);
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
            }
        }
        RemotePinsViewModel second = model(settings, null);
        assertThat(second.endpointProperty().get()).isEqualTo(service.endpoint().toString());
        assertThat(second.tokenProperty().get()).isEmpty();
        assertThat(second.connectedProperty().get()).isFalse();
    }

    @Test
    void aTokenFromTheEnvironmentWithASavedUrlConnectsAtOnce() throws IOException {
        Path settings = PinningServiceSettings.fileIn(dir);
        PinningServiceSettings.save(settings, service.endpoint());

        RemotePinsViewModel m = model(settings, TOKEN);

        assertThat(m.tokenFromEnvironment()).isTrue();
        assertThat(m.connectedProperty().get()).isTrue();
        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(service.requestLines()).anyMatch(line -> line.startsWith("GET /pins?"));
    }

    @Test
    void aMalformedSettingsFileIsNamed() throws IOException {
        Path settings = PinningServiceSettings.fileIn(dir);
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"version\": 1, \"endpoint\": 42}");

        RemotePinsViewModel m = model(settings, null);

        assertThat(m.errorProperty().get()).contains(settings.toString()).contains("\"endpoint\"");
    }
}
