package dev.defl.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One in-process {@code defl} invocation with stdout and stderr captured, for the CLI tests.
 *
 * @param exitCode    the command's exit code
 * @param stdoutBytes what it wrote to stdout, as bytes (content commands write binary)
 * @param stderr      what it wrote to stderr
 */
record CliOutcome(int exitCode, byte[] stdoutBytes, String stderr) {

    /** stdout as UTF-8 text. */
    String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    /** stdout's lines. */
    List<String> lines() {
        return stdout().lines().toList();
    }

    /** Runs {@code defl args} with the process environment. */
    static CliOutcome defl(String... args) {
        return defl(System::getenv, args);
    }

    /** Runs {@code defl args} with exactly {@code environment} as its environment. */
    static CliOutcome defl(Map<String, String> environment, String... args) {
        return defl(environment::get, args);
    }

    private static synchronized CliOutcome defl(Function<String, String> environment, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = DeflCommand.execute(environment, args);
            return new CliOutcome(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
