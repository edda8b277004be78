package dev.defl.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code defl}: with no sub-command opens the workbench window; {@code run} runs a federated
 * experiment headless; {@code cat}, {@code add}, {@code get}, {@code car export|import} and
 * {@code ipfs stat}, {@code pin add|rm|ls} and {@code gc} work on the embedded content store;
 * {@code account new|import|list|export} manages the keystore;
 * {@code bench content} measures content throughput against {@code openssl dgst -sha256};
 * {@code dataset publish|info|preview} publishes a dataset by CID;
 * {@code verify --task T} recomputes a task's finalized rounds from the chain and the content store.
 */
@Command(name = "defl", mixinStandardHelpOptions = true, versionProvider = DeflCommand.Version.class,
        description = "DeFL Workbench: decentralized federated learning with DJL, IPFS content and an Ethereum round contract.%n"
                + "Without a command, opens the workbench window.",
        subcommands = {RunCommand.class, CatCommand.class, AddCommand.class, GetCommand.class, CarCommand.class,
                IpfsCommand.class, PinCommand.class, GcCommand.class, BenchCommand.class, ChainCommand.class,
                AccountCommand.class, DatasetCommand.class, VerifyCommand.class, NodeCommand.class, TaskCommand.class,
                DemoCommand.class, RunsCommand.class, DpCommand.class, KeysCommand.class})
public final class DeflCommand implements Callable<Integer> {

    @CommandLine.Mixin
    WindowOptions window = new WindowOptions();

    /** Reads environment variables (secrets such as the pinning token come only from here). */
    final Function<String, String> environment;

    /**
     * Whether content streamed to stdout goes straight to file descriptor 1 (the process's own stdout, as
     * {@link Launcher} runs it) rather than through {@link System#out} (which tests capture).
     */
    final boolean ownsStdout;

    /** The command reading the process environment. */
    public DeflCommand() {
        this(System::getenv, false);
    }

    DeflCommand(Function<String, String> environment, boolean ownsStdout) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.ownsStdout = ownsStdout;
    }

    /** Where a command writes content to stdout: failing on a write error, see {@link StdoutStream}. */
    StdoutStream contentStdout() {
        return ownsStdout ? StdoutStream.fileDescriptor() : StdoutStream.checking(System.out);
    }

    @Override
    public Integer call() throws Exception {
        return window.launch();
    }

    /**
     * Parses and runs {@code args}; returns the exit code: 0 success, 1 a failure at run time
     * (reported as one line {@code <command>: error: ...} on stderr, e.g. {@code car import: error: ...}),
     * 2 bad usage, 141 when the reader of streamed stdout went away (a broken pipe; nothing on stderr).
     * Content goes to stdout through {@link System#out}.
     */
    public static int execute(String... args) {
        return execute(System::getenv, false, args);
    }

    /** As {@link #execute(String...)} for the process itself: content goes straight to file descriptor 1. */
    static int executeAsProcess(String... args) {
        return execute(System::getenv, true, args);
    }

    /** As {@link #execute(String...)}, reading environment variables from {@code environment} (for tests). */
    static int execute(Function<String, String> environment, String... args) {
        return execute(environment, false, args);
    }

    private static int execute(Function<String, String> environment, boolean ownsStdout, String... args) {
        CommandLine cli = new CommandLine(new DeflCommand(environment, ownsStdout));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (StdoutStream.isBrokenPipe(e)) {
                return StdoutStream.EXIT_BROKEN_PIPE; // as coreutils cat killed by SIGPIPE: no message
            }
            commandLine.getErr().println(commandName(commandLine) + ": error: " + CliErrors.oneLine(e));
            if (Boolean.getBoolean("defl.debug")) e.printStackTrace(commandLine.getErr());
            return 1;
        });
        cli.setExecutionStrategy(parseResult -> {
            // the data-directory lock names its holder by command: "in use by … (pid N: defl run, since …)"
            CommandLine last = parseResult.asCommandLineList().getLast();
            dev.defl.engine.workspace.Workspace.describeProcess("defl " + commandName(last));
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }

    /** The sub-command's name below {@code defl} ({@code "car import"}), or {@code "defl"} itself. */
    private static String commandName(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        String root = commandLine.getCommandSpec().root().name() + " ";
        return qualified.startsWith(root) ? qualified.substring(root.length()) : qualified;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DeflCommand.class.getPackage().getImplementationVersion();
            return new String[]{"DeFL Workbench " + (v != null ? v : "development build")};
        }
    }
}
