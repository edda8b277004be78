package dev.defl.app;

import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.abi.CidArguments;
import dev.defl.engine.ledger.abi.ContractAbi;
import dev.defl.engine.ledger.abi.DecodedEvent;
import dev.defl.engine.ledger.abi.DecodedValue;
import dev.defl.engine.ledger.index.ChainLog;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.workspace.Workspace;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code defl chain events [--task T] [--from N] [--contract ADDRESS --rpc-url URL]}: a FederatedTasks contract's events,
 * decoded, one per line: {@code <block> <block timestamp, ISO-8601 UTC> <tx hash> <Event(args…)>}. Without
 * {@code --contract}, the contract recorded in the data directory, read through its event index (synced first; it
 * resumes where the last sync stopped); with {@code --contract}, any deployment, read from the chain
 * ({@code eth_getLogs}) into a throw-away index: no data directory is needed or created.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print the events of a FederatedTasks contract, decoded, one per line: block, block time",
                "(ISO-8601 UTC), transaction, event with named arguments (CIDs as CIDs). Without --contract: the",
                "data directory's contract, through its event index under DIR/chain/index (brought up to date first);",
                "with --contract ADDRESS and --rpc-url URL: any deployment, read from the chain, no data directory used."})
final class ChainEventsCommand implements Callable<Integer> {
    @ParentCommand
    ChainCommand parent;

    @Option(names = "--task", paramLabel = "T", description = "Only events of task T.")
    Long task;

    @Option(names = "--from", paramLabel = "N", defaultValue = "0", description = "Only events from block N on.")
    long fromBlock;

    @Option(names = "--contract", paramLabel = "ADDRESS",
            description = "The FederatedTasks contract (default: the one recorded in the data directory); needs --rpc-url.")
    String contract;

    @Mixin
    ChainOption chainOption;

    @Override
    public Integer call() throws Exception {
        if (task != null && task < 1) {
            throw new IllegalArgumentException("--task must be ≥ 1, got " + task);
        }
        if (fromBlock < 0) throw new IllegalArgumentException("--from must be ≥ 0, got " + fromBlock);
        if (contract != null) return printFromChain();
        String rpcUrl = chainOption.rpcUrl;
        long chainId = chainOption.chainId;
        Path dir = chainOption.dir(parent.root);
        try (Workspace workspace = rpcUrl != null ? Workspace.openWithChain(dir, ChainSettings.of(rpcUrl).withExpectedChainId(chainId)) : Workspace.openForReading(dir)) {
            LogIndex index = workspace.eventIndex();
            index.sync();
            print(index, workspace.chain(), workspace.taskContract());
        }
        return 0;
    }

    /** {@code --contract}: the contract's logs from the chain, through an index in a temporary directory. */
    private int printFromChain() throws IOException {
        String rpcUrl = chainOption.rpcUrl;
        long chainId = chainOption.chainId;
        if (rpcUrl == null) throw new IllegalArgumentException("--contract needs --rpc-url URL (the chain the contract is on)");
        if (!contract.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("--contract: not an address (0x + 40 hex digits): " + contract);
        }
        Path scratch = Files.createTempDirectory("defl-events-");
        try (ChainConnection chain = ChainConnection.connect(ChainSettings.of(rpcUrl).withExpectedChainId(chainId))) {
            if (!chain.hasCode(contract)) {
                throw new IllegalArgumentException("--contract " + contract + ": no contract code at that address on chain "
                        + chain.chainId() + " (" + rpcUrl + ")");
            }
            LogIndex index = LogIndex.open(scratch, chain, contract, fromBlock);
            index.sync();
            print(index, chain, TaskContract.at(chain, contract));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void print(LogIndex index, ChainConnection chain, TaskContract tasks) {
        ContractAbi abi = ContractAbi.fromResource(TaskContract.ABI_RESOURCE);
        PrintStream out = System.out;
        Map<Long, Instant> times = new HashMap<>();
        int printed = 0;
        for (ChainLog log : index.logs(l -> l.blockNumber() >= fromBlock)) {
            Optional<DecodedEvent> event = abi.decodeLog(log.topics(), log.data());
            if (task != null && event.map(e -> !isOfTask(e, task)).orElse(true)) {
                continue;
            }
            Instant time = times.get(log.blockNumber());
            if (time == null) {
                time = chain.blockTimestamp(log.blockNumber());
                times.put(log.blockNumber(), time);
            }
            out.printf(Locale.ROOT, "%d %s %s %s%n", log.blockNumber(), time, log.txHash(), event
                    .map(e -> CidArguments.display(e.name(), e.args()))
                    .orElse("undecoded topics " + log.topics()));
            printed++;
        }
        if (printed == 0 && task != null && tasks.taskCount() < task) {
            throw new IllegalArgumentException("no task " + task + " in contract " + tasks.address()
                    + " (it has " + tasks.taskCount() + ")");
        }
    }

    private static boolean isOfTask(DecodedEvent event, long task) {
        return event.args().stream().filter(a -> a.name().equals("taskId")).map(DecodedValue::value)
                .anyMatch(v -> BigInteger.valueOf(task).equals(v));
    }
}
