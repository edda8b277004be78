package dev.defl.app;

import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.abi.CidArguments;
import dev.defl.engine.ledger.explorer.BlockDetails;
import dev.defl.engine.ledger.explorer.BlockSummary;
import dev.defl.engine.ledger.explorer.ChainExplorer;
import dev.defl.engine.ledger.explorer.ContractRecognizer;
import dev.defl.engine.ledger.explorer.LogEntry;
import dev.defl.engine.ledger.explorer.TxDetails;
import dev.defl.engine.ledger.explorer.TxSummary;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code defl chain status|block|tx|events}: read the chain with our contracts' calls, events and errors decoded. */
@Command(name = "chain", mixinStandardHelpOptions = true, description = "Read the chain (decoded).",
        subcommands = {ChainCommand.Status.class, ChainCommand.Block.class, ChainCommand.Tx.class,
                ChainEventsCommand.class, ChainCommand.Serve.class})
final class ChainCommand {
    @ParentCommand
    DeflCommand root;

    /** The artifacts whose deployments the CLI decodes. */
    static ContractRecognizer recognizer(ChainConnection chain) {
        String abi = TaskContract.ABI_RESOURCE;
        return ContractRecognizer.create(chain).withArtifactResource(abi.substring(0, abi.length() - ".abi".length()));
    }

    static ChainExplorer explorer(ChainOption.Opened opened) {
        return new ChainExplorer(opened.chain(), recognizer(opened.chain()), 64);
    }

    /** Formats wei as ether with up to 6 decimals, e.g. {@code 1.5 ETH}. */
    static String ether(BigInteger wei) {
        BigDecimal eth = new BigDecimal(wei).movePointLeft(18).setScale(6, java.math.RoundingMode.DOWN).stripTrailingZeros();
        return eth.toPlainString() + " ETH";
    }

    /** Formats wei per gas as gwei, e.g. {@code 1.875 gwei}. */
    static String gwei(BigInteger wei) {
        return new BigDecimal(wei).movePointLeft(9).setScale(3, java.math.RoundingMode.DOWN).stripTrailingZeros().toPlainString()
                + " gwei";
    }

