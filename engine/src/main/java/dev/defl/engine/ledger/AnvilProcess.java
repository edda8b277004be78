package dev.defl.engine.ledger;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A managed anvil dev chain (Foundry's local Ethereum node, npm {@code @foundry-rs/anvil-linux-amd64}).
 *
 * <p>Anvil listens on {@code 127.0.0.1}, uses chain id {@value #CHAIN_ID}, funds {@value #ACCOUNTS}
 * accounts derived from the default mnemonic (see {@link DevAccounts}) and keeps its chain in a
 * state file: loaded at start, written every second ({@code --state-interval 1}) and on SIGTERM.
 * Its stdout and stderr go to {@code <stateFile>.log} next to the state file; anvil runs with
 * {@code --quiet} (its banner lists private keys), so the log holds its errors only.
 *
 * <p>{@link #close()} sends SIGTERM so anvil writes the state file, waits up to
 * {@value #STOP_TIMEOUT_SECONDS} s, then kills it.
 *
 * <p><b>Never outliving its owner.</b> Anvil runs under a {@link dev.defl.engine.process.Lifeline}: a small {@code /bin/sh} supervisor whose standard input is a
 * pipe from this JVM. However the JVM ends — {@link #close()}, a shutdown hook, or {@code kill -9}, which runs no hook —
 * the kernel closes the pipe; the supervisor reads end-of-file and sends anvil SIGTERM, so anvil writes its state once
 * more and exits. Anvil's pid and its owner's are kept in {@code <stateFile>.pid}. Before starting, {@link #start}
 * looks for an anvil still running with the same {@code --state} (the pid file, then every process's command line):
 * one whose owner is gone (an orphan, e.g. left by a workbench before this supervisor existed) is stopped, since it
 * would keep overwriting the state file under the new chain; one whose owner is still running is refused.
 */
public final class AnvilProcess implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AnvilProcess.class);
    /** Chain id of the dev chain (anvil's default). */
    public static final long CHAIN_ID = 31337;
    /** Funded accounts anvil creates, indices 0 .. ACCOUNTS-1 of {@link DevAccounts#account(int)}. */
    public static final int ACCOUNTS = 128;
    /** System property naming the anvil binary; overrides every other place. */
    public static final String BINARY_PROPERTY = "defl.anvil";
    /** Environment variable naming the anvil binary. */
    public static final String BINARY_ENV = "DEFL_ANVIL";
    /** Path of the binary inside the npm toolchain, relative to the repository root. */
    public static final String NPM_BINARY = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final String INSTALL_HINT =
            "install it with `npm ci` in the repository root (package @foundry-rs/anvil-linux-amd64), "
                    + "reinstall the defl-workbench package (it ships anvil beside the app's jars), "
                    + "or set -D" + BINARY_PROPERTY + "=/path/to/anvil or " + BINARY_ENV + "=/path/to/anvil";

    /** {@code $0} of the supervisor shell, which marks it in {@code ps}. */
    static final String SUPERVISOR_NAME = "defl-anvil-supervisor";

    private final Process process; // the supervisor
    private final ProcessHandle anvilProcess;
    private final Path pidFile;
    private final int port;
    private final Path stateFile;
    private final Path logFile;
    /** Stops anvil when the JVM exits without {@link #close()} (Ctrl+C, SIGTERM), so no chain outlives its owner. */
    private final Thread shutdownHook;

    private AnvilProcess(Process process, ProcessHandle anvilProcess, Path pidFile, int port, Path stateFile, Path logFile) {
        this.process = process;
        this.anvilProcess = anvilProcess;
        this.pidFile = pidFile;
        this.port = port;
        this.stateFile = stateFile;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stop, "anvil-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts anvil with the state in {@code stateFile} (created on first stop; loaded when present)
     * and waits until it answers {@code eth_chainId}.
     *
     * @param stateFile JSON state file of the chain; its parent directory is created if missing
     * @param port TCP port on 127.0.0.1, or 0 to pick a free one
     * @throws AnvilUnavailableException when no binary is found, anvil exits early or does not answer
     *     within 30 s (the message includes the end of its log), or another live process's anvil runs on this state
     *     file (an orphaned one, whose owner died, is stopped first; see the class comment)
     */
    public static AnvilProcess start(Path stateFile, int port) {
        return start(stateFile, port, 0);
    }

    /**
     * As {@link #start(Path, int)}, mining a block every {@code blockTimeSeconds} (anvil {@code --block-time}) instead
     * of one per transaction: deadlines counted in blocks then pass with wall time, as on a public chain, which a
     * network of peers whose rounds close at a deadline needs.
     *
     * @param blockTimeSeconds seconds between blocks, or 0 to mine one block per transaction (automine)
     */
    public static AnvilProcess start(Path stateFile, int port, int blockTimeSeconds) {
        Objects.requireNonNull(stateFile, "stateFile");
        if (blockTimeSeconds < 0) throw new IllegalArgumentException("block time must be >= 0 s, not " + blockTimeSeconds);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        Path binary = locateBinary();
        Path state = stateFile.toAbsolutePath().normalize();
        Path log = state.resolveSibling(state.getFileName() + ".log");
        Path pidFile = state.resolveSibling(state.getFileName() + ".pid");
        stopOrphans(state, pidFile);
        int chosenPort = port == 0 ? freePort() : port;
        List<String> command = new java.util.ArrayList<>(List.of(
                binary.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(chosenPort),
                "--chain-id", Long.toString(CHAIN_ID),
                "--accounts", Integer.toString(ACCOUNTS),
                "--mnemonic", DevAccounts.MNEMONIC,
                "--state", state.toString(),
                "--state-interval", "1",
                // no start-up banner: it prints the accounts' private keys; errors are still written
                "--quiet"));
        if (blockTimeSeconds > 0) command.addAll(List.of("--block-time", Integer.toString(blockTimeSeconds)));
        command = dev.defl.engine.process.Lifeline.wrap(SUPERVISOR_NAME, pidFile, command);
        Process process;
        try {
            Files.createDirectories(state.getParent());
            Files.deleteIfExists(pidFile);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start(); // stdin stays a pipe from this JVM: the supervisor's lifeline
        } catch (IOException e) {
            throw new AnvilUnavailableException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        ProcessHandle child;
        try {
            child = awaitChild(process, pidFile, log);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        AnvilProcess anvil = new AnvilProcess(process, child, pidFile, chosenPort, state, log);
        try {
            anvil.awaitRpc();
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
        return anvil;
    }

    /** Waits for the supervisor to write anvil's pid into {@code pidFile}; the handle of that process. */
    private static ProcessHandle awaitChild(Process supervisor, Path pidFile, Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<long[]> pids = readPidFile(pidFile);
            if (pids.isPresent()) {
                Optional<ProcessHandle> child = ProcessHandle.of(pids.get()[0]);
                if (child.isPresent()) return child.get();
                String status = "";
                try {
                    if (supervisor.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) status = " with status " + supervisor.exitValue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AnvilUnavailableException("anvil exited" + status + " before answering; log " + log
                        + ":\n" + tail(log));
            }
            if (!supervisor.isAlive()) {
                throw new AnvilUnavailableException("anvil's supervisor exited with status " + supervisor.exitValue()
                        + " before starting anvil; log " + log + ":\n" + tail(log));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnvilUnavailableException("interrupted while starting anvil", e);
            }
        }
        throw new AnvilUnavailableException("anvil's supervisor wrote no pid to " + pidFile + " within "
                + START_TIMEOUT_SECONDS + " s");
    }

    /** The pid file's {@code anvilPid ownerPid}, if it holds them. */
    private static Optional<long[]> readPidFile(Path pidFile) {
        try {
            String[] words = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split("\\s+");
            if (words.length != 2) return Optional.empty();
            return Optional.of(new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])});
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops every anvil still running on {@code state} whose owner is gone, and refuses when a live process owns one.
     * An anvil is found by the pid file and by scanning every process's command line for anvil with
     * {@code --state <state>}. Its owner is the JVM the pid file names, else the parent of its supervisor (or its own
     * parent): alive and a Java process (the JVM or a jpackage launcher) means in use.
     *
     * @throws AnvilUnavailableException naming the pids when a live process's anvil runs on {@code state}, or an
     *     orphan does not stop within 20 s
     */
    static void stopOrphans(Path state, Path pidFile) {
        java.util.Set<ProcessHandle> found = new java.util.LinkedHashSet<>();
        readPidFile(pidFile).flatMap(p -> ProcessHandle.of(p[0])).filter(p -> runsAnvilOn(p, state)).ifPresent(found::add);
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self && runsAnvilOn(p, state)).forEach(found::add);
        for (ProcessHandle anvil : found) {
            Optional<ProcessHandle> supervisor = anvil.parent().filter(AnvilProcess::isSupervisor);
            Optional<ProcessHandle> owner = (supervisor.isPresent() ? supervisor.get() : anvil).parent()
                    .filter(ProcessHandle::isAlive).filter(AnvilProcess::isJava);
            if (owner.isPresent()) {
                throw new AnvilUnavailableException("chain state " + state + " is in use by anvil (pid " + anvil.pid()
                        + ") of process " + owner.get().pid() + " (" + owner.get().info().commandLine().orElse("?")
                        + "); stop that process first");
            }
            log.warn("stopping anvil (pid {}) still writing {}: the process that started it is gone, and it would "
                    + "overwrite the chain state under a new chain", anvil.pid(), state);
            supervisor.ifPresent(ProcessHandle::destroy);
            anvil.destroy(); // SIGTERM: it saves the state once more, then exits
            if (!awaitExit(anvil, STOP_TIMEOUT_SECONDS)) {
                anvil.destroyForcibly();
                if (!awaitExit(anvil, STOP_TIMEOUT_SECONDS)) {
                    throw new AnvilUnavailableException("orphaned anvil (pid " + anvil.pid() + ") on " + state
                            + " did not stop after SIGKILL");
                }
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, long seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Whether {@code process} is an anvil (not its supervisor) started with {@code --state <state>}. */
    static boolean runsAnvilOn(ProcessHandle process, Path state) {
        ProcessHandle.Info info = process.info();
        Optional<String> command = info.command();
        Optional<String[]> arguments = info.arguments();
        if (command.isEmpty() || arguments.isEmpty() || !Path.of(command.get()).getFileName().toString().startsWith("anvil")) {
            return false;
        }
        String[] args = arguments.get();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--state") && Path.of(args[i + 1]).toAbsolutePath().normalize().equals(state)) return true;
        }
        return false;
    }

    private static boolean isSupervisor(ProcessHandle process) {
        return process.info().arguments().map(a -> List.of(a).contains(SUPERVISOR_NAME)).orElse(false);
    }

    private static boolean isJava(ProcessHandle process) {
        String command = process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("");
        return command.equals("java") || command.startsWith("defl");
    }

    /** JSON-RPC endpoint, e.g. {@code http://127.0.0.1:8545}. */
    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** TCP port anvil listens on. */
    public int port() {
        return port;
    }

    /** Absolute path of the state file. */
    public Path stateFile() {
        return stateFile;
    }

    /** Absolute path of the log file holding anvil's stdout and stderr ({@code <stateFile>.log}). */
    public Path logFile() {
        return logFile;
    }

    /**
     * Sets the balance of {@code address} on this dev chain ({@code anvil_setBalance}, an anvil/Hardhat
     * method no production node has), e.g. to fund a keystore account.
     *
     * @param address 0x-address
     * @param wei     the new balance, in wei (1 ether = 10^18 wei)
     * @throws AnvilUnavailableException when anvil does not answer or answers with an error
     * @throws IllegalArgumentException for a malformed address or a negative balance
     */
    public void fund(String address, BigInteger wei) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(wei, "wei");
        if (!address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not an Ethereum address (0x + 40 hex digits): " + address);
        }
        if (wei.signum() < 0) {
            throw new IllegalArgumentException("balance must be >= 0 wei, got " + wei);
        }
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setBalance\",\"params\":[\""
                + address + "\",\"0x" + wei.toString(16) + "\"]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = PlainHttpClients.javaClient(Duration.ofSeconds(10))) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"result\"")) {
                throw new AnvilUnavailableException("anvil_setBalance of " + address + " at " + rpcUrl()
                        + " failed: HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new AnvilUnavailableException("anvil_setBalance of " + address + " at " + rpcUrl() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnvilUnavailableException("interrupted while funding " + address + " at " + rpcUrl(), e);
        }
    }

    /** Whether the anvil process is still running. */
    public boolean isAlive() {
        return anvilProcess.isAlive();
    }

    /** Anvil's process id (its supervisor's child). */
    public long pid() {
        return anvilProcess.pid();
    }

    /**
     * Stops anvil with SIGTERM so that it writes its state file; after 10 s it is killed (the state
     * then holds what the last periodic write saved, at most ~1 s old).
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to run stop() itself
        }
        stop();
    }

    private void stop() {
        try {
            // end-of-file on the supervisor's stdin: it sends anvil SIGTERM (anvil saves the state) and waits for it
            process.getOutputStream().close();
        } catch (IOException e) {
            anvilProcess.destroy();
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                anvilProcess.destroyForcibly();
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            if (anvilProcess.isAlive()) { // the supervisor died on its own (killed), its child did not
                anvilProcess.destroy();
                if (!awaitExit(anvilProcess, STOP_TIMEOUT_SECONDS)) anvilProcess.destroyForcibly();
            }
        } catch (InterruptedException e) {
            anvilProcess.destroyForcibly();
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            if (!anvilProcess.isAlive()) Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", pidFile, e.toString());
        }
    }

    /**
     * Finds the anvil binary; see {@link #locateBinary(Properties, Map, Path, Path)} for the search order,
     * here with the JVM's system properties, environment, working directory and {@link #codeDirectory()}.
     *
     * @throws AnvilUnavailableException listing every place searched and how to install anvil
     */
    public static Path locateBinary() {
        return locateBinary(System.getProperties(), System.getenv(), Path.of("").toAbsolutePath(), codeDirectory());
    }

    /**
     * As {@link #locateBinary(Properties, Map, Path, Path)} with no code directory (tests that must not find the
     * running build's own toolchain).
     */
    public static Path locateBinary(Properties systemProperties, Map<String, String> environment, Path workingDir) {
        return locateBinary(systemProperties, environment, workingDir, null);
    }

    /**
     * The directory the running engine's code was loaded from: the directory holding the engine jar (the installed
     * package's {@code lib/app}, or {@code app/target/lib} of a source build), or the class directory itself when
     * running from {@code engine/target/classes}; {@code null} when the JVM does not say (no code source).
     */
    public static Path codeDirectory() {
        try {
            var source = AnvilProcess.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return null;
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (RuntimeException | java.net.URISyntaxException e) {
            log.debug("no code location for the anvil search: {}", e.toString());
            return null;
        }
    }

    /**
     * Finds the anvil binary in this order: system property {@value #BINARY_PROPERTY} (when set, it
     * must name an executable file: no other place is tried), environment variable
     * {@value #BINARY_ENV} (same rule), {@value #NPM_BINARY} under the directory in the system property
     * {@code defl.root}; then, relative to {@code codeDir} (where the running app's jars are): {@code anvil} in
     * {@code codeDir} itself (the installed package ships it beside the jars) and {@value #NPM_BINARY} under
     * {@code codeDir} and each of its parents (a source build started from any directory); then
     * {@value #NPM_BINARY} under {@code workingDir} and each of its parents, then {@code anvil} in
     * each directory of the environment's {@code PATH}.
     *
     * @param codeDir directory of the running app's code (see {@link #codeDirectory()}), or {@code null} to skip
     * @throws AnvilUnavailableException listing every place searched and how to install anvil
     */
    public static Path locateBinary(Properties systemProperties, Map<String, String> environment, Path workingDir,
            Path codeDir) {
        String property = systemProperties.getProperty(BINARY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return explicit(Path.of(property), "system property " + BINARY_PROPERTY);
        }
        String env = environment.get(BINARY_ENV);
        if (env != null && !env.isBlank()) {
            return explicit(Path.of(env), "environment variable " + BINARY_ENV);
        }
        List<Path> candidates = new ArrayList<>();
        String root = systemProperties.getProperty("defl.root");
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root).toAbsolutePath().resolve(NPM_BINARY));
        }
        if (codeDir != null) {
            Path code = codeDir.toAbsolutePath().normalize();
            candidates.add(code.resolve("anvil"));
            for (Path dir = code; dir != null; dir = dir.getParent()) {
                candidates.add(dir.resolve(NPM_BINARY));
            }
        }
        for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve(NPM_BINARY));
        }
        String path = environment.get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir).resolve("anvil"));
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        StringBuilder message = new StringBuilder("anvil binary not found; looked at: system property ")
                .append(BINARY_PROPERTY).append(" (not set), environment variable ").append(BINARY_ENV)
                .append(" (not set)");
        if (root == null || root.isBlank()) {
            message.append(", system property defl.root (not set)");
        }
        for (Path candidate : candidates) {
            message.append(", ").append(candidate);
        }
        if (codeDir == null) {
            message.append(", the app's code directory (unknown)");
        }
        if (path == null) {
            message.append(", PATH (not set)");
        }
        throw new AnvilUnavailableException(message.append(". To fix: ").append(INSTALL_HINT).toString());
    }

    private static Path explicit(Path binary, String source) {
        if (!Files.isRegularFile(binary)) {
            throw new AnvilUnavailableException(source + " points to " + binary.toAbsolutePath()
                    + ", which does not exist or is not a file; no other place was searched. To fix: "
                    + "correct or unset it, or " + INSTALL_HINT);
        }
        if (!Files.isExecutable(binary)) {
            throw new AnvilUnavailableException(source + " points to " + binary.toAbsolutePath()
                    + ", which is not executable (chmod +x it)");
        }
        return binary;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on 127.0.0.1", e);
        }
    }

    private void awaitRpc() {
        HttpClient http = PlainHttpClients.javaClient(Duration.ofSeconds(1));
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        IOException last = null;
        try (http) {
            while (System.nanoTime() < deadline) {
                if (!anvilProcess.isAlive()) {
                    String status = process.waitFor(1, TimeUnit.SECONDS) ? " with status " + process.exitValue() : "";
                    throw new AnvilUnavailableException("anvil exited" + status
                            + " before answering at " + rpcUrl() + "; log " + logFile + ":\n" + logTail());
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"result\"")) {
                        return;
                    }
                } catch (IOException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnvilUnavailableException("interrupted while waiting for anvil at " + rpcUrl(), e);
        }
        throw new AnvilUnavailableException("anvil did not answer eth_chainId at " + rpcUrl() + " within "
                + START_TIMEOUT_SECONDS + " s (last error: " + last + "); log " + logFile + ":\n" + logTail(), last);
    }

    private String logTail() {
        return tail(logFile);
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
