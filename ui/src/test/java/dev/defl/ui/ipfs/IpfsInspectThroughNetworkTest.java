package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DAG inspector of {@link IpfsViewModel} over a CID the embedded store lacks, read through the endpoints:
 * the engine's {@link TrustlessGatewayServer} over a real second store (honest and tampering) and a dead
 * URL; tasks run synchronously, so no window is needed.
 */
class IpfsInspectThroughNetworkTest {

    private static final String DEAD = "kubo:http://127.0.0.1:1";
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 1, Duration.ofMillis(10),
            Duration.ofMillis(50));

    @TempDir
    Path dir;
    EmbeddedContentStore store;
    EmbeddedContentStore origin;
    IpfsViewModel model;
    byte[] content;
    Cid remoteCid;
    final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        store = new EmbeddedContentStore(dir.resolve("store"));
        model = new IpfsViewModel(store, TaskExecutor.synchronous(), POLICY);
        origin = new EmbeddedContentStore(dir.resolve("origin"));
        byte[] line = "round 4: client 2 sent its update\n".getBytes(StandardCharsets.US_ASCII);
        content = new byte[600 * 1024]; // three 256 KiB chunks
        for (int i = 0; i < content.length; i++) content[i] = line[i % line.length];
        remoteCid = origin.add(content);
    }

    @AfterEach
    void close() throws Exception {
        model.close();
        for (AutoCloseable server : servers) server.close();
    }

    private String gateway(TrustlessGatewayServer.Mode mode) throws IOException {
        TrustlessGatewayServer server = TrustlessGatewayServer.start(origin, mode);
        servers.add(server);
        return "gateway:" + server.url();
    }

    private void addEndpoint(String text) {
        model.endpoints().endpointInputProperty().set(text);
        model.endpoints().addEndpoint();
    }

    private PinRow row(Cid cid) {
        return model.store().allRows().stream().filter(r -> r.cid().equals(cid.toString())).findFirst().orElseThrow();
    }

    @Test
    void aCidTheStoreLacksIsReadThroughTheEndpointsAndNamesTheEndpointItCameFrom() throws IOException {
        String gateway = gateway(TrustlessGatewayServer.Mode.HONEST);
        addEndpoint(DEAD);
        addEndpoint(gateway);

        model.inspector().inspect(remoteCid.toString());

        assertThat(model.errorProperty().get()).isEmpty();
        DagNode root = model.inspector().inspectedProperty().get();
        assertThat(root.cid()).isEqualTo(remoteCid);
        assertThat(root.sizeBytes()).isEqualTo(content.length);
        assertThat(root.linkCount()).isEqualTo(3);
        assertThat(root.origin()).isEqualTo(gateway.substring("gateway:".length()));
        assertThat(root.originText()).startsWith("from 127.0.0.1:");
        assertThat(model.messageProperty().get()).contains(remoteCid.toString()).contains("unpinned");
        // the preview needs the whole file: its leaves are fetched and kept too
        assertThat(model.inspector().previewProperty().get().text()).startsWith("round 4: client 2");
        assertThat(model.inspector().readingProperty().get()).isFalse();
    }

    @Test
    void fetchedBlocksAreKeptUnpinnedListedAsFetchedAndGoAtTheNextGc() throws IOException {
        addEndpoint(gateway(TrustlessGatewayServer.Mode.HONEST));

        model.inspector().inspect(remoteCid.toString());

        assertThat(store.has(remoteCid)).isTrue();
        assertThat(store.isPinned(remoteCid)).isFalse();
        assertThat(row(remoteCid).pinMode()).isEqualTo(PinRow.FETCHED);
        assertThat(row(remoteCid).pinned()).isFalse();
        assertThat(row(remoteCid).sizeBytes()).isEqualTo(content.length);

        model.store().gc();

        assertThat(store.has(remoteCid)).isFalse();
        assertThat(model.store().allRows()).isEmpty();
    }

    @Test
    void rawLeavesOfAFileTooLargeToPreviewAreListedFromTheLinkWithoutFetching() throws IOException {
        byte[] large = new byte[3 * 1024 * 1024]; // 12 leaves of 256 KiB, over the 2 MiB preview limit
        new java.util.Random(5).nextBytes(large);
        Cid largeCid = origin.add(large);
        addEndpoint(gateway(TrustlessGatewayServer.Mode.HONEST));
        model.inspector().inspect(largeCid.toString());
        List<DagNode> children = new ArrayList<>();

        model.inspector().loadChildren(model.inspector().inspectedProperty().get(), children::addAll);

        assertThat(children).hasSize(12);
        assertThat(children).extracting(DagNode::sizeBytes).containsOnly(262_144L);
        assertThat(children).extracting(DagNode::origin).containsOnly(DagNode.NOT_FETCHED);
        assertThat(store.blockCount()).as("only the root was fetched").isEqualTo(1);
    }

    @Test
    void rawLeavesOfAFileSmallEnoughToPreviewAreFetchedAndNameTheirEndpoint() throws IOException {
        String gateway = gateway(TrustlessGatewayServer.Mode.HONEST);
        addEndpoint(gateway);
        model.inspector().inspect(remoteCid.toString());
        Cid leaf = DagReaderLinks.first(origin, remoteCid);
        store.blockStore().delete(leaf); // as if the preview had not read it yet
        List<DagNode> children = new ArrayList<>();

        model.inspector().loadChildren(model.inspector().inspectedProperty().get(), children::addAll);

        assertThat(children).extracting(DagNode::sizeBytes).containsExactly(262_144L, 262_144L, 90_112L);
        assertThat(children.getFirst().origin()).isEqualTo(gateway.substring("gateway:".length()));
        assertThat(children.get(1).origin()).isEqualTo(DagNode.LOCAL);
        assertThat(store.has(leaf)).isTrue();
    }

    @Test
    void pinningAFetchedRootFetchesTheBlocksStillMissingThenPinsRecursively() throws IOException {
        addEndpoint(gateway(TrustlessGatewayServer.Mode.HONEST));
        model.inspector().inspect(remoteCid.toString());
        Cid leaf = DagReaderLinks.first(origin, remoteCid);
        store.blockStore().delete(leaf); // as if the preview had not read it

        model.store().pin(row(remoteCid));

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(store.isPinned(remoteCid)).isTrue();
        assertThat(store.has(leaf)).isTrue();
        assertThat(row(remoteCid).pinMode()).isEqualTo("recursive");
        assertThat(model.messageProperty().get()).contains("after fetching 1 missing block");
    }

    @Test
    void aCidNoEndpointHasIsReportedNamingTheCidAndEveryEndpoint() throws IOException {
        String gateway = gateway(TrustlessGatewayServer.Mode.HONEST);
        addEndpoint(gateway);
        Cid unknown = Cid.of(1, Cid.RAW, "nobody has this".getBytes(StandardCharsets.US_ASCII));

        model.inspector().inspect(unknown.toString());

        assertThat(model.inspector().inspectedProperty().get()).isNull();
        assertThat(model.errorProperty().get())
                .startsWith("Could not inspect CID " + unknown)
                .contains("every endpoint answered that it does not have block " + unknown)
                .contains(gateway.substring("gateway:".length()));
        assertThat(model.store().allRows()).isEmpty();
    }

    @Test
    void aDeadNodeAndABlockThatDoesNotHashToItsCidAreEachNamedWithTheirEndpoint() throws IOException {
        String tampered = gateway(TrustlessGatewayServer.Mode.TAMPERED);
        addEndpoint(DEAD);
        addEndpoint(tampered);

        model.inspector().inspect(remoteCid.toString());

        String error = model.errorProperty().get();
        assertThat(error).startsWith("Could not inspect CID " + remoteCid + ": no endpoint delivered block " + remoteCid);
        assertThat(error).contains("\n  • http://127.0.0.1:1 (node): ");
        assertThat(error).contains("\n  • " + tampered.substring("gateway:".length()) + " (gateway): ")
                .contains("does not hash to CID " + remoteCid);
        assertThat(store.has(remoteCid)).as("a block that did not verify is not kept").isFalse();
    }

    @Test
    void withoutEndpointsAMissingCidSaysToAddSome() {
        model.inspector().inspect(remoteCid.toString());

        assertThat(model.errorProperty().get()).contains(remoteCid.toString()).contains("add IPFS endpoints under Network");
    }
}
