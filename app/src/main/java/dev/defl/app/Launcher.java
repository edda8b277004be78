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
        System.exit(DeflCommand.executeAsProcess(args));
    }
}
