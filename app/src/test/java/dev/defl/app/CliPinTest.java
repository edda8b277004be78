package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code defl pin add|rm|ls} and {@code defl gc} on real embedded stores in temporary data directories. */
class CliPinTest {

    /** CID of {@code hello world\n} from {@code ipfs add --cid-version=1} (one raw block of 12 bytes). */
    private static final String HELLO_V1 = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";

    @TempDir
    Path dir;

    private static void assertOneLineError(CliOutcome o, String command, String... fragments) {
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.stderr().strip()).startsWith(command + ": error:").doesNotContain("\n").contains(fragments);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Adds {@code content} with {@code defl add}; returns the CID it printed. */
    private String add(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        CliOutcome added = defl("add", file.toString(), "--data-dir", data());
        assertThat(added.exitCode()).isZero();
        return added.stdout().strip();
    }

    /** 1 MiB of seeded random bytes: four distinct 256 KiB raw leaves under one dag-pb root (5 blocks). */
    private static byte[] mebibyte() {
        byte[] out = new byte[1 << 20];
        new Random(7).nextBytes(out);
        return out;
    }

    @Test
    void addedFilesArePinnedRecursivelyAndListedOneLineEachByCid() throws IOException {
        String mib = add("mib.bin", mebibyte());
        add("hello.txt", "hello world\n".getBytes(StandardCharsets.US_ASCII));

        CliOutcome ls = defl("pin", "ls", "--data-dir", data());

        assertThat(ls.exitCode()).isZero();
        assertThat(mib).startsWith("bafybei"); // sorts after bafkrei…
        assertThat(ls.stdout().lines().toList())
                .containsExactly(HELLO_V1 + " recursive", mib + " recursive");
    }

    @Test
    void gcRemovesTheBlocksOfAnUnpinnedFileAndKeepsPinnedOnes() throws IOException {
        String mib = add("mib.bin", mebibyte());
        add("hello.txt", "hello world\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(defl("gc", "--data-dir", data()).stdout().lines().toList())
                .containsExactly("removed blocks 0", "removed bytes 0");
        CliOutcome rm = defl("pin", "rm", mib, "--data-dir", data());
        assertThat(rm.exitCode()).isZero();
        assertThat(rm.stdout().strip()).isEqualTo("unpinned " + mib);

        CliOutcome gc = defl("gc", "--data-dir", data());

        assertThat(gc.exitCode()).isZero();
        // four 256 KiB raw leaves plus the dag-pb root (its size is whatever is left of the store)
        assertThat(gc.stdout().lines().toList()).first().isEqualTo("removed blocks 5");
        long removedBytes = Long.parseLong(gc.stdout().lines().toList().get(1).replace("removed bytes ", ""));
        assertThat(removedBytes).isGreaterThan(1 << 20).isLessThan((1 << 20) + 1024);
        assertThat(defl("ipfs", "stat", "--data-dir", data()).stdout()).contains("blocks 1", "bytes 12");
        assertThat(defl("pin", "ls", "--data-dir", data()).stdout().strip()).isEqualTo(HELLO_V1 + " recursive");
        assertOneLineError(defl("cat", mib, "--data-dir", data()), "cat", mib);
    }

    @Test
    void directPinKeepsOnlyThatBlockThroughGc() throws IOException {
        String mib = add("mib.bin", mebibyte());
        assertThat(defl("pin", "rm", mib, "--data-dir", data()).exitCode()).isZero();

        CliOutcome pin = defl("pin", "add", mib, "--direct", "--data-dir", data());

        assertThat(pin.exitCode()).isZero();
        assertThat(pin.stdout().strip()).isEqualTo("pinned " + mib + " direct");
        assertThat(defl("pin", "ls", "--data-dir", data()).stdout().strip()).isEqualTo(mib + " direct");
        assertThat(defl("gc", "--data-dir", data()).stdout()).contains("removed blocks 4", "removed bytes " + (1 << 20));
        // the root alone is left; pinning it recursively now names a missing leaf
        assertOneLineError(defl("pin", "add", mib, "--data-dir", data()), "pin add", "no block for CID bafkrei");
    }

    @Test
    void pinningARecursivePinAgainIsANoOpAndRepinningAfterRmWorks() throws IOException {
        add("hello.txt", "hello world\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(defl("pin", "add", HELLO_V1, "--data-dir", data()).stdout().strip())
                .isEqualTo("pinned " + HELLO_V1 + " recursive");
        assertThat(defl("pin", "rm", HELLO_V1, "--data-dir", data()).exitCode()).isZero();
        assertThat(defl("pin", "ls", "--data-dir", data()).stdout()).isEmpty();
        assertThat(defl("pin", "add", HELLO_V1, "--data-dir", data()).exitCode()).isZero();
        assertThat(defl("pin", "ls", "--data-dir", data()).stdout().strip()).isEqualTo(HELLO_V1 + " recursive");
    }

    @Test
    void badInputGivesOneLineErrors() throws IOException {
        add("hello.txt", "hello world\n".getBytes(StandardCharsets.US_ASCII));
        String unknown = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"; // the empty file, never added

        assertOneLineError(defl("pin", "add", unknown, "--data-dir", data()), "pin add", "no block for CID " + unknown);
        assertOneLineError(defl("pin", "add", unknown, "--direct", "--data-dir", data()), "pin add", unknown);
        assertOneLineError(defl("pin", "rm", unknown, "--data-dir", data()), "pin rm", unknown, "not pinned");
        assertOneLineError(defl("pin", "add", "not-a-cid", "--data-dir", data()), "pin add", "not-a-cid");
        assertOneLineError(defl("pin", "ls", "--data-dir", dir.resolve("nowhere").toString()), "pin ls",
                "no content store at");
        assertOneLineError(defl("gc", "--data-dir", dir.resolve("nowhere").toString()), "gc", "no content store at");
        assertThat(defl("pin", "add", HELLO_V1, "--direct", "--data-dir", data()).stderr())
                .contains("pin add: error:", "already pinned recursively");
    }
}
