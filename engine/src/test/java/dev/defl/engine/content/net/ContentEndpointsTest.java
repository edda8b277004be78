package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import dev.defl.engine.content.gateway.TrustlessGatewayServer.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ContentEndpoints} over a real settings file, a dead URL and the engine's {@link TrustlessGatewayServer}
 * serving a real second store.
 */
class ContentEndpointsTest {
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 2, Duration.ofMillis(10),
            Duration.ofMillis(50));
    private static final EndpointSpec DEAD = EndpointSpec.parse("kubo:http://127.0.0.1:1");

    @TempDir
    Path dir;
    Path file;
    TrustlessGatewayServer gateway;
    EndpointSpec gatewaySpec;
    Cid root;
    byte[] block;

    @BeforeEach
    void serve() throws IOException {
        file = EndpointSettings.fileIn(dir);
        EmbeddedContentStore origin = new EmbeddedContentStore(dir.resolve("origin"));
        byte[] content = new byte[1000];
        new Random(3).nextBytes(content);
        block = content;
        root = origin.add(content);
        gateway = TrustlessGatewayServer.start(origin, Mode.HONEST);
        gatewaySpec = EndpointSpec.parse("gateway:" + gateway.url());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private ContentEndpoints endpoints() {
        return new ContentEndpoints(file, POLICY, UnaryOperator.identity());
    }

    @Test
    void theListIsRestoredFromTheFileAndSavedOnlyWhenItChanges() throws IOException {
        EndpointSettings.save(file, List.of(DEAD));
        ContentEndpoints endpoints = endpoints();

        ContentEndpoints.Loaded loaded = endpoints.load();
        assertThat(loaded.endpoints()).containsExactly(DEAD);
        assertThat(loaded.problem()).isNull();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        ContentEndpoints.State same = endpoints.replace(loaded.endpoints());
        assertThat(Files.getLastModifiedTime(file).toMillis()).isZero(); // unchanged list: not rewritten
        assertThat(same.endpoints()).containsExactly(DEAD);
        assertThat(same.health()).extracting(EndpointHealth::url).containsExactly(DEAD.url());

        ContentEndpoints.State two = endpoints.replace(List.of(DEAD, gatewaySpec));
        assertThat(two.generation()).isGreaterThan(same.generation());
        assertThat(two.saveProblem()).isNull();
        assertThat(EndpointSettings.load(file)).containsExactly(DEAD, gatewaySpec);
        endpoints.close();

        ContentEndpoints reopened = endpoints();
        assertThat(reopened.load().endpoints()).containsExactly(DEAD, gatewaySpec);
        reopened.close();
    }

    @Test
    void withNoFileNothingIsWrittenUntilTheListChanges() throws IOException {
        ContentEndpoints endpoints = endpoints();
        assertThat(endpoints.load().endpoints()).isEmpty();
        endpoints.replace(List.of());
        assertThat(file).doesNotExist();

        endpoints.replace(List.of(DEAD));
        assertThat(EndpointSettings.load(file)).containsExactly(DEAD);
        endpoints.close();
    }

    @Test
    void aListChangedBeforeTheFileIsReadIsNotSavedOverIt() throws IOException {
        EndpointSettings.save(file, List.of(DEAD));
        ContentEndpoints endpoints = endpoints();

        endpoints.replace(List.of(gatewaySpec));
        assertThat(EndpointSettings.load(file)).containsExactly(DEAD);

        List<EndpointSpec> fromFile = endpoints.load().endpoints();
        endpoints.replace(List.of(fromFile.getFirst(), gatewaySpec));
        assertThat(EndpointSettings.load(file)).containsExactly(DEAD, gatewaySpec);
        endpoints.close();
    }

    @Test
    void aMalformedFileIsSetAsideAndAFreshOneWritten() throws IOException {
        Files.createDirectories(file.getParent());
        String bad = "{\"version\":1,\"endpoints\":[\"" + DEAD + "\",\"ftp://nope\"]}";
        Files.writeString(file, bad, StandardCharsets.UTF_8);
        ContentEndpoints endpoints = endpoints();

        ContentEndpoints.Loaded loaded = endpoints.load();

        assertThat(loaded.endpoints()).isEmpty();
        assertThat(loaded.problem()).contains(file.toString()).contains("entry 2").contains("ftp://nope")
                .contains("ipfs-endpoints.json.bad");
        assertThat(file.resolveSibling("ipfs-endpoints.json.bad")).hasContent(bad);
        endpoints.replace(List.of());
        assertThat(EndpointSettings.load(file)).isEmpty();
        endpoints.close();
    }

    @Test
    void aFileThatCannotBeReadIsNeverWritten() throws IOException {
        Files.createDirectories(file); // a directory where the file should be: reading it fails
        ContentEndpoints endpoints = endpoints();

        assertThatThrownBy(endpoints::load).isInstanceOf(IOException.class);
        ContentEndpoints.State state = endpoints.replace(List.of(DEAD));

        assertThat(state.endpoints()).containsExactly(DEAD);
        assertThat(state.saveProblem()).isNull();
        assertThat(file).isDirectory();
        endpoints.close();
    }

    @Test
    void aSaveThatFailsIsReportedAndTheListIsUsedAllTheSame() throws IOException {
        Path blocked = dir.resolve("blocked");
        ContentEndpoints endpoints = new ContentEndpoints(blocked.resolve("ipfs-endpoints.json"), POLICY,
                UnaryOperator.identity());
        endpoints.load(); // no file yet
        Files.writeString(blocked, "a file where the settings directory should be");

        ContentEndpoints.State state = endpoints.replace(List.of(gatewaySpec));

        assertThat(state.saveProblem()).startsWith("Could not save the IPFS endpoints to " + blocked);
        try (ContentEndpoints.Lease lease = endpoints.acquire()) {
            assertThat(lease.store().get(root)).isEqualTo(block);
        }
        endpoints.close();
    }

    @Test
    void aStoreReplacedWhileLeasedIsClosedWhenItsLastLeaseEnds() throws IOException {
        ContentEndpoints endpoints = new ContentEndpoints(null, POLICY, UnaryOperator.identity());
        endpoints.replace(List.of(gatewaySpec));
        ContentEndpoints.Lease lease = endpoints.acquire();
        MultiEndpointBlockStore first = lease.store();

        endpoints.replace(List.of(DEAD, gatewaySpec));

        assertThat(first.isClosed()).isFalse();
        assertThat(first.get(root)).isEqualTo(block);
        lease.close();
        lease.close();
        assertThat(first.isClosed()).isTrue();
        try (ContentEndpoints.Lease second = endpoints.acquire()) {
            assertThat(second.store()).isNotSameAs(first);
            assertThat(second.store().get(root)).isEqualTo(block);
        }

        MultiEndpointBlockStore idle;
        try (ContentEndpoints.Lease third = endpoints.acquire()) {
            idle = third.store();
        }
        endpoints.replace(List.of());
        assertThat(idle.isClosed()).isTrue(); // nobody held it: closed at once
        try (ContentEndpoints.Lease none = endpoints.acquire()) {
            assertThat(none.store()).isNull();
        }
        assertThat(endpoints.state().health()).isEmpty();
        endpoints.close();
    }

    @Test
    void healthIsHeardFromEveryStoreAndAProbeAsksEachEndpoint() throws IOException {
        ContentEndpoints endpoints = new ContentEndpoints(null, POLICY, UnaryOperator.identity());
        List<EndpointHealth> heard = new CopyOnWriteArrayList<>();
        endpoints.addHealthListener(heard::add);
        endpoints.replace(List.of(DEAD));
        endpoints.replace(List.of(DEAD, gatewaySpec));

        ContentEndpoints.State probed = endpoints.probe();

        assertThat(probed.health()).extracting(EndpointHealth::healthy).containsExactly(false, true);
        assertThat(probed.health().getFirst().lastError()).isNotBlank();
        assertThat(heard).extracting(EndpointHealth::url).contains(DEAD.url(), gatewaySpec.url());
        endpoints.close();
    }

    @Test
    void eachEndpointIsDecoratedAsItIsOpened() throws IOException {
        List<String> opened = new CopyOnWriteArrayList<>();
        ContentEndpoints endpoints = new ContentEndpoints(null, POLICY, source -> {
            opened.add(source.url().toString());
            return source;
        });
        endpoints.replace(List.of(DEAD, gatewaySpec));
        assertThat(opened).containsExactly(DEAD.url().toString(), gatewaySpec.url().toString());
        endpoints.close();
    }

    @Test
    void afterCloseNoStoreIsOpenedButTheListIsStillSaved() throws IOException {
        ContentEndpoints endpoints = endpoints();
        endpoints.load();
        endpoints.replace(List.of(gatewaySpec));
        MultiEndpointBlockStore store;
        try (ContentEndpoints.Lease lease = endpoints.acquire()) {
            store = lease.store();
        }

        endpoints.close();
        endpoints.close();

        assertThat(endpoints.isClosed()).isTrue();
        assertThat(store.isClosed()).isTrue();
        endpoints.replace(List.of(DEAD));
        try (ContentEndpoints.Lease lease = endpoints.acquire()) {
            assertThat(lease.store()).isNull();
        }
        assertThat(EndpointSettings.load(file)).containsExactly(DEAD);
    }

    @Test
    void aListNamingAnEndpointTwiceIsRefused() {
        ContentEndpoints endpoints = endpoints();
        assertThatThrownBy(() -> endpoints.replace(List.of(DEAD, DEAD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        endpoints.close();
    }
}
