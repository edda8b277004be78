package dev.defl.engine.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data directory's writer lock across processes. POSIX record locks are dropped when any descriptor of the file
 * is closed in the holding process, so a refused second acquire, or a holder lookup, in the holding JVM used to open
 * and close the lock file and silently hand the lock to the next process.
 */
class DataDirLockTest {
    @TempDir
    Path dir;

    /** Tries the lock of {@code args[0]} in a separate JVM; prints {@code acquired} or {@code refused: <message>}. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (DataDirLock lock = DataDirLock.acquire(Path.of(args[0]), "probe")) {
                System.out.println("acquired");
            } catch (DataDirInUseException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    private String probe() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.startsWith("acquired") || l.startsWith("refused")).findFirst().orElse(out);
    }

    @Test
    void aRefusedAcquireOrAHolderLookupInTheHoldingJvmKeepsTheLockHeld() throws Exception {
        try (DataDirLock held = DataDirLock.acquire(dir, "defl run")) {
            held.recordChain("http://127.0.0.1:8545");
            assertThatThrownBy(() -> DataDirLock.acquire(dir, "defl gc", true))
                    .isInstanceOf(DataDirInUseException.class)
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ": defl run, since ");
            assertThat(DataDirLock.holder(dir)).get().extracting(DataDirLock.Holder::rpc).isEqualTo("http://127.0.0.1:8545");
            assertThat(probe()).startsWith("refused: data directory ")
                    .contains("(pid " + ProcessHandle.current().pid() + ": defl run, since ");
        }
        assertThat(DataDirLock.holder(dir)).isEmpty();
        assertThat(probe()).isEqualTo("acquired");
    }
}
