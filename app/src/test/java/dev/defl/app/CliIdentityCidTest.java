package dev.defl.app;

import dev.defl.engine.content.CarReader;
import dev.defl.engine.content.CarSummary;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.EmbeddedContentStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity CIDs answer every content command offline from an empty store (issue 12, F6): {@code bafkqaaa} is
 * the empty file, {@code bafkqablimvwgy3y} is "hello".
 */
class CliIdentityCidTest {
    private static final String EMPTY = "bafkqaaa";
    private static final String HELLO = "bafkqablimvwgy3y";

    @TempDir
    Path dir;

    private String data() {
        return dir.resolve("data").toString();
    }

    @BeforeEach
    void emptyStore() throws IOException {
        new EmbeddedContentStore(dir.resolve("data").resolve("ipfs"));
    }

    @Test
    void catPrintsTheInlinedContent() {
        CliOutcome empty = defl("cat", EMPTY, "--data-dir", data());
        assertThat(empty.stderr()).isEmpty();
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.stdoutBytes()).isEmpty();

        CliOutcome hello = defl("cat", HELLO, "--data-dir", data());
        assertThat(hello.exitCode()).isZero();
        assertThat(hello.stdout()).isEqualTo("hello");
    }

    @Test
    void getWritesTheInlinedContent() throws IOException {
        Path out = dir.resolve("hello.txt");
        CliOutcome get = defl("get", HELLO, "-o", out.toString(), "--data-dir", data());
        assertThat(get.stderr()).isEmpty();
        assertThat(get.exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo("hello");
    }

    @Test
    void pinAddSucceedsAndStoresNothing() {
        CliOutcome pin = defl("pin", "add", EMPTY, "--data-dir", data());
        assertThat(pin.stderr()).isEmpty();
        assertThat(pin.exitCode()).isZero();
        assertThat(pin.stdout().strip()).isEqualTo("pinned " + EMPTY + " recursive");
        assertThat(defl("pin", "ls", "--data-dir", data()).stdout().strip()).isEqualTo(EMPTY + " recursive");
        assertThat(defl("ipfs", "stat", "--data-dir", data()).stdout()).contains("blocks 0");
    }

    @Test
    void carExportWritesAValidCarHoldingTheOneBlock() throws IOException {
        Path car = dir.resolve("hello.car");
        CliOutcome export = defl("car", "export", HELLO, "-o", car.toString(), "--data-dir", data());
        assertThat(export.stderr()).isEmpty();
        assertThat(export.exitCode()).isZero();
        assertThat(export.stdout()).startsWith("exported 1 blocks");
        try (InputStream in = Files.newInputStream(car)) {
            CarSummary summary = CarReader.verify(in, car.toString());
            assertThat(summary.roots()).containsExactly(Cid.parse(HELLO));
            assertThat(summary.blockCount()).isEqualTo(1);
        }
    }

    @Test
    void datasetInfoReadsTheInlinedBlockInsteadOfReportingItMissing() {
        CliOutcome info = defl("dataset", "info", HELLO, "--data-dir", data());
        // "hello" is no manifest, but it is read: the error is about its content, not a missing block
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(info.stderr()).doesNotContain("no block for CID");
    }
}
