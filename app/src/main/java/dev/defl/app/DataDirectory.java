package dev.defl.app;

import java.nio.file.Path;

/** Where a peer keeps its content store and chain state when {@code --data-dir} is not given. */
final class DataDirectory {

    private DataDirectory() {}

    /** {@code $DEFL_DATA_DIR}, else {@code $XDG_DATA_HOME/defl-workbench}, else {@code ~/.local/share/defl-workbench}. */
    static Path defaultPath() {
        String explicit = System.getenv("DEFL_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("defl-workbench");
    }
}
