package dev.defl.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which arguments take the window's lean parser, and the hidden options staying out of the help. */
class WindowOptionsTest {

    @Test
    void onlyTheRootsOwnOptionsOpenTheWindowDirectly() {
        assertThat(WindowOptions.onlyWindowOptions()).isTrue();
        assertThat(WindowOptions.onlyWindowOptions("--data-dir", "/d", "--rpc-url=http://127.0.0.1:8545", "--chain-id", "1",
                "--smoke-screenshot", "/tmp/w.png", "--startup-report")).isTrue();
        assertThat(WindowOptions.onlyWindowOptions("run", "--dataset", "digits")).isFalse();
        assertThat(WindowOptions.onlyWindowOptions("--data-dir", "/d", "gc")).isFalse();
        assertThat(WindowOptions.onlyWindowOptions("--help")).isFalse();
        assertThat(WindowOptions.onlyWindowOptions("--version")).isFalse();
        assertThat(WindowOptions.onlyWindowOptions("--data-dir")).as("missing value: the full parser says so").isFalse();
    }

    @Test
    void smokeAndStartupReportOptionsAreHiddenFromHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(DeflCommand.execute("--help")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--data-dir").doesNotContain("--smoke-screenshot")
                .doesNotContain("--startup-report");
    }
}
