package dev.defl.app;

import dev.defl.engine.process.Lifeline;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevChainFunding;
import dev.defl.engine.ledger.ScryptCost;
import dev.defl.engine.ledger.StoredAccount;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code defl demo network}: the smallest network of peers on this machine, started, run, verified and stopped by one
 * command: a dev chain (anvil, a block a second), one js-ipfs node (or {@code --ipfs URL}), a task creator, 2 clients and
 * 2 aggregators, each peer a separate {@code defl} process with its own data directory and keystore, as the README's
 * "A network of peers" runs them by hand. It prints each finalized round and {@code defl verify}'s verdicts, and exits 0
 * when every round verified OK. Everything it started is stopped at the end, on an error, and on Ctrl+C or SIGTERM
 * (a shutdown hook); the working directory (temporary unless {@code --dir}) holds every peer's log.
 */
@Command(name = "network", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start a local network (a dev chain with a block a second, one js-ipfs node, a task creator, "
                + "2 clients and 2 aggregators as separate defl processes), run a small digits task, verify it and stop "
                + "everything. Exit code 0 when every round verified OK."})
final class DemoNetworkCommand implements Callable<Integer> {
    private static final String PASSWORD = "defl-demo";

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Working directory (chain state, IPFS repository, peers' data and logs); kept afterwards "
                    + "(default: a temporary directory, deleted at the end).")
    Path dir;

    @Option(names = "--jsipfs", paramLabel = "PATH",
            description = "The jsipfs command (default: $" + JsIpfsDaemon.JSIPFS_ENV + ", jsipfs on PATH, or "
                    + "node_modules/.bin/jsipfs in the working directory or a parent).")
    Path jsipfs;

    @Option(names = "--ipfs", paramLabel = "URL",
            description = "Use this running IPFS node's RPC API (e.g. http://127.0.0.1:5001) instead of starting js-ipfs.")
    String ipfsUrl;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "2", description = "Rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "200",
            description = "Training rows per client (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** One child {@code defl} process and its log. */
    private record Child(String name, Process process, Path log) {
        String tail() {
            try {
                String text = Files.readString(log, StandardCharsets.UTF_8).strip();
                return text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    private final List<Child> children = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PrintStream out = System.out;
    /** Set by the shutdown hook (Ctrl+C, SIGTERM). */
    private volatile boolean interrupted;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 20) throw new IllegalArgumentException("--rounds must be 1..20, not " + rounds);
        if (samples < 10) throw new IllegalArgumentException("--samples must be at least 10, not " + samples);
        if (timeoutSeconds < 30) throw new IllegalArgumentException("--timeout must be at least 30 s, not " + timeoutSeconds);
        Path jsipfsCommand = ipfsUrl != null ? null : JsIpfsDaemon.locate(jsipfs, System.getenv(), Path.of(""));
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("defl-demo-") : Files.createDirectories(dir).toAbsolutePath();
        Thread hook = new Thread(() -> {
            interrupted = true;
            out.println("demo: interrupted; stopping everything");
            out.flush();
            stopChildren();
        }, "defl-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        try {
            return run(work, jsipfsCommand, t0);
        } catch (Exception e) {
            if (interrupted) return 130; // the chain and the peers are going away under us: not an error of theirs
            throw e;
        } finally {
            stopChildren();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs stopChildren itself
            }
            if (temporary) deleteTree(work);
        }
    }

