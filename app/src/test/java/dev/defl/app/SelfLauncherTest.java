package dev.defl.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code defl demo network} starts child {@code defl} processes: a jpackage launcher, or the same java and class path. */
class SelfLauncherTest {
    @Test
    void aJpackageLauncherIsRunAsItIs(@TempDir Path dir) throws Exception {
        Path launcher = Files.createFile(dir.resolve("defl"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(SelfLauncher.prefix(launcher.toString(), launcher.toString(), "/opt/x/lib/runtime", "/opt/x/lib/app/defl.jar",
                List.of("-Ddefl.anvil=/a"))).containsExactly(launcher.toString());
        // no jpackage.app-path, but the process is not java: a native launcher of the app
        assertThat(SelfLauncher.prefix(null, "/opt/defl-workbench/bin/defl", "/opt/x/lib/runtime", "defl.jar", List.of()))
                .containsExactly("/opt/defl-workbench/bin/defl");
    }

    @Test
    void aJavaProcessStartsTheSameJavaWithItsClassPathMadeAbsolute() {
        List<String> prefix = SelfLauncher.prefix(null, "/usr/lib/jvm/jdk/bin/java", "/usr/lib/jvm/jdk", "app/target/defl.jar",
                List.of("-Ddefl.anvil=/x/anvil"));
        assertThat(prefix.getFirst()).isEqualTo("/usr/lib/jvm/jdk/bin/java");
        assertThat(prefix).contains("-Ddefl.anvil=/x/anvil", "--enable-native-access=ALL-UNNAMED")
                .endsWith("-cp", Path.of("app/target/defl.jar").toAbsolutePath().toString(), Launcher.class.getName());
        assertThat(SelfLauncher.prefix(null, null, "/usr/lib/jvm/jdk", "a.jar", List.of()).getFirst())
                .isEqualTo("/usr/lib/jvm/jdk/bin/java");
    }
}
