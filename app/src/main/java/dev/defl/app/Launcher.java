package dev.defl.app;

/**
 * Entry point of {@code defl.jar}. Deliberately not a JavaFX {@code Application}, so that a
 * class-path launch (as {@code java -jar}) can start the JavaFX runtime later, and the CLI can
 * run without a display.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        RuntimeDefaults.apply();
        // the window's own options need no sub-command tree (whose classes take seconds to load on a busy machine)
        System.exit(WindowOptions.onlyWindowOptions(args) ? WindowCommand.execute(args) : DeflCommand.executeAsProcess(args));
    }
}
