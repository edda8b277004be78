package dev.defl.app;

import dev.defl.engine.workspace.DataDirLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl --smoke-screenshot FILE --startup-report} in a child JVM, headless (Monocle, software rendering): the
 * real window on a real workspace (embedded store, anvil, DJL).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WindowSmokeTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Outcome window(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k",
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(200, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void smokeWaitsUntilEverythingIsReadySavesThePngAndExitsZero() throws Exception {
        Path png = dir.resolve("shots/window.png");
        Outcome o = window("--data-dir", dir.resolve("data").toString(), "--smoke-screenshot", png.toString(),
                "--startup-report");

        assertThat(o.exitCode()).as(o.stderr()).isZero();
        assertThat(o.stdout()).containsPattern("(?m)^startup first-frame \\d+$")
                .containsPattern("(?m)^startup ready \\d+$")
                .containsPattern("(?m)^smoke: ready in \\d+ ms, screenshot " + java.util.regex.Pattern.quote(png.toString()) + "$");
        long firstFrame = milestone(o.stdout(), "startup first-frame "), ready = milestone(o.stdout(), "startup ready ");
        assertThat(firstFrame).as("the window is painted before the chain is ready").isLessThan(ready);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(800);
    }

    @Test
    void aDataDirectoryInUseFailsTheSmokeTestNamingIt() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (DataDirLock held = DataDirLock.acquire(data, "WindowSmokeTest")) {
            Outcome o = window("--data-dir", data.toString(), "--smoke-screenshot", dir.resolve("w.png").toString());
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.stderr()).contains("smoke: the workspace failed: store (workspace failed: data directory " + data
                            + " is in use by another DeFL Workbench process").contains("WindowSmokeTest");
            assertThat(dir.resolve("w.png")).doesNotExist();
        }
    }

    private static long milestone(String stdout, String prefix) {
        return stdout.lines().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(prefix.length())))
                .findFirst().orElseThrow();
    }
}
