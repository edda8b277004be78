package dev.defl.app;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Separate {@code defl node} JVMs for the network tests: each started with this JVM's java and class path, logging to
 * {@code DIR/NAME.log} at INFO, and killed if this JVM goes away before {@link #stopAll} (a surefire timeout, Ctrl+C).
 * Also the peers' encrypted keystores and the waits that fail fast when a peer dies.
 */
final class NodeProcesses {
    /** One {@code defl node} process and its log file. */
    record Peer(String name, Process process, Path log) {
        String logText() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    private final Path dir;
    private final String password;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final Set<Peer> killed = ConcurrentHashMap.newKeySet();
    private final Thread killAll = new Thread(() -> peers.forEach(p -> p.process().destroyForcibly()), "kill-peers");

    /** Peers logging under {@code dir}, their keystores encrypted with {@code password}. */
    NodeProcesses(Path dir, String password) {
        this.dir = dir;
        this.password = password;
        Runtime.getRuntime().addShutdownHook(killAll);
    }

    /** Starts {@code defl node COMMON… ARGS…} as peer {@code name}. */
    Peer start(String name, String[] common, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "node"));
        command.addAll(List.of(common));
        command.addAll(args);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEFL_LOG_LEVEL", "INFO");
        Peer peer = new Peer(name, builder.start(), log);
        peers.add(peer);
        return peer;
    }

    /** The peers started, in start order. */
    List<Peer> peers() {
        return peers;
    }

    /** The peer started as {@code name}. */
    Peer peer(String name) {
        return peers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** Kills {@code name} with SIGKILL (waiting for it); {@link #waitFor} then expects it dead. */
    Peer kill(String name) throws InterruptedException {
        Peer p = peer(name);
        killed.add(p);
        p.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return p;
    }

    /** Stops every peer (SIGTERM, then SIGKILL after 20 s). */
    void stopAll() throws InterruptedException {
        for (Peer p : peers) if (p.process().isAlive()) p.process().destroy();
        for (Peer p : peers) {
            if (!p.process().waitFor(20, TimeUnit.SECONDS)) p.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killAll);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /** The keystore file of {@code account} under {@code DIR/keys}, written on first use. */
    Path keystore(Credentials account) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path file = keys.resolve(account.getAddress().toLowerCase(Locale.ROOT) + ".json");
        if (!Files.exists(file)) {
            String name = WalletUtils.generateWalletFile(password, account.getEcKeyPair(), keys.toFile(), false);
            Files.move(keys.resolve(name), file);
        }
        return file;
    }

    /**
     * Waits until {@code condition} holds, polling every 200 ms.
     *
     * @throws AssertionError after {@code limit}, or at once when a peer not {@link #kill}ed exited non-zero (with its
     *     log)
     */
    void waitFor(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            for (Peer p : peers) {
                if (!killed.contains(p) && !p.process().isAlive() && p.process().exitValue() != 0) {
                    throw new AssertionError(p.name() + " exited with " + p.process().exitValue() + " while waiting for "
                            + what + ":\n" + p.logText());
                }
            }
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + limit + " waiting for " + what);
            Thread.sleep(200);
        }
    }

    /** The {@code key=value} lines of a command's output. */
    static Map<String, String> keyValues(String text) {
        Map<String, String> m = new HashMap<>();
        text.lines().filter(l -> l.contains("=")).forEach(l -> m.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return m;
    }
}
