package dev.defl.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code defl} with window options only ({@link WindowOptions#onlyWindowOptions}): parsed without building the
 * sub-command tree of {@link DeflCommand}, which loads most of the engine's classes, so that the window's first
 * frame comes sooner.
 */
@Command(name = "defl")
final class WindowCommand implements Callable<Integer> {

    @Mixin
    WindowOptions window;

    @Override
    public Integer call() {
        return window.launch();
    }

    /** Parses {@code args} (window options only) and opens the window; returns the exit code. */
    static int execute(String... args) {
        CommandLine cli = new CommandLine(new WindowCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("defl: error: " + CliErrors.oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }
}