    private int run(Path work, Path jsipfsCommand, long t0) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path password = Files.writeString(work.resolve("password"), PASSWORD);
        out.println("demo: working in " + work + (dir == null ? " (deleted at the end)" : ""));
        try (AnvilProcess anvil = AnvilProcess.start(work.resolve("chain/state.json"), 0, 1);
             JsIpfsDaemon daemon = jsipfsCommand == null ? null : JsIpfsDaemon.start(jsipfsCommand, work.resolve("ipfs"));
             ChainConnection chain = ChainConnection.connect(anvil.rpcUrl())) {
            String ipfs = ipfsUrl != null ? ipfsUrl : daemon.apiUrl().toString();
            out.printf(Locale.ROOT, "demo: chain %s (a block a second), IPFS %s (%s)%n", anvil.rpcUrl(), ipfs,
                    daemon != null ? "js-ipfs, loopback only" : "given");

            Map<String, StoredAccount> accounts = new LinkedHashMap<>();
            for (String peer : List.of("creator", "client-0", "client-1", "aggregator-0", "aggregator-1")) {
                char[] secret = PASSWORD.toCharArray();
                StoredAccount account = AccountStore.open(work.resolve(peer), ScryptCost.LIGHT).create(secret);
                anvil.fund(account.address(), DevChainFunding.DEFAULT_WEI);
                accounts.put(peer, account);
            }
            out.println("demo: one funded keystore account per peer: " + accounts.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().address()).reduce((a, b) -> a + ", " + b).orElse(""));

            List<String> common = List.of("--chain", anvil.rpcUrl(), "--ipfs", ipfs, "--password-file", password.toString());
            List<String> create = new ArrayList<>(List.of("task", "create"));
            create.addAll(common);
            create.addAll(List.of("--keystore", accounts.get("creator").file().toString(),
                    "--data-dir", work.resolve("creator").toString(), "--dataset", "digits", "--model", "mlp",
                    "--rounds", Integer.toString(rounds), "--clients-per-round", "2", "--quorum", "2",
                    "--submission-blocks", "120", "--voting-blocks", "120", "--seed", "7",
                    "--client", accounts.get("client-0").address() + "," + accounts.get("client-1").address(),
                    "--aggregator", accounts.get("aggregator-0").address() + "," + accounts.get("aggregator-1").address()));
            Child creator = start("task-create", create, logs);
            if (!creator.process().waitFor(deadline(t0), TimeUnit.NANOSECONDS) || creator.process().exitValue() != 0) {
                throw new IllegalStateException("task create failed: " + creator.tail());
            }
            Map<String, String> created = keyValues(creator.log());
            String contract = created.get("contract");
            long task = Long.parseLong(created.get("task"));
            out.printf(Locale.ROOT, "demo: task %d on contract %s (%d rounds of 2 clients, quorum 2), created at +%.0f s%n",
                    task, contract, rounds, seconds(t0));

            List<String> peer = new ArrayList<>(common);
            peer.addAll(List.of("--contract", contract, "--task", Long.toString(task), "--poll-ms", "300"));
            for (int j = 0; j < 2; j++) {
                String name = "aggregator-" + j;
                List<String> args = new ArrayList<>(List.of("node", "--role", "aggregator"));
                args.addAll(peer);
                args.addAll(List.of("--keystore", accounts.get(name).file().toString(), "--data-dir", work.resolve(name).toString()));
                start(name, args, logs);
            }
            for (int i = 0; i < 2; i++) {
                String name = "client-" + i;
                List<String> args = new ArrayList<>(List.of("node", "--role", "client"));
                args.addAll(peer);
                args.addAll(List.of("--keystore", accounts.get(name).file().toString(), "--data-dir", work.resolve(name).toString(),
                        "--dataset", "digits", "--shard", i + "/2", "--samples", Integer.toString(samples)));
                start(name, args, logs);
            }
            out.println("demo: started 2 aggregators and 2 clients (logs in " + logs + ")");

