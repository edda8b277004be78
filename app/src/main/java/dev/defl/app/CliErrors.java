package dev.defl.app;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns a failure into the one line the CLI prints. */
final class CliErrors {

    private CliErrors() {}

    /** The deepest helpful message of {@code e}'s cause chain, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message;
        if (t instanceof NoSuchFileException n) message = "no such file: " + n.getFile();
        else if (t instanceof AccessDeniedException a) message = "permission denied: " + a.getFile();
        else message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
