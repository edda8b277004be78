package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.ImportProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl cat CID | head -c 100} in a real child process (the {@link Launcher} with this class path): when the
 * reader closes the pipe, cat stops and exits 141 (128 + SIGPIPE) with nothing on stderr. No timing assertions.
 */
class CliBrokenPipeTest {

    @TempDir
    Path dir;

    @Test
    void catIntoAPipeClosedByItsReaderExits141Silently() throws Exception {
        Path data = dir.resolve("data");
        byte[] content = new byte[16 << 20]; // 64 blocks: far more than the pipe and the output buffer hold
        new SplittableRandom(11).nextBytes(content);
        Cid cid = new EmbeddedContentStore(data.resolve("ipfs"), ImportProfile.CIDV1_RAW_LEAVES).add(content);

        Path stderr = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process cat = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "cat", cid.toString(), "--data-dir", data.toString())
                .redirectError(stderr.toFile())
                .start();
        try {
            byte[] head = new byte[100];
            try (InputStream out = cat.getInputStream()) {
                int n = out.readNBytes(head, 0, head.length);
                assertThat(n).as("bytes before the reader went away").isEqualTo(100);
            } // closing our end of the pipe is what `head -c 100` exiting does
            assertThat(head).isEqualTo(Arrays.copyOf(content, 100));
            assertThat(cat.waitFor(2, TimeUnit.MINUTES)).as("cat ended after the pipe closed").isTrue();
            assertThat(cat.exitValue()).as(Files.readString(stderr, StandardCharsets.UTF_8)).isEqualTo(141);
            assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).isEmpty();
        } finally {
            cat.destroyForcibly();
        }
    }

    @Test
    void catIntoACapturedStdoutStillWritesEverything() throws IOException {
        Path data = dir.resolve("data");
        byte[] content = new byte[1 << 20];
        new SplittableRandom(12).nextBytes(content);
        Cid cid = new EmbeddedContentStore(data.resolve("ipfs"), ImportProfile.CIDV1_RAW_LEAVES).add(content);
        CliOutcome o = CliOutcome.defl("cat", cid.toString(), "--data-dir", data.toString());
        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdoutBytes()).isEqualTo(content);
    }
}
