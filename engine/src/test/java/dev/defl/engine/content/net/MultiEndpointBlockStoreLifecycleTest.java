package dev.defl.engine.content.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentNotFoundException;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.gateway.TrustlessGatewayServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who closes what: {@link MultiEndpointBlockStore#open} owns its sources, the constructors do not. */
class MultiEndpointBlockStoreLifecycleTest {

    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(5), 2, Duration.ofMillis(5),
            Duration.ofMillis(20));

    /** A source holding blocks in memory that counts its closes. */
    private static class InMemorySource implements BlockSource {
        final Map<Cid, byte[]> blocks;
        final AtomicInteger closes = new AtomicInteger();

        InMemorySource(Map<Cid, byte[]> blocks) {
            this.blocks = blocks;
        }

        @Override
        public URI url() {
            return URI.create("http://memory.invalid");
        }

        @Override
        public EndpointKind kind() {
            return EndpointKind.TRUSTLESS_GATEWAY;
        }

        @Override
        public byte[] fetch(Cid cid, Duration timeout) throws IOException {
            byte[] block = blocks.get(cid);
            if (block == null) throw new ContentNotFoundException(cid, "memory");
            return block;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static final byte[] BLOCK = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Cid CID = Cid.of(1, Cid.RAW, BLOCK);

    @Test
    void aStoreBuiltFromSourcesLeavesThemOpenButRefusesGetsOnceClosed() throws IOException {
        InMemorySource source = new InMemorySource(Map.of(CID, BLOCK));
        MultiEndpointBlockStore store = new MultiEndpointBlockStore(List.of(source), POLICY);
        assertThat(store.get(CID)).isEqualTo(BLOCK);

        store.close();
        store.close();

        assertThat(source.closes).hasValue(0);
        assertThat(store.isClosed()).isTrue();
        assertThatThrownBy(() -> store.get(CID)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MultiEndpointBlockStore[http://memory.invalid]").hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put(CID, BLOCK)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::probe).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.has(CID)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStoreOpenedFromSpecsClosesEachSourceItOpenedOnce(@TempDir Path dir) throws IOException {
        EmbeddedContentStore origin = new EmbeddedContentStore(dir.resolve("origin"));
        Cid root = origin.add(BLOCK);
        try (TrustlessGatewayServer gateway = TrustlessGatewayServer.start(origin, TrustlessGatewayServer.Mode.HONEST)) {
            MultiEndpointBlockStore store = MultiEndpointBlockStore.open(
                    List.of(EndpointSpec.parse("kubo:http://127.0.0.1:1"), EndpointSpec.parse("gateway:" + gateway.url())),
                    POLICY);
            assertThat(store.ownsSources()).isTrue();
            assertThat(store.sources()).hasSize(2);
            assertThat(store.get(root)).isNotEmpty();

            store.close();
            store.close();

            assertThatThrownBy(() -> store.get(root)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void anOwningStoreClosesEachSourceOnceEvenWhenOneCloseFails() {
        InMemorySource first = new InMemorySource(Map.of());
        InMemorySource failing = new InMemorySource(Map.of()) {
            @Override
            public void close() {
                super.close();
                throw new IllegalStateException("cannot close");
            }
        };
        InMemorySource last = new InMemorySource(Map.of());
        MultiEndpointBlockStore store = MultiEndpointBlockStore.owning(List.of(first, failing, last), POLICY);

        assertThatThrownBy(store::close).isInstanceOf(IllegalStateException.class).hasMessage("cannot close");
        store.close();

        assertThat(first.closes).hasValue(1);
        assertThat(failing.closes).hasValue(1);
        assertThat(last.closes).hasValue(1);
        assertThatThrownBy(() -> store.get(CID)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aKuboSourceMayBeClosedTwice() {
        BlockSource kubo = EndpointSpec.parse("kubo:http://127.0.0.1:1").open(Duration.ofSeconds(1));
        kubo.close();
        kubo.close();
        assertThat(kubo).isInstanceOf(KuboBlockSource.class);
    }
}
