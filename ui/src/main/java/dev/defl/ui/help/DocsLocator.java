package dev.defl.ui.help;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the user documentation bundled with the workbench, offline: {@code README.md} next to the program in a source
 * checkout or unpacked build (the directories above the jar or classes directory: {@code app/target/defl.jar →
 * ./README.md}), then the Debian package's copy {@code /usr/share/doc/defl-workbench/README.md} (packaging/linux
 * installs it there), then {@code README.md} in the working directory.
 */
public final class DocsLocator {

    /** Where the .deb installs the README ({@code packaging/linux/assemble-deb.sh}). */
    public static final Path INSTALLED = Path.of("/usr/share/doc/defl-workbench/README.md");
    /** How many directories above the program's location are searched. */
    private static final int LEVELS = 4;

    private DocsLocator() {}

    /** The places searched, in order (absolute paths; they need not exist). */
    public static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        programLocation().ifPresent(p -> {
            Path dir = Files.isDirectory(p) ? p : p.getParent();
            for (int i = 0; i < LEVELS && dir != null; i++, dir = dir.getParent()) out.add(dir.resolve("README.md"));
        });
        out.add(INSTALLED);
        out.add(Path.of(System.getProperty("user.dir", ".")).toAbsolutePath().resolve("README.md"));
        return out;
    }

    /** The first of {@link #candidates()} that is a readable file, or empty. */
    public static Optional<Path> find() {
        return find(candidates());
    }

    /** The first of {@code places} that is a readable regular file, or empty. */
    static Optional<Path> find(List<Path> places) {
        return places.stream().filter(p -> Files.isRegularFile(p) && Files.isReadable(p)).findFirst();
    }

    /** The jar or classes directory this class was loaded from, when the class loader says. */
    private static Optional<Path> programLocation() {
        try {
            var source = DocsLocator.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return Optional.empty();
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
