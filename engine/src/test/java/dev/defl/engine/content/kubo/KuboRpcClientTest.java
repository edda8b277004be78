package dev.defl.engine.content.kubo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.defl.engine.content.BlockVerificationException;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.ImportProfile;
import dev.defl.engine.content.UnixFsExporter;
import dev.defl.engine.content.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubo RPC client against a real node: js-ipfs 0.66.1 on 127.0.0.1 (see {@link JsIpfsDaemon}), one
 * node for the class and a second one for the peer-to-peer test.
 */
class KuboRpcClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CHUNK = ImportProfile.DEFAULT_CHUNK_SIZE_BYTES;

    @TempDir
    static Path dir;

    private static JsIpfsDaemon node;
    private static KuboRpcClient client;

    @BeforeAll
    static void startNode() throws Exception {
        node = JsIpfsDaemon.start(dir.resolve("node-a"));
        client = node.client(TIMEOUT);
    }

    @AfterAll
    static void stopNode() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    /** {@code length} bytes from a generator seeded with {@code seed}. */
    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Cid ourCid(byte[] content, ImportProfile profile) throws IOException {
        return UnixFsImporter.onlyHash(profile).add(content);
    }

    @Test
    void addWithCidV1RawLeavesGivesTheCidOfOurImporter() throws IOException {
        List<byte[]> contents = List.of(
                new byte[0],
                "hello world\n".getBytes(StandardCharsets.US_ASCII),
                random(CHUNK, 1),
                random(CHUNK + 1, 2),
                random(3 * 1024 * 1024 + 7, 3));
        for (byte[] content : contents) {
            Cid fromNode = client.add(new ByteArrayInputStream(content), "file-" + content.length, AddOptions.CIDV1_RAW_LEAVES);
            assertThat(fromNode).as("CID of %d bytes", content.length)
                    .isEqualTo(ourCid(content, ImportProfile.CIDV1_RAW_LEAVES));
        }
        // the vectors from `ipfs add --cid-version=1` (docs/STACK.md)
        assertThat(client.add(InputStream.nullInputStream(), "empty", AddOptions.CIDV1_RAW_LEAVES))
                .hasToString("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(client.add(new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.US_ASCII)), "hello",
                AddOptions.CIDV1_RAW_LEAVES)).hasToString("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
    }

    @Test
    void streamedAddOfADagDeeperThanOneLevelGivesTheCidOfOurImporterAndReportsProgress() throws IOException {
        long length = 174L * CHUNK + 1; // one chunk more than a root node can link: a two-level DAG
        List<Long> progress = new CopyOnWriteArrayList<>();
        Cid fromNode = client.add(generated(length), "deep.bin", AddOptions.CIDV1_RAW_LEAVES.withOnlyHash(true), progress::add);
        assertThat(fromNode).isEqualTo(UnixFsImporter.onlyHash(ImportProfile.CIDV1_RAW_LEAVES).add(generated(length)));
        assertThat(progress).isSorted().last().isEqualTo(length);
    }

    /** {@code length} bytes, byte i = (i * 31 + i / 4096) % 256, produced as read and never held in memory. */
    private static InputStream generated(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? next() : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return len == 0 ? 0 : -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) next();
                }
                return n;
            }

            private int next() {
                long i = position++;
                return (int) ((i * 31 + i / 4096) & 0xFF);
            }
        };
    }

    @Test
    void addWithCidV0GivesTheCidOfOurImporter() throws IOException {
        for (byte[] content : List.of("hello world\n".getBytes(StandardCharsets.US_ASCII), random(CHUNK + 1, 4))) {
            Cid fromNode = client.add(new ByteArrayInputStream(content), "v0", AddOptions.CIDV0.withOnlyHash(true));
            assertThat(fromNode).as("CIDv0 of %d bytes", content.length).isEqualTo(ourCid(content, ImportProfile.CIDV0));
        }
    }

    @Test
    void catReadsTheFileBlockByBlockVerifyingEachBlock() throws IOException {
        byte[] content = random(3 * CHUNK + 123, 5);
        Cid root = client.add(new ByteArrayInputStream(content), "cat.bin", AddOptions.CIDV1_RAW_LEAVES);

        ByteArrayOutputStream viaClient = new ByteArrayOutputStream();
        client.cat(root, viaClient);
        assertThat(viaClient.toByteArray()).isEqualTo(content);

        ByteArrayOutputStream viaExporter = new ByteArrayOutputStream();
        long written = new UnixFsExporter(new KuboBlockStore(client)).cat(root, viaExporter);
        assertThat(written).isEqualTo(content.length);
        assertThat(viaExporter.toByteArray()).isEqualTo(content);
    }

    @Test
    void fileImportedByUsThroughBlockPutIsServedByTheNodesOwnCat() throws IOException {
        byte[] content = random(2 * CHUNK + 99, 6);
        for (ImportProfile profile : List.of(ImportProfile.CIDV1_RAW_LEAVES, ImportProfile.CIDV0)) {
            Cid root = new UnixFsImporter(new KuboBlockStore(client), profile).add(content);
            assertThat(root).isEqualTo(ourCid(content, profile));

            ByteArrayOutputStream fromNode = new ByteArrayOutputStream();
            client.catUnverified(root, fromNode);
            assertThat(fromNode.toByteArray()).as("node's cat of %s", root).isEqualTo(content);
        }
    }

    @Test
    void blockPutStoresUnderOurCidAndBlockStatReportsItsSize() throws IOException {
        byte[] block = random(1000, 7);
        Cid cid = client.blockPut(block, Cid.RAW);
        assertThat(cid).isEqualTo(Cid.of(1, Cid.RAW, block));
        assertThat(client.blockStat(cid)).isEqualTo(new BlockStat(cid, 1000));
        assertThat(client.blockGet(cid)).isEqualTo(block);
        assertThat(new KuboBlockStore(client).has(cid)).isTrue();
    }

    @Test
    void blockStoreRefusesABlockThatDoesNotHashToItsCid() {
        Cid cid = Cid.of(1, Cid.RAW, "the real block".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new KuboBlockStore(client).put(cid, "another block".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(BlockVerificationException.class)
                .hasMessageContaining(cid.toString())
                .hasMessageContaining("caller");
    }

    @Test
    void pinAddListsThePinAndPinRmRemovesIt() throws IOException {
        byte[] content = random(CHUNK + 5, 8);
        Cid root = client.add(new ByteArrayInputStream(content), "pin.bin", AddOptions.CIDV1_RAW_LEAVES.withPin(false));
        assertThat(client.pinLs(PinType.RECURSIVE)).doesNotContain(new Pin(root, PinType.RECURSIVE));

        client.pinAdd(root);
        assertThat(client.pinLs(PinType.RECURSIVE)).contains(new Pin(root, PinType.RECURSIVE));
        assertThat(client.pinLs()).contains(new Pin(root, PinType.RECURSIVE));

        client.pinRm(root);
        assertThat(client.pinLs(PinType.RECURSIVE)).doesNotContain(new Pin(root, PinType.RECURSIVE));

        Cid leaf = client.blockPut(random(10, 9), Cid.RAW);
        client.pinAdd(leaf, false);
        assertThat(client.pinLs(PinType.DIRECT)).contains(new Pin(leaf, PinType.DIRECT));
        client.pinRm(leaf, false);
        assertThat(client.pinLs(PinType.DIRECT)).doesNotContain(new Pin(leaf, PinType.DIRECT));
    }

    @Test
    void removingAPinThatDoesNotExistReportsTheNodesMessage() {
        Cid notPinned = Cid.of(1, Cid.RAW, "never pinned".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> client.pinRm(notPinned))
                .isInstanceOfSatisfying(KuboException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KuboException.Kind.NODE_ERROR);
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.nodeMessage()).isPresent();
                    assertThat(e.apiPath()).startsWith("/api/v0/pin/rm?arg=" + notPinned);
                })
                .hasMessageContaining(node.apiUrl().toString())
                .hasMessageContaining(notPinned.toString());
    }

    @Test
    void idRepoStatAndVersionDescribeTheNode() throws IOException {
        NodeId id = client.id();
        assertThat(id.peerId()).isNotBlank();
        assertThat(id.agentVersion()).startsWith("js-ipfs/");
        assertThat(client.swarmAddrsLocal()).isNotEmpty().allSatisfy(a -> assertThat(a).contains("/p2p/" + id.peerId()));
        client.blockPut(random(100, 10), Cid.RAW);
        RepoStat stat = client.repoStat();
        assertThat(stat.numObjects()).isPositive();
        assertThat(stat.repoSizeBytes()).isPositive();
        assertThat(client.version()).isNotBlank();
    }

    @Test
    void aFileAddedOnOneNodeIsFetchedByCidFromAnother() throws Exception {
        try (JsIpfsDaemon other = JsIpfsDaemon.start(dir.resolve("node-b"));
                KuboRpcClient otherClient = other.client(TIMEOUT)) {
            otherClient.swarmConnect(node.swarmAddress());
            String peerA = client.id().peerId();
            assertThat(otherClient.swarmPeers()).anySatisfy(p -> assertThat(p).endsWith("/p2p/" + peerA));

            byte[] content = random(4 * CHUNK + 17, 11);
            Cid root = client.add(new ByteArrayInputStream(content), "shared.bin", AddOptions.CIDV1_RAW_LEAVES);
            ByteArrayOutputStream fetched = new ByteArrayOutputStream();
            otherClient.cat(root, fetched);
            assertThat(fetched.toByteArray()).isEqualTo(content);

            List<PubsubMessage> received = new CopyOnWriteArrayList<>();
            try (PubsubSubscription subscription = otherClient.pubsubSub("defl-test", received::add)) {
                byte[] message = "round 1 is open".getBytes(StandardCharsets.UTF_8);
                // gossipsub needs a heartbeat or two before A knows B subscribes: publish until B hears it
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (received.isEmpty() && System.nanoTime() < deadline) {
                    try {
                        client.pubsubPub("defl-test", message);
                    } catch (KuboException e) {
                        // js-ipfs refuses to publish while no peer subscribes
                    }
                    Thread.sleep(300);
                }
                assertThat(subscription.failure()).isEmpty();
                assertThat(received).first().satisfies(m -> {
                    assertThat(m.data()).isEqualTo(message);
                    assertThat(m.from()).isEqualTo(peerA);
                    assertThat(m.topics()).containsExactly("defl-test");
                });
            }
        }
    }

    @Test
    void unknownCidFailsAfterTheTimeoutNamingTheCid() throws IOException {
        Cid unknown = Cid.of(1, Cid.RAW, "nobody has this block".getBytes(StandardCharsets.US_ASCII));
        try (KuboRpcClient impatient = node.client(Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> impatient.blockGet(unknown))
                    .isInstanceOfSatisfying(KuboException.class,
                            e -> assertThat(e.kind()).isEqualTo(KuboException.Kind.TIMEOUT))
                    .hasMessageContaining(unknown.toString())
                    .hasMessageContaining(node.apiUrl() + "/api/v0/block/get");

            KuboBlockStore store = new KuboBlockStore(impatient, Duration.ofMillis(500));
            assertThatThrownBy(() -> store.get(unknown))
                    .isInstanceOf(ContentNotFoundException.class)
                    .hasMessageContaining(unknown.toString())
                    .hasMessageContaining(node.apiUrl().toString());
            assertThat(store.has(unknown)).isFalse();
        }
    }

    @Test
    void deadEndpointGivesAnErrorNamingTheUrl() {
        try (KuboRpcClient dead = new KuboRpcClient(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2))) {
            assertThatThrownBy(dead::id)
                    .isInstanceOfSatisfying(KuboException.class, e -> {
                        assertThat(e.kind()).isEqualTo(KuboException.Kind.UNREACHABLE);
                        assertThat(e.httpStatus()).isZero();
                    })
                    .hasMessageContaining("http://127.0.0.1:1/api/v0/id")
                    .hasMessageContaining("cannot connect");
        }
    }

    @Test
    void readFailureOfTheUploadedStreamIsRethrownAsItself() {
        IOException diskError = new IOException("disk read error at byte 300000");
        InputStream failing = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position++ >= 300_000) {
                    throw diskError;
                }
                return 0;
            }
        };
        assertThatThrownBy(() -> client.add(failing, "broken", AddOptions.CIDV1_RAW_LEAVES)).isSameAs(diskError);
    }

    /**
     * A node that sends a wrong block is a fault we cannot cause with a real node, so this is a fake:
     * a tiny HTTP server whose {@code block/get} answers bytes that are not the block asked for.
     */
    @Test
    void tamperedBlockFromANodeIsRejectedNamingTheCidAndTheEndpoint() throws IOException {
        byte[] real = "the block that was asked for".getBytes(StandardCharsets.US_ASCII);
        Cid cid = Cid.of(1, Cid.RAW, real);
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/api/v0/block/get", exchange -> {
            byte[] tampered = "a block that was tampered with".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, tampered.length);
            exchange.getResponseBody().write(tampered);
            exchange.close();
        });
        fake.start();
        URI url = URI.create("http://127.0.0.1:" + fake.getAddress().getPort());
        try (KuboRpcClient lying = new KuboRpcClient(url, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> lying.blockGet(cid))
                    .isInstanceOfSatisfying(BlockVerificationException.class,
                            e -> assertThat(e.expected()).isEqualTo(cid))
                    .hasMessageContaining(cid.toString())
                    .hasMessageContaining(url + "/api/v0/block/get");
            assertThatThrownBy(() -> lying.cat(cid, new ByteArrayOutputStream()))
                    .isInstanceOf(BlockVerificationException.class)
                    .hasMessageContaining(cid.toString());
        } finally {
            fake.stop(0);
        }
    }
}