    /**
     * {@code defl chain serve}: a development chain for a network of peers on one machine or a LAN: anvil on 127.0.0.1
     * (or {@code --host}) with the dev accounts funded, mining a block every {@code --block-time} seconds so that
     * round deadlines pass with wall time. Prints {@code rpc=URL} and {@code chain=ID}, runs until SIGTERM or Ctrl+C,
     * and saves the chain state to {@code --state} on the way out.
     */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run a development chain (anvil) for a network of peers until SIGTERM or Ctrl+C.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8545", description = "TCP port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--block-time", paramLabel = "SECONDS", defaultValue = "1",
                description = "Seconds between blocks; 0 mines one block per transaction (default: ${DEFAULT-VALUE}).")
        int blockTime;

        @Option(names = "--state", paramLabel = "FILE", required = true, description = "Chain state file (loaded if present, saved on exit).")
        java.nio.file.Path state;

        @Option(names = "--fund", paramLabel = "ACCOUNTS", split = ",",
                description = {"Top these accounts up to 100 ETH at start, as the embedded chain does: 0x-addresses, "
                        + "keystore files, or data directories (every account in DIR/keystore). Repeatable."})
        java.util.List<String> fund = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            java.util.List<String> accounts = FundTargets.addresses(fund); // bad entries refused before anvil starts
            try (dev.defl.engine.ledger.AnvilProcess anvil = dev.defl.engine.ledger.AnvilProcess.start(state, port, blockTime)) {
                for (String account : accounts) {
                    anvil.fund(account, dev.defl.engine.ledger.DevChainFunding.DEFAULT_WEI);
                    System.out.println("funded=" + account);
                }
                System.out.println("rpc=" + anvil.rpcUrl());
                System.out.println("chain=" + dev.defl.engine.ledger.AnvilProcess.CHAIN_ID);
                System.out.flush();
                java.util.concurrent.CountDownLatch forever = new java.util.concurrent.CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown, "defl-chain-serve-stop"));
                forever.await();
            }
            return 0;
        }
    }

    /** {@code defl chain status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print the endpoint, chain id, head block and its base fee.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ChainCommand parent;
        @Mixin
        ChainOption option;

        @Override
        public Integer call() throws Exception {
            try (ChainOption.Opened opened = option.open(parent.root)) {
                ChainExplorer explorer = explorer(opened);
                BlockSummary head = explorer.block(explorer.head()).summary();
                PrintStream out = System.out;
                out.println("rpc " + opened.chain().rpcUrl());
                out.println("chain id " + opened.chain().chainId());
                out.println("head block " + head.number() + " " + head.hash() + " at " + head.timestamp());
                out.println("base fee " + gwei(head.baseFeeWei()));
            }
            return 0;
        }
    }

    /** {@code defl chain block N}. */
    @Command(name = "block", mixinStandardHelpOptions = true, description = "Print a block and its transactions, decoded.")
    static final class Block implements Callable<Integer> {
        @ParentCommand
        ChainCommand parent;
        @Mixin
        ChainOption option;
        @Parameters(paramLabel = "N", description = "Block number (0 is the genesis block).")
        long number;

        /** @throws IllegalArgumentException for a negative block number (checked before the chain is opened) */
        @Override
        public Integer call() throws Exception {
            if (number < 0) {
                throw new IllegalArgumentException("block number must be 0 or more, not " + number);
            }
            try (ChainOption.Opened opened = option.open(parent.root)) {
                BlockDetails block = explorer(opened).block(number);
                BlockSummary s = block.summary();
                PrintStream out = System.out;
                out.printf(Locale.ROOT, "block %d %s at %s, %d transactions, gas used %,d of %,d, base fee %s%n",
                        s.number(), s.hash(), s.timestamp(), s.txCount(), s.gasUsed(), s.gasLimit(), gwei(s.baseFeeWei()));
                for (TxSummary tx : block.transactions()) {
                    out.printf(Locale.ROOT, "  %s %s -> %s %s%n", tx.hash(), tx.from(), tx.to().isEmpty() ? "(new contract)" : tx.to(),
                            tx.method());
                }
            }
            return 0;
        }
    }

    /** {@code defl chain tx HASH}. */
    @Command(name = "tx", mixinStandardHelpOptions = true,
            description = {"Print a transaction decoded: the call with named arguments (CIDs as CIDs), the receipt's",
                    "status and gas, every event, and for a failed call the contract's custom error."})
    static final class Tx implements Callable<Integer> {
        @ParentCommand
        ChainCommand parent;
        @Mixin
        ChainOption option;
        @Parameters(paramLabel = "HASH", description = "Transaction hash (0x + 64 hex digits).")
        String hash;

        @Override
        public Integer call() throws Exception {
            try (ChainOption.Opened opened = option.open(parent.root)) {
                print(explorer(opened).transaction(hash), System.out);
            }
            return 0;
        }
    }

    /** Prints a decoded transaction, one fact per line. */
    static void print(TxDetails tx, PrintStream out) {
        out.println("tx " + tx.hash());
        out.println("block " + (tx.blockNumber() < 0 ? "pending" : tx.blockNumber() + " (index " + tx.txIndex() + ")"));
        out.println("from " + tx.from());
        out.println("to " + (tx.to().isEmpty() ? "(contract creation)" : tx.to()));
        out.println("nonce " + tx.nonce());
        out.println("value " + ether(tx.valueWei()));
        out.println("gas limit " + tx.gasLimit() + ", max fee " + gwei(tx.maxFeePerGasWei()));
        out.println("call " + tx.call().map(c -> CidArguments.display(c.name(), c.args()))
                .orElse(tx.input().length() > 10 ? "undecoded " + tx.input().substring(0, 10) + " (" + (tx.input().length() - 2) / 2
                        + " bytes)" : tx.to().isEmpty() ? "deploy" : "transfer"));
        if (tx.receipt().isEmpty()) {
            out.println("status pending");
            return;
        }
        TxDetails.Receipt r = tx.receipt().get();
        out.println("status " + (r.success() ? "success" : "failed"));
        r.revert().ifPresent(reason -> out.println("revert " + reason));
        out.printf(Locale.ROOT, "gas used %d at %s (fee %s)%n", r.gasUsed(), gwei(r.effectiveGasPriceWei()),
                ether(r.effectiveGasPriceWei().multiply(BigInteger.valueOf(r.gasUsed()))));
        if (!r.contractAddress().isEmpty()) {
            out.println("contract created " + r.contractAddress());
        }
        for (LogEntry log : r.logs()) {
            out.println("event " + log.logIndex() + " " + log.event()
                    .map(e -> CidArguments.display(e.name(), e.args()))
                    .orElse("undecoded from " + log.address() + " topics " + log.topics()));
        }
    }
}
