package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.EndpointSettings;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.concurrent.TaskExecutor;
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

/** The endpoint list of {@link IpfsViewModel} kept in a real settings file; tasks run synchronously. */
class IpfsEndpointSettingsViewModelTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), 1, Duration.ofMillis(10),
            Duration.ofMillis(50));
    private static final String NODE = "kubo:http://127.0.0.1:1";
    private static final String GATEWAY = "gateway:http://127.0.0.1:2";

    @TempDir
    Path dir;
    EmbeddedContentStore store;
    Path file;

    @BeforeEach
    void open() throws IOException {
        store = new EmbeddedContentStore(dir.resolve("store"));
        file = EndpointSettings.fileIn(dir);
    }

    private IpfsViewModel model() {
        return new IpfsViewModel(store, TaskExecutor.synchronous(), POLICY, file);
    }

    private static void add(IpfsViewModel model, String text) {
        model.endpoints().endpointInputProperty().set(text);
        model.endpoints().addEndpoint();
    }

    @Test
    void endpointsAreRestoredFromTheSettingsFileAndSavedAfterEachChange() throws IOException {
        EndpointSettings.save(file, List.of(EndpointSpec.parse(NODE)));

        IpfsViewModel model = model();
        assertThat(model.endpoints().endpoints()).containsExactly(NODE);
        assertThat(model.endpoints().endpointHealth()).hasSize(1);

        add(model, GATEWAY);
        assertThat(EndpointSettings.load(file)).map(EndpointSpec::toString).containsExactly(NODE, GATEWAY);

        model.endpoints().removeEndpoint(NODE);
        assertThat(EndpointSettings.load(file)).map(EndpointSpec::toString).containsExactly(GATEWAY);
        model.close();

        IpfsViewModel reopened = model();
        assertThat(reopened.endpoints().endpoints()).containsExactly(GATEWAY);
        reopened.close();
    }

    @Test
    void withNoSettingsFileThePaneStartsEmptyAndWritesNothingUntilAChange() {
        IpfsViewModel model = model();
        assertThat(model.endpoints().endpoints()).isEmpty();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(file).doesNotExist();

        add(model, NODE);
        assertThat(file).isRegularFile();
        model.close();
    }

    @Test
    void aMalformedSettingsFileIsKeptAsBadAndThePaneStartsEmptySayingWhy() throws IOException {
        Files.createDirectories(file.getParent());
        String bad = "{\"version\":1,\"endpoints\":[\"" + NODE + "\",\"ftp://nope\"]}";
        Files.writeString(file, bad, StandardCharsets.UTF_8);

        IpfsViewModel model = model();

        assertThat(model.endpoints().endpoints()).isEmpty();
        assertThat(model.errorProperty().get()).contains(file.toString()).contains("entry 2").contains("ftp://nope")
                .contains("ipfs-endpoints.json.bad");
        Path aside = file.resolveSibling("ipfs-endpoints.json.bad");
        assertThat(aside).hasContent(bad);

        add(model, GATEWAY);
        assertThat(EndpointSettings.load(file)).map(EndpointSpec::toString).containsExactly(GATEWAY);
        assertThat(aside).hasContent(bad);
        model.close();
    }

    @Test
    void afterCloseTheEndpointsAreLetGoButTheSavedListStays() throws IOException {
        IpfsViewModel model = model();
        add(model, NODE);
        Cid missing = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");

        model.close();
        model.close();
        model.transfers().fetch(missing.toString(), dir.resolve("out.bin"));

        assertThat(model.errorProperty().get()).contains("add IPFS endpoints");
        assertThat(EndpointSettings.load(file)).map(EndpointSpec::toString).containsExactly(NODE);
    }

    @Test
    void aListThatCannotBeSavedSaysSoAndIsUsedAllTheSame() throws IOException {
        Path blocked = dir.resolve("blocked");
        IpfsViewModel model = new IpfsViewModel(store, TaskExecutor.synchronous(), POLICY, blocked.resolve("ipfs-endpoints.json"));
        Files.writeString(blocked, "a file where the settings directory should be");

        add(model, GATEWAY);

        assertThat(model.errorProperty().get()).startsWith("Could not save the IPFS endpoints to " + blocked);
        assertThat(model.endpoints().endpoints()).containsExactly(GATEWAY);
        assertThat(model.endpoints().endpointHealth()).hasSize(1);
        model.close();
    }
}
