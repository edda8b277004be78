package dev.defl.app;

import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.abi.CidArguments;
import dev.defl.engine.ledger.abi.ContractAbi;
import dev.defl.engine.ledger.abi.DecodedEvent;
import dev.defl.engine.ledger.abi.DecodedValue;
import dev.defl.engine.ledger.index.ChainLog;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.protocol.Workspace;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code defl chain events [--task T] [--from N]}: the workspace contract's events, decoded, from the
 * event index (synced first; it resumes where the last sync stopped).
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print the events of this data directory's FederatedTasks contract, decoded, one per line:",
                "block, transaction, event with named arguments (CIDs as CIDs). The event index under",
                "DIR/chain/index is brought up to date first."})
final class ChainEventsCommand implements Callable<Integer> {
    @ParentCommand
    ChainCommand parent;

    @Option(names = "--task", paramLabel = "T", description = "Only events of task T.")
    Long task;

    @Option(names = "--from", paramLabel = "N", defaultValue = "0", description = "Only events from block N on.")
    long fromBlock;

    @Option(names = "--rpc-url", paramLabel = "URL",
            description = "JSON-RPC endpoint (default: the data directory's embedded dev chain).")
    String rpcUrl;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "0",
            description = "With --rpc-url: the chain id the endpoint must report (eth_chainId); 0 accepts any.")
    long chainId;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: as for defl).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (task != null && task < 1) {
            throw new IllegalArgumentException("--task must be ≥ 1, got " + task);
        }
        Path dir = dataDir != null ? dataDir : parent.root.window.dataDir != null ? parent.root.window.dataDir : DataDirectory.defaultPath();
        try (Workspace workspace = rpcUrl != null ? Workspace.openWithChain(dir, ChainSettings.of(rpcUrl).withExpectedChainId(chainId)) : Workspace.openForReading(dir)) {
            LogIndex index = workspace.eventIndex();
            index.sync();
            ContractAbi abi = ContractAbi.fromResource(TaskContract.ABI_RESOURCE);
            PrintStream out = System.out;
            int printed = 0;
            for (ChainLog log : index.logs(l -> l.blockNumber() >= fromBlock)) {
                Optional<DecodedEvent> event = abi.decodeLog(log.topics(), log.data());
                if (task != null && event.map(e -> !isOfTask(e, task)).orElse(true)) {
                    continue;
                }
                out.printf(Locale.ROOT, "%d %s %s%n", log.blockNumber(), log.txHash(), event
                        .map(e -> CidArguments.display(e.name(), e.args()))
                        .orElse("undecoded topics " + log.topics()));
                printed++;
            }
            if (printed == 0 && task != null && workspace.taskContract().taskCount() < task) {
                throw new IllegalArgumentException("no task " + task + " in contract " + workspace.taskContract().address()
                        + " (it has " + workspace.taskContract().taskCount() + ")");
            }
        }
        return 0;
    }

    private static boolean isOfTask(DecodedEvent event, long task) {
        return event.args().stream().filter(a -> a.name().equals("taskId")).map(DecodedValue::value)
                .anyMatch(v -> BigInteger.valueOf(task).equals(v));
    }
}
