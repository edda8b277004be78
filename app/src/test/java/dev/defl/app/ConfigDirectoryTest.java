package dev.defl.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The XDG rules of {@link ConfigDirectory}: an explicit override, then {@code $XDG_CONFIG_HOME}, then {@code ~/.config}. */
class ConfigDirectoryTest {

    private final Map<String, String> env = new HashMap<>();

    private Path resolved() {
        return ConfigDirectory.resolve(env::get, "/home/ada");
    }

    @Test
    void unsetFallsBackToDotConfigInTheHomeDirectory() {
        assertThat(resolved()).isEqualTo(Path.of("/home/ada/.config/defl-workbench"));
    }

    @Test
    void xdgConfigHomeWhenSet() {
        env.put("XDG_CONFIG_HOME", "/srv/conf");
        assertThat(resolved()).isEqualTo(Path.of("/srv/conf/defl-workbench"));
    }

    @Test
    void blankVariablesCountAsUnset() {
        env.put("XDG_CONFIG_HOME", "  ");
        env.put("DEFL_CONFIG_DIR", "");
        assertThat(resolved()).isEqualTo(Path.of("/home/ada/.config/defl-workbench"));
    }

    @Test
    void deflConfigDirOverridesXdg() {
        env.put("XDG_CONFIG_HOME", "/srv/conf");
        env.put("DEFL_CONFIG_DIR", "/tmp/defl-conf");
        assertThat(resolved()).isEqualTo(Path.of("/tmp/defl-conf"));
    }
}
