package dev.defl.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void withoutADisplayTheWindowSaysWhatToDoBeforeJavaFxStarts() {
        java.util.Properties linux = new java.util.Properties();
        linux.setProperty("os.name", "Linux");
        assertThatThrownBy(() -> WindowOptions.requireDisplay(java.util.Map.of(), linux))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no display to open the window on: neither DISPLAY nor WAYLAND_DISPLAY is set")
                .hasMessageContaining("xvfb-run -a defl-workbench");
        assertThatCode(() -> WindowOptions.requireDisplay(java.util.Map.of("DISPLAY", ":99"), linux)).doesNotThrowAnyException();
        assertThatCode(() -> WindowOptions.requireDisplay(java.util.Map.of("WAYLAND_DISPLAY", "wayland-0"), linux))
                .doesNotThrowAnyException();
        java.util.Properties monocle = new java.util.Properties();
        monocle.setProperty("os.name", "Linux");
        monocle.setProperty("glass.platform", "Monocle");
        assertThatCode(() -> WindowOptions.requireDisplay(java.util.Map.of(), monocle)).doesNotThrowAnyException();
    }
}