            awaitCompletion(chain, TaskContract.at(chain, contract), task, t0);
            for (Child c : children) {
                if (c == creator) continue;
                if (!c.process().waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException(c.name() + " did not exit: " + c.tail());
                if (c.process().exitValue() != 0) {
                    throw new IllegalStateException(c.name() + " exited with " + c.process().exitValue() + ": " + c.tail());
                }
            }

            List<String> verify = new ArrayList<>(List.of("verify", "--task", Long.toString(task), "--contract", contract,
                    "--rpc-url", anvil.rpcUrl(), "--ipfs", ipfs, "--data-dir", work.resolve("auditor").toString()));
            Child auditor = start("verify", verify, logs);
            if (!auditor.process().waitFor(deadline(t0), TimeUnit.NANOSECONDS)) throw new IllegalStateException("verify did not finish");
            List<String> verdicts = Files.readAllLines(auditor.log(), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("round ")).toList();
            verdicts.forEach(l -> out.println("demo: verify: " + l));
            int code = auditor.process().exitValue();
            out.printf(Locale.ROOT, "demo: %s: %d round(s) finalized and verified %s in %.0f s; stopping everything%n",
                    code == 0 ? "OK" : "FAILED", verdicts.size(), code == 0 ? "OK" : "with exit code " + code, seconds(t0));
            return code == 0 ? 0 : 1;
        }
    }

    /** Prints each round as it finalizes; returns when the task completed. */
    private void awaitCompletion(ChainConnection chain, TaskContract contract, long task, long t0) throws InterruptedException {
        long from = 0;
        Map<Long, Long> openedAt = new HashMap<>();
        while (true) {
            long head = chain.blockNumber();
            if (head >= from) {
                for (TaskEvent e : contract.events(from, head)) {
                    if (e instanceof TaskEvent.RoundOpened o && o.taskId() == task) openedAt.put(o.round(), o.blockNumber());
                    if (e instanceof TaskEvent.RoundFinalized f && f.taskId() == task) {
                        long opened = openedAt.getOrDefault(f.round(), f.blockNumber());
                        long took = chain.blockTimestamp(f.blockNumber()).getEpochSecond()
                                - chain.blockTimestamp(opened).getEpochSecond();
                        out.printf(Locale.ROOT, "demo: round %d finalized %s in %d s, %d updates, %d votes (+%.0f s)%n",
                                f.round(), f.cid(), took, contract.round(task, f.round()).updateCount(), f.votes(), seconds(t0));
                    }
                    if (e instanceof TaskEvent.RoundFailed f && f.taskId() == task) {
                        out.println("demo: round " + f.round() + " failed: " + f.reason());
                    }
                }
                from = head + 1;
            }
            if (contract.task(task).status() != TaskInfo.Status.ACTIVE && from > chain.blockNumber()) return;
            for (Child c : children) {
                if (!c.process().isAlive() && c.process().exitValue() != 0) {
                    throw new IllegalStateException(c.name() + " exited with " + c.process().exitValue() + ": " + c.tail());
                }
            }
            if (deadline(t0) <= 0) throw new IllegalStateException("the task did not complete within " + timeoutSeconds + " s");
            Thread.sleep(500);
        }
    }

    private Child start(String name, List<String> args, Path logs) throws IOException {
        Path log = logs.resolve(name + ".log");
        // under a lifeline: if this process is killed (even with SIGKILL), its peers stop too
        ProcessBuilder builder = new ProcessBuilder(Lifeline.wrap("defl-demo-" + name, null, SelfLauncher.command(args)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEFL_LOG_LEVEL", "INFO");
        Child child = new Child(name, builder.start(), log);
        children.add(child);
        return child;
    }

    /** SIGTERM to every child still running (its lifeline closed), then up to 20 s for them to stop, then SIGKILL. Idempotent. */
    private void stopChildren() {
        for (Child c : children) if (c.process().isAlive()) c.process().destroy();
        for (Child c : children) Lifeline.stop(c.process(), 20);
    }

    private long deadline(long t0) {
        return t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds) - System.nanoTime();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Map<String, String> keyValues(Path log) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int eq = l.indexOf('=');
            if (eq > 0 && l.substring(0, eq).matches("[a-z_]+")) m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        if (!m.containsKey("contract") || !m.containsKey("task")) {
            throw new IllegalStateException("task create printed no contract= and task= lines: " + Files.readString(log));
        }
        return m;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("demo: could not delete " + root + ": " + e.getMessage());
        }
    }
}
