package dev.defl.app;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the {@code account} commands get a keystore password: {@code --password-file F} (its first
 * line), {@code --password-env VAR} (the variable's value), else the console ({@code readPassword},
 * no echo). Never a command-line value: that lands in shell history and {@code ps}.
 */
final class PasswordOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the password from the first line of FILE (instead of asking on the console).")
        Path file;

        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Read the password from environment variable VAR (instead of asking on the console).")
        String variable;
    }

    /**
     * The password of an existing key (asked once on the console).
     *
     * @throws IllegalArgumentException naming the file or variable when it gives no password, or when
     *                                  there is no console to ask on
     */
    char[] existing(String what) {
        return read(what, false, root());
    }

    /**
     * As {@link #existing(String)}, reading {@code --password-env} through {@code root}'s environment: for a
     * {@code PasswordOption} mixed into another mixin ({@link NetworkOption}), whose picocli spec is that mixin's own
     * and has no path to the command line's root.
     */
    char[] existing(String what, DeflCommand root) {
        return read(what, false, root);
    }

    /**
     * A password for a new key: on the console it is asked twice and must match.
     *
     * @throws IllegalArgumentException as {@link #existing(String)}, and when the two entries differ
     */
    char[] fresh(String what) {
        return read(what, true, root());
    }

    private DeflCommand root() {
        if (mixee.root().userObject() instanceof DeflCommand root) return root;
        throw new IllegalStateException("PasswordOption is mixed into " + mixee.userObject().getClass().getSimpleName()
                + ", not a command: pass the root command (existing(what, root))");
    }

    private char[] read(String what, boolean confirm, DeflCommand root) {
        if (source != null && source.file != null) {
            return fromFile(source.file);
        }
        if (source != null && source.variable != null) {
            String value = root.environment.apply(source.variable);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + source.variable
                        + " (named by --password-env) is not set or empty");
            }
            return value.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no console to ask for the password; use --password-file FILE or "
                    + "--password-env VAR");
        }
        char[] first = console.readPassword("Password for %s: ", what);
        if (first == null || first.length == 0) {
            throw new IllegalArgumentException("no password entered");
        }
        if (confirm) {
            char[] second = console.readPassword("Repeat the password: ");
            boolean same = Arrays.equals(first, second);
            if (second != null) Arrays.fill(second, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two passwords differ");
            }
        }
        return first;
    }

    private static char[] fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--password-file: no such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--password-file: cannot read " + file + ": " + e.getMessage(), e);
        }
        String line = text.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--password-file: the first line of " + file + " is empty");
        }
        return line.toCharArray();
    }
}
