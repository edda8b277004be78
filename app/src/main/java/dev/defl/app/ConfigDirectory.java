package dev.defl.app;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the window keeps a user's settings ({@code window.json}: size, position, selected tab), following the XDG
 * Base Directory Specification as {@link DataDirectory} does for data.
 */
final class ConfigDirectory {

    /** The file holding the window's size, position, maximized state and selected tab ({@code WindowStateFile}). */
    static final String WINDOW_FILE = "window.json";

    private ConfigDirectory() {}

    /** {@code $DEFL_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/defl-workbench}, else {@code ~/.config/defl-workbench}. */
    static Path defaultPath() {
        return resolve(System::getenv, System.getProperty("user.home"));
    }

    /**
     * The rule of {@link #defaultPath()} over {@code env} (a variable's value, or null when unset) and the home
     * directory {@code home}: a blank variable counts as unset, as the XDG specification asks.
     */
    static Path resolve(UnaryOperator<String> env, String home) {
        String explicit = env.apply("DEFL_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = env.apply("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config");
        return base.resolve("defl-workbench");
    }
}
