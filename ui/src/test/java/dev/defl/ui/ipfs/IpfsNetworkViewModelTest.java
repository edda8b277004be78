package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import dev.defl.engine.content.net.EndpointHealth;
import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Network" part of {@link IpfsViewModel}: endpoints, their health, and fetch of a CID the store lacks
 * through a dead URL and the engine's {@link TrustlessGatewayServer} over a real second store (from the
 * engine's test-jar); tasks run synchronously.
 */
class IpfsNetworkViewModelTest {

    private static final String DEAD = "kubo:http://127.0.0.1:1";
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 2, Duration.ofMillis(10),
            Duration.ofMillis(50));

    @TempDir
    Path dir;
    EmbeddedContentStore store;
    IpfsViewModel model;
    TrustlessGatewayServer gateway;
    byte[] content;
    Cid remoteCid;

    @BeforeEach
    void open() throws IOException {
        store = new EmbeddedContentStore(dir.resolve("store"));
        model = new IpfsViewModel(store, TaskExecutor.synchronous(), POLICY);
        EmbeddedContentStore origin = new EmbeddedContentStore(dir.resolve("origin"));
        content = new byte[600 * 1024];
        new Random(11).nextBytes(content);
        remoteCid = origin.add(content);
        gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.HONEST);
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private void addEndpoint(String text) {
        model.endpoints().endpointInputProperty().set(text);
        model.endpoints().addEndpoint();
    }

    @Test
    void theEndpointListIsEmptyByDefaultAndAFetchOfAMissingCidSaysSo() {
        assertThat(model.endpoints().endpoints()).isEmpty();

        model.transfers().fetch(remoteCid.toString(), dir.resolve("out.bin"));

        assertThat(model.errorProperty().get()).contains(remoteCid.toString()).contains("add IPFS endpoints");
        assertThat(dir.resolve("out.bin")).doesNotExist();
    }

    @Test
    void endpointsAreParsedAddedAndRemoved() {
        addEndpoint("http://127.0.0.1:1");
        addEndpoint("gateway:" + gateway.url());
        addEndpoint("ftp://nope");

        assertThat(model.endpoints().endpoints()).containsExactly(DEAD, "gateway:" + gateway.url());
        assertThat(model.errorProperty().get()).contains("ftp://nope");
        assertThat(model.endpoints().endpointHealth()).extracting(h -> h.url().toString())
                .containsExactly("http://127.0.0.1:1", gateway.url().toString());

        model.endpoints().removeEndpoint(DEAD);

        assertThat(model.endpoints().endpoints()).containsExactly("gateway:" + gateway.url());
        assertThat(model.endpoints().endpointHealth()).hasSize(1);
    }

    @Test
    void fetchOfAMissingCidGoesThroughTheEndpointsAndKeepsTheBlocks() throws IOException {
        addEndpoint(DEAD);
        addEndpoint("gateway:" + gateway.url());
        Path target = dir.resolve("out.bin");

        model.transfers().fetch(remoteCid.toString(), target);

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(model.messageProperty().get()).startsWith("Saved " + remoteCid).contains("from the network");
        assertThat(store.has(remoteCid)).isTrue();
        assertThat(model.endpoints().endpointHealth()).extracting(EndpointHealth::healthy).containsExactly(false, true);
        assertThat(model.endpoints().endpointHealth().get(1).successes()).isEqualTo(4);
        assertThat(model.transfers().transferringProperty().get()).isFalse();
    }

    @Test
    void checkEndpointsProbesEachOne() {
        addEndpoint(DEAD);
        addEndpoint("gateway:" + gateway.url());

        model.endpoints().checkEndpoints();

        assertThat(model.endpoints().endpointHealth()).extracting(EndpointHealth::healthy).containsExactly(false, true);
        assertThat(model.endpoints().endpointHealth().get(0).lastError()).isNotBlank();
    }

    @Test
    void aFetchCancelledMidwayLeavesNoTargetFile() {
        addEndpoint("gateway:" + gateway.url());
        // cancel as soon as the gateway delivered its first block (the listener runs inside the fetch)
        model.endpoints().endpointHealth().addListener((ListChangeListener<EndpointHealth>) change -> {
            if (model.endpoints().endpointHealth().getFirst().successes() >= 2) model.transfers().cancelTransfer();
        });
        Path target = dir.resolve("out.bin");

        model.transfers().fetch(remoteCid.toString(), target);

        assertThat(model.messageProperty().get()).contains("cancelled");
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(target).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void anExportCanBeCancelled() throws IOException {
        Cid local = store.add(content);
        Path target = dir.resolve("out.car");
        model.transfers().transferTextProperty().addListener((obs, old, text) -> {
            if (text.contains("written")) model.transfers().cancelTransfer();
        });

        model.transfers().exportCar(local.toString(), target);

        // the first progress post comes with the first write; the cancel stops the next one
        assertThat(model.messageProperty().get()).contains("Export of " + local + " cancelled");
        assertThat(target).doesNotExist();
    }
}
