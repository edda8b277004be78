package dev.defl.ui.ipfs;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.RetryPolicy;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a read through the network: the endpoint is a real socket that accepts and never answers (a hung
 * node), the work runs on a background thread and the callbacks on a single "UI" thread, as in the window.
 */
class IpfsInspectCancelTest {

    @TempDir
    Path dir;

    @Test
    void cancelAbandonsAnInspectionWaitingOnAHungNodeAtOnce() throws Exception {
        // daemon threads, not shut down: the abandoned request ends on its own and still posts its callback
        ExecutorService background = Executors.newCachedThreadPool(IpfsInspectCancelTest::daemon);
        ExecutorService ui = Executors.newSingleThreadExecutor(IpfsInspectCancelTest::daemon);
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket hung = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            background.execute(() -> {
                try {
                    while (true) accepted.add(hung.accept()); // never answers
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("store"));
            RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), 1, Duration.ofMillis(10), Duration.ofMillis(50));
            IpfsViewModel model = onUi(ui, () -> new IpfsViewModel(store, new TaskExecutor(background, ui), policy));
            Cid cid = Cid.of(1, Cid.RAW, "only the hung node has it".getBytes(StandardCharsets.US_ASCII));
            onUi(ui, () -> {
                model.endpoints().endpointInputProperty().set("kubo:http://127.0.0.1:" + hung.getLocalPort());
                model.endpoints().addEndpoint();
                model.inspector().inspect(cid.toString());
                return null;
            });
            waitFor(ui, () -> model.inspector().readingProperty().get());
            assertThat(onUi(ui, () -> model.inspector().readingTextProperty().get())).startsWith("Fetching block ");

            onUi(ui, () -> {
                model.inspector().cancelRead();
                return null;
            });

            assertThat(onUi(ui, () -> model.inspector().readingProperty().get())).isFalse();
            assertThat(onUi(ui, () -> model.inspector().inspectedProperty().get())).isNull();
            assertThat(onUi(ui, () -> model.messageProperty().get())).isEqualTo("Read through the network cancelled.");
            assertThat(onUi(ui, () -> model.errorProperty().get())).isEmpty();
            onUi(ui, () -> {
                model.close();
                return null;
            });
        } finally {
            for (Socket s : accepted) s.close();
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "cancel-test");
        t.setDaemon(true);
        return t;
    }

    private static <T> T onUi(ExecutorService ui, Callable<T> read) throws Exception {
        return ui.submit(read).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(ExecutorService ui, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!onUi(ui, condition)) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 10 s");
            Thread.sleep(20);
        }
    }
}
