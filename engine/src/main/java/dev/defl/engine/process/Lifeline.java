package dev.defl.engine.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Wraps a command so that it cannot outlive this JVM. The command runs under a {@code /bin/sh} supervisor whose
 * standard input is the pipe {@link ProcessBuilder} opens from this JVM (leave {@code redirectInput} at its default,
 * {@code PIPE}). When the pipe closes — the JVM exits, is killed with SIGKILL, or the caller closes
 * {@link Process#getOutputStream()} — the supervisor sends the command SIGTERM and exits with its status once it
 * ended. A SIGTERM, SIGINT or SIGHUP to the supervisor ({@link Process#destroy()}) is passed on to the command the
 * same way. The command itself reads {@code /dev/null}.
 *
 * <p>POSIX only ({@code /bin/sh}, {@code kill}); the Windows launcher needs a job object instead.
 */
public final class Lifeline {
    /**
     * The supervisor: runs the command (its arguments after the pid file and the owner) in the background, writes
     * {@code "<child pid> <owner pid>"} to the pid file (atomically, unless it is {@code -}), and sends the child
     * SIGTERM when its own standard input reaches end-of-file or it is sent SIGTERM/SIGINT/SIGHUP; exits with the
     * child's status. The watcher reads a copy (fd 3) of stdin because a background list's stdin is /dev/null in a
     * shell without job control.
     */
    private static final String SCRIPT = String.join("\n",
            "pidfile=$1; owner=$2; shift 2",
            "exec 3<&0",
            "\"$@\" </dev/null 3<&- &",
            "child=$!",
            "[ \"$pidfile\" = - ] || { echo \"$child $owner\" > \"$pidfile.tmp\" && mv -f \"$pidfile.tmp\" \"$pidfile\"; }",
            "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT HUP",
            "{ while read -r _ <&3; do :; done; kill -TERM \"$child\" 2>/dev/null; } &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$child\"",
            "status=$?",
            // a trapped signal interrupts wait: wait again until the child really ended
            "while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; status=$?; done",
            "kill \"$watcher\" 2>/dev/null",
            "exit $status");

    private Lifeline() {
    }

    /**
     * The command line that runs {@code command} under the supervisor.
     *
     * @param name    the supervisor's {@code $0}, which marks it in {@code ps} (e.g. {@code defl-anvil-supervisor})
     * @param pidFile where the supervisor writes the child's pid and this JVM's pid, or null for none
     * @param command the program and its arguments
     * @throws IllegalArgumentException if the command is empty
     */
    public static List<String> wrap(String name, Path pidFile, List<String> command) {
        Objects.requireNonNull(name, "name");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> line = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, name,
                pidFile == null ? "-" : pidFile.toString(), Long.toString(ProcessHandle.current().pid())));
        line.addAll(command);
        return line;
    }

    /**
     * Stops a process started with {@link #wrap}: closes its lifeline (the supervisor sends the command SIGTERM),
     * waits up to {@code graceSeconds} for the supervisor to exit (it exits after the command), then kills the
     * supervisor's descendants and the supervisor. Never throws; keeps the thread's interrupt status.
     *
     * @param graceSeconds how long the command may take to stop cleanly, in seconds
     */
    public static void stop(Process supervisor, long graceSeconds) {
        try {
            supervisor.getOutputStream().close();
        } catch (java.io.IOException e) {
            supervisor.destroy(); // the pipe is gone already; the signal goes the other way
        }
        try {
            if (supervisor.waitFor(graceSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
        supervisor.destroyForcibly();
    }
}
