package dev.defl.ui.help;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What Help → About shows: the version and where the workbench keeps its files.
 *
 * @param version       e.g. {@code "0.9.0"}, or {@code "development build"} when the jar carries no version
 * @param dataDirectory the data directory (content store, chain state, settings), or null when not known yet
 * @param logs          where the logs go, one line each (files as absolute paths; "standard error" for the console)
 */
public record AppInfo(String version, Path dataDirectory, List<String> logs) {

    public AppInfo {
        Objects.requireNonNull(version, "version");
        logs = List.copyOf(logs);
    }

    /** Before the app described itself (tests, a window built without the app): no directory, logs on stderr. */
    public static AppInfo unknown() {
        return new AppInfo("development build", null, List.of("standard error of the workbench process"));
    }
}
