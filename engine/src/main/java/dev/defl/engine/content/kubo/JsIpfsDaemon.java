package dev.defl.engine.content.kubo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.defl.engine.process.Lifeline;

/**
 * A local js-ipfs node (npm {@code ipfs} 0.66.1, the {@code jsipfs} command) for tests and {@code defl demo network}:
 * a fresh repository in a directory of its own, offline (no bootstrap peers, no routing, no MDNS, no preload), every
 * listener on 127.0.0.1 at free ports. {@link #close()} asks it to shut down, then kills it, and always leaves no process
 * behind (a shutdown hook kills it when the JVM exits first). Facts this relies on: docs/STACK.md, "IPFS: a real node".
 */
public final class JsIpfsDaemon implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    /** Tries of {@link #start(Path, Path)} when a chosen port was taken before the daemon bound it. */
    private static final int START_ATTEMPTS = 3;
    /** What js-ipfs logs when a port it should listen on is taken. */
    private static final String PORT_IN_USE = "EADDRINUSE";

    private final Process process;
    private final Path home;
    private final URI apiUrl;
    private final URI gatewayUrl;
    private final Thread shutdownHook;

    private JsIpfsDaemon(Process process, Path home, URI apiUrl, URI gatewayUrl) {
        this.process = process;
        this.home = home;
        this.apiUrl = apiUrl;
        this.gatewayUrl = gatewayUrl;
        this.shutdownHook = new Thread(process::destroyForcibly, "jsipfs-kill-" + apiUrl.getPort());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Environment variable naming the jsipfs command. */
    public static final String JSIPFS_ENV = "DEFL_JSIPFS";

    /**
     * As {@link #start(Path, Path)} with the {@code jsipfs} under the repository root of the system property
     * {@code defl.root}, else the first {@code node_modules/.bin/jsipfs} from the working directory up (for tests).
     */
    public static JsIpfsDaemon start(Path home) throws IOException, InterruptedException {
        return start(locateJsipfs(), home);
    }

    /**
     * Finds the jsipfs command: {@code explicit} when given (it must be executable), else {@code $DEFL_JSIPFS}, else
     * {@code jsipfs} in a directory of {@code PATH}, else {@code node_modules/.bin/jsipfs} in {@code workingDir} or
     * one of its parents.
     *
     * @throws IOException listing every place searched
     */
    public static Path locate(Path explicit, java.util.Map<String, String> environment, Path workingDir) throws IOException {
        if (explicit != null) {
            if (!Files.isExecutable(explicit)) throw new IOException("jsipfs " + explicit + ": no such executable file");
            return explicit;
        }
        String env = environment.get(JSIPFS_ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isExecutable(p)) throw new IOException(JSIPFS_ENV + "=" + env + ": no such executable file");
            return p;
        }
        List<String> looked = new java.util.ArrayList<>();
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, "jsipfs");
            if (Files.isExecutable(candidate)) return candidate;
        }
        looked.add("jsipfs on PATH");
        for (Path dir = workingDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules/.bin/jsipfs");
            if (Files.isExecutable(candidate)) return candidate;
            looked.add(candidate.toString());
        }
        throw new IOException("jsipfs not found; looked at: " + JSIPFS_ENV + " (not set), " + String.join(", ", looked)
                + ". Install js-ipfs (`npm ci` in the source tree installs ipfs 0.66.1) and pass --jsipfs PATH, or "
                + "give a running node with --ipfs URL");
    }

    /**
     * Inits a repository in {@code home}/repo with {@code jsipfs}, configures it and starts the daemon; returns once its
     * API answers.
     *
     * @throws IOException if init fails, or the API does not answer within 40 s (the message quotes the end of the
     *                     daemon's log)
     */
    public static JsIpfsDaemon start(Path jsipfs, Path home) throws IOException, InterruptedException {
        Path repo = home.resolve("repo");
        Files.createDirectories(home);
        Path initLog = home.resolve("init.log");
        Process init = command(jsipfs, repo, initLog, "init", "--profile", "test", "--emptyRepo").start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new IOException("jsipfs init failed in " + repo + ": " + tail(initLog));
        }
        Path log = home.resolve("daemon.log");
        for (int attempt = 1; ; attempt++) {
            // three distinct ports, held open together while chosen (one at a time, the kernel may hand out the same)
            int[] ports = freePorts(3);
            int apiPort = ports[0];
            int gatewayPort = ports[2];
            configure(repo.resolve("config"), apiPort, ports[1], gatewayPort);
            Files.deleteIfExists(log);
            // under a lifeline: a JVM killed with SIGKILL (no shutdown hook) takes the node with it
            ProcessBuilder daemonCommand = command(jsipfs, repo, log, "daemon", "--enable-preload=false");
            daemonCommand.command(Lifeline.wrap("defl-jsipfs-supervisor", null, daemonCommand.command()));
            Process process = daemonCommand.start();
            JsIpfsDaemon daemon = new JsIpfsDaemon(process, home, URI.create("http://127.0.0.1:" + apiPort),
                    URI.create("http://127.0.0.1:" + gatewayPort));
            try {
                daemon.awaitApi(log);
                return daemon;
            } catch (IOException | RuntimeException | InterruptedException e) {
                daemon.close();
                // another process took a chosen port between the choice and the daemon's bind: choose again
                if (attempt < START_ATTEMPTS && !(e instanceof InterruptedException) && tail(log).contains(PORT_IN_USE)) {
                    continue;
                }
                throw e;
            }
        }
    }

    /** Base URL of the RPC API, {@code http://127.0.0.1:<port>}. */
    public URI apiUrl() {
        return apiUrl;
    }

    /** Base URL of the node's HTTP gateway ({@code Addresses.Gateway}), {@code http://127.0.0.1:<port>}. */
    public URI gatewayUrl() {
        return gatewayUrl;
    }

    /** A client of this node with the given timeout. */
    public KuboRpcClient client(Duration timeout) {
        return new KuboRpcClient(apiUrl, timeout);
    }

    /** The node's swarm address with its peer id, for {@link KuboRpcClient#swarmConnect}. */
    public String swarmAddress() throws IOException {
        try (KuboRpcClient client = client(Duration.ofSeconds(10))) {
            List<String> addresses = client.swarmAddrsLocal();
            if (addresses.isEmpty()) {
                throw new IOException("node " + apiUrl + " lists no swarm address");
            }
            return addresses.getFirst();
        }
    }

    private void awaitApi(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (KuboRpcClient client = client(Duration.ofSeconds(2))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("jsipfs daemon exited with status " + process.exitValue() + ": " + tail(log));
                }
                if (tail(log).contains(PORT_IN_USE)) {
                    throw new IOException("jsipfs daemon could not listen: " + tail(log));
                }
                try {
                    client.version();
                    return;
                } catch (KuboException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("jsipfs daemon API " + apiUrl + " did not answer within "
                                + START_TIMEOUT.toSeconds() + " s: " + tail(log), e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    /** Asks the node to shut down; kills it if it is still running after 10 s. Never throws. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try (KuboRpcClient client = client(Duration.ofSeconds(5))) {
                client.shutdown();
            } catch (IOException e) {
                // it may already be stopping, or hung: it is killed below
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    Lifeline.stop(process, 5);
                }
            } catch (InterruptedException e) {
                Lifeline.stop(process, 0);
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(home.resolve("repo").resolve("repo.lock"));
        } catch (IOException e) {
            // the temporary directory goes anyway
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook kills the process
        }
    }

    private static ProcessBuilder command(Path jsipfs, Path repo, Path log, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(jsipfs.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("IPFS_PATH", repo.toString());
        return builder;
    }

    /** API, swarm and gateway on 127.0.0.1 at the given ports; no gRPC, no bootstrap peers, no routing, no MDNS. */
    private static void configure(Path configFile, int apiPort, int swarmPort, int gatewayPort) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(configFile.toFile());
        ObjectNode addresses = config.withObject("/Addresses");
        addresses.put("API", "/ip4/127.0.0.1/tcp/" + apiPort);
        addresses.putArray("Swarm").add("/ip4/127.0.0.1/tcp/" + swarmPort);
        addresses.put("Gateway", "/ip4/127.0.0.1/tcp/" + gatewayPort);
        addresses.put("RPC", "");
        config.putArray("Bootstrap");
        config.withObject("/Routing").put("Type", "none");
        config.withObject("/Discovery").withObject("/MDNS").put("Enabled", false);
        config.withObject("/Discovery").withObject("/webRTCStar").put("Enabled", false);
        json.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
    }

    private static Path locateJsipfs() throws IOException {
        String root = System.getProperty("defl.root");
        Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules/.bin/jsipfs");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
            if (root != null) {
                break;
            }
        }
        throw new IOException("no node_modules/.bin/jsipfs under " + start
                + ": run `npm ci` in the repository root (package.json lists ipfs 0.66.1)");
    }

    /** {@code count} distinct free TCP ports on 127.0.0.1 (all sockets open at once while choosing). */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new java.util.ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a probe socket: nothing to recover
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
