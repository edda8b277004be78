package dev.defl.engine.ledger.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.io.AtomicFiles;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainUnavailableException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The event index of one contract on one chain: every log the contract emitted, read with
 * {@code eth_getLogs} from the last block seen, appended to a file in the data directory so that a
 * restart resumes where it stopped (the seeds' offline rejoin reads from here). The timeline, the
 * explorer and the peers view all read this one index.
 *
 * <p>Files under {@code dir}: {@code logs.jsonl} (one {@link ChainLog} per line, in chain order)
 * and {@code checkpoint.json} ({@code chainId}, {@code address}, last indexed block and its hash),
 * replaced atomically and durably ({@link AtomicFiles}) after the logs it covers are on disk. A line
 * torn by a crash past the checkpoint is dropped on open. If the chain no longer has the checkpoint's block hash (a reorg,
 * or a dev chain that was reset), the index is rebuilt from {@code fromBlock}.
 *
 * <p>Memory: every indexed log is held in memory (one contract's logs: a 10-client, 100-round task
 * emits ~1 500 logs, under 2 MB). Thread-safe: {@link #sync()} is serialized; readers see
 * snapshots.
 */
public final class LogIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LogIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Blocks per {@code eth_getLogs} request (public providers limit ranges to 1 000–10 000 blocks). */
    public static final int BLOCKS_PER_REQUEST = 2_000;

    private record Checkpoint(long chainId, String address, long fromBlock, long lastBlock, String lastBlockHash) {
    }

    private final Path dir;
    private final ChainConnection chain;
    private final String address;
    private final long fromBlock;
    private final List<Consumer<List<ChainLog>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<ChainLog> logs;
    private Checkpoint checkpoint;

    private LogIndex(Path dir, ChainConnection chain, String address, long fromBlock, List<ChainLog> logs,
                     Checkpoint checkpoint) {
        this.dir = dir;
        this.chain = chain;
        this.address = address;
        this.fromBlock = fromBlock;
        this.logs = List.copyOf(logs);
        this.checkpoint = checkpoint;
    }

    /**
     * Opens (or creates) the index of the contract at {@code address} under {@code dir}. Reads no
     * chain data: call {@link #sync()}.
     *
     * @param fromBlock the first block that can hold the contract's logs (its deployment block)
     * @throws IOException if the directory cannot be created or the files read; a checkpoint for a
     *     different chain id or contract is an IOException naming both
     */
    public static LogIndex open(Path dir, ChainConnection chain, String address, long fromBlock) throws IOException {
        Objects.requireNonNull(chain, "chain");
        String addr = address.toLowerCase(Locale.ROOT);
        Files.createDirectories(dir);
        Path checkpointFile = dir.resolve("checkpoint.json");
        Checkpoint checkpoint = null;
        List<ChainLog> logs = new ArrayList<>();
        if (Files.exists(checkpointFile)) {
            try {
                checkpoint = JSON.readValue(checkpointFile.toFile(), Checkpoint.class);
            } catch (JsonProcessingException e) {
                throw new IOException("event index checkpoint " + checkpointFile + " is malformed: "
                        + e.getOriginalMessage(), e);
            }
            if (checkpoint.chainId() != chain.chainId() || !checkpoint.address().equals(addr)) {
                throw new IOException("event index " + dir + " belongs to contract " + checkpoint.address()
                        + " on chain id " + checkpoint.chainId() + ", not " + addr + " on chain id " + chain.chainId());
            }
            Path logFile = dir.resolve("logs.jsonl");
            logs = readLogs(logFile, checkpoint.lastBlock());
            if (Files.exists(logFile) && Files.size(logFile) != serializedSize(logs)) {
                // Lines past the checkpoint (a crash between append and checkpoint): keep only what it covers.
                rewrite(logFile, logs);
            }
        } else {
            Files.deleteIfExists(dir.resolve("logs.jsonl"));
        }
        return new LogIndex(dir, chain, addr, fromBlock, logs, checkpoint);
    }

    private static List<ChainLog> readLogs(Path file, long lastBlock) throws IOException {
        List<ChainLog> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        int lineNumber = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            ChainLog log;
            try {
                log = JSON.readValue(line, ChainLog.class);
            } catch (JsonProcessingException e) {
                // A line written after the last checkpoint may be torn by a crash: the next sync re-reads it.
                LOG.warn("event index {}:{}: dropping an unreadable line past the checkpoint", file, lineNumber);
                break;
            }
            if (log.blockNumber() > lastBlock) {
                break;
            }
            out.add(log);
        }
        return out;
    }

    private static long serializedSize(List<ChainLog> logs) throws JsonProcessingException {
        long size = 0;
        for (ChainLog log : logs) {
            size += JSON.writeValueAsBytes(log).length + 1;
        }
        return size;
    }

    private static void rewrite(Path file, List<ChainLog> logs) throws IOException {
        AtomicFiles.write(file, out -> {
            for (ChainLog log : logs) {
                out.write(JSON.writeValueAsBytes(log));
                out.write('\n');
            }
        });
    }

    /** The contract whose logs this index holds, lower-case 0x-hex. */
    public String address() {
        return address;
    }

    /** The last block whose logs are indexed; {@code fromBlock - 1} before the first sync. */
    public synchronized long lastIndexedBlock() {
        return checkpoint == null ? fromBlock - 1 : checkpoint.lastBlock();
    }

    /** All indexed logs in chain order (block, then log index); an immutable snapshot. */
    public List<ChainLog> logs() {
        return logs;
    }

    /** The indexed logs that {@code filter} accepts, in chain order. */
    public List<ChainLog> logs(Predicate<ChainLog> filter) {
        return logs.stream().filter(filter).toList();
    }

    /** Calls {@code listener} with every batch of new logs after a {@link #sync()} that found some (on the syncing thread). */
    public void addListener(Consumer<List<ChainLog>> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(Consumer<List<ChainLog>> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads the logs of every block after {@link #lastIndexedBlock()} up to the chain head, in ranges
     * of {@value #BLOCKS_PER_REQUEST} blocks, appending and checkpointing after each range.
     *
     * @return the number of new logs
     * @throws ChainUnavailableException when the node does not answer
     * @throws IllegalStateException when the node refuses a query (the range and its error are named)
     * @throws UncheckedIOException when the index files cannot be written
     */
    public synchronized int sync() {
        long head = chain.blockNumber();
        if (checkpoint != null && !chainStillHas(checkpoint)) {
            LOG.warn("event index {}: the chain no longer has block {} ({}); rebuilding from block {}",
                    dir, checkpoint.lastBlock(), checkpoint.lastBlockHash(), fromBlock);
            reset();
        }
        int added = 0;
        long next = lastIndexedBlock() + 1;
        while (next <= head) {
            long to = Math.min(head, next + BLOCKS_PER_REQUEST - 1);
            List<ChainLog> batch = fetch(next, to);
            append(batch);
            checkpoint = new Checkpoint(chain.chainId(), address, fromBlock, to, blockHash(to));
            writeCheckpoint();
            if (!batch.isEmpty()) {
                List<ChainLog> all = new ArrayList<>(logs);
                all.addAll(batch);
                logs = Collections.unmodifiableList(all);
                added += batch.size();
                for (Consumer<List<ChainLog>> listener : listeners) {
                    listener.accept(batch);
                }
            }
            next = to + 1;
        }
        return added;
    }

    private boolean chainStillHas(Checkpoint cp) {
        try {
            return cp.lastBlockHash().equals(blockHash(cp.lastBlock()));
        } catch (IllegalStateException e) {
            return false; // the block does not exist any more
        }
    }

    private void reset() {
        checkpoint = null;
        logs = List.of();
        try {
            Files.deleteIfExists(dir.resolve("logs.jsonl"));
            Files.deleteIfExists(dir.resolve("checkpoint.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset event index " + dir, e);
        }
    }

    private List<ChainLog> fetch(long from, long to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address);
        try {
            EthLog response = chain.web3j().ethGetLogs(filter).send();
            if (response.hasError()) {
                throw new IllegalStateException("eth_getLogs for " + address + " blocks " + from + ".." + to
                        + " failed: " + response.getError().getMessage() + " (code " + response.getError().getCode() + ")");
            }
            List<ChainLog> out = new ArrayList<>();
            for (EthLog.LogResult<?> result : response.getLogs()) {
                Log log = (Log) result.get();
                if (log.isRemoved()) {
                    continue;
                }
                out.add(new ChainLog(log.getBlockNumber().longValueExact(), log.getBlockHash(),
                        log.getTransactionHash(), log.getTransactionIndex().intValueExact(),
                        log.getLogIndex().intValueExact(), log.getAddress().toLowerCase(Locale.ROOT),
                        log.getTopics(), log.getData()));
            }
            return out;
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    private String blockHash(long number) {
        try {
            EthBlock block = chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                    false).send();
            if (block.hasError() || block.getBlock() == null) {
                throw new IllegalStateException("block " + number + " not found on " + chain.rpcUrl());
            }
            return block.getBlock().getHash();
        } catch (IOException e) {
            throw new ChainUnavailableException(chain.rpcUrl(), e);
        }
    }

    private void append(List<ChainLog> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Path file = dir.resolve("logs.jsonl");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             BufferedWriter writer = new BufferedWriter(java.nio.channels.Channels.newWriter(channel, StandardCharsets.UTF_8))) {
            for (ChainLog log : batch) {
                writer.write(JSON.writeValueAsString(log));
                writer.write('\n');
            }
            writer.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to event index " + file, e);
        }
    }

    private void writeCheckpoint() {
        Path file = dir.resolve("checkpoint.json");
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(checkpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event index checkpoint " + file, e);
        }
    }
}
