package dev.defl.engine.workspace;

import dev.defl.engine.content.ContentStore;
import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.ChainUnavailableException;
import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.PendingJournal;
import dev.defl.engine.ledger.StoredAccount;
import dev.defl.engine.ledger.TransactionSender;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TxResult;
import dev.defl.engine.ledger.index.LogIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;

/**
 * A peer's working environment under one data directory: the embedded content store
 * ({@code DIR/ipfs}) and a chain — by default a managed local anvil whose state lives in
 * {@code DIR/chain/anvil-state.json}, or any JSON-RPC endpoint; the accounts' keystore
 * ({@code DIR/keystore}), the journal of unconfirmed transactions ({@code DIR/chain/pending}) and the
 * record of the deployed contract ({@code DIR/chain/deployment.json}).
 *
 * <p>The CLI and the window both open one workspace and run experiments in it.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workspace.class);
    /** Balance a keystore account gets on the managed dev chain: 100 ether, in wei. */
    public static final BigInteger DEV_FUNDING_WEI = BigInteger.TEN.pow(20);

    /**
     * What this process is, for the data-directory lock's holder record (e.g. {@code defl run}); the CLI and the
     * window set it when they start.
     */
    private static volatile String processDescription = "DeFL Workbench";

    private final Path dataDir;
    private final DataDirLock lock; // null for a reader (openForReading while another process holds the lock)
    private Path readerIndexDir; // a reader's private event index, deleted on close
    private final EmbeddedContentStore content;
    private final AnvilProcess anvil; // null when the chain is external
    private final ChainConnection chain;
    private TaskContract taskContract;
    private DeploymentRecord deployment;
    private List<AbandonedTask> abandonedTasks = List.of();
    private LogIndex eventIndex;

    private Workspace(Path dataDir, DataDirLock lock, EmbeddedContentStore content, AnvilProcess anvil,
                      ChainConnection chain) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.content = content;
        this.anvil = anvil;
        this.chain = chain;
    }

    /**
     * Opens the workspace with the embedded defaults: the content store under {@code dataDir/ipfs}
     * and a local anvil on 127.0.0.1 (random free port) persisting to {@code dataDir/chain}.
     *
     * <p>Every account of the keystore ({@link #accounts()}) with less than 10 ether gets
     * {@link #DEV_FUNDING_WEI} ({@code anvil_setBalance}), and the transactions journaled before the
     * last stop are looked up by hash and re-sent only if the chain lost them
     * ({@link #recoverPendingTransactions()}). When a deployment is recorded ({@link #deploymentRecordFile()}),
     * the contract code there is verified first ({@link #verifyRecordedDeployment()}).
     *
     * @throws IOException               if the directory cannot be created, is in use by another workbench
     *                                   process, or anvil cannot be found or started
     * @throws ChainUnavailableException if anvil started but does not answer JSON-RPC
     */
    public static Workspace openEmbedded(Path dataDir) throws IOException {
        return openEmbedded(dataDir, step -> { });
    }

    /**
     * What {@link #openEmbedded(Path, Consumer)} and {@link #openWithChain(Path, ChainSettings, Consumer)} are doing,
     * reported as each step starts, for a window's status bar.
     */
    public enum OpeningStep {
        /** Taking the data directory's lock ({@code DIR/.lock}). */
        LOCKING,
        /** Opening the embedded content store ({@code DIR/ipfs}). */
        OPENING_STORE,
        /** Starting the managed anvil, or connecting to the external chain. */
        STARTING_CHAIN,
        /** The chain answers; checking the recorded contract, pending transactions and tasks left by dead runs. */
        CHECKING_CHAIN
    }

    /**
     * As {@link #openEmbedded(Path)}, telling {@code progress} (on the calling thread) as each step starts.
     *
     * @throws IOException               as {@link #openEmbedded(Path)}
     * @throws ChainUnavailableException as {@link #openEmbedded(Path)}
     */
    public static Workspace openEmbedded(Path dataDir, Consumer<OpeningStep> progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        progress.accept(OpeningStep.LOCKING);
        Path dir = createDataDir(dataDir);
        DataDirLock lock = DataDirLock.acquire(dir, processDescription);
        AnvilProcess anvil = null;
        ChainConnection chain = null;
        try {
            progress.accept(OpeningStep.OPENING_STORE);
            EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
            progress.accept(OpeningStep.STARTING_CHAIN);
            Path chainDir = Files.createDirectories(dir.resolve("chain"));
            anvil = AnvilProcess.start(chainDir.resolve("anvil-state.json"), 0);
            lock.recordChain(anvil.rpcUrl());
            chain = ChainConnection.connect(ChainSettings.of(anvil.rpcUrl()).withExpectedChainId(AnvilProcess.CHAIN_ID));
            progress.accept(OpeningStep.CHECKING_CHAIN);
            fundKeystoreAccounts(AccountStore.open(dir), chain, anvil);
            Workspace workspace = new Workspace(dir, lock, store, anvil, chain);
            workspace.verifyRecordedDeployment();
            workspace.recoverPendingTransactions();
            workspace.abandonOrphanedTasks();
            return workspace;
        } catch (IOException | RuntimeException e) {
            if (chain != null) chain.close();
            if (anvil != null) anvil.close();
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the workspace on an existing chain at {@code rpcUrl} (e.g. an anvil or a private chain
     * with the dev chain's funded accounts).
     *
     * @throws IOException               if the directory cannot be created or is in use by another workbench process
     * @throws ChainUnavailableException if nothing answers JSON-RPC at {@code rpcUrl}
     */
    public static Workspace openWithChain(Path dataDir, String rpcUrl) throws IOException {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        return openWithChain(dataDir, ChainSettings.of(rpcUrl));
    }

    /**
     * Opens the workspace on an existing chain reached with {@code settings} (http(s) or ws(s) URL,
     * expected chain id, poll interval, retries).
     *
     * @throws IOException               if the directory cannot be created or is in use by another workbench process
     * @throws ChainUnavailableException if nothing answers JSON-RPC at the URL
     * @throws dev.defl.engine.ledger.WrongChainException if the node serves another chain than expected
     */
    public static Workspace openWithChain(Path dataDir, ChainSettings settings) throws IOException {
        return openWithChain(dataDir, settings, step -> { });
    }

    /**
     * As {@link #openWithChain(Path, ChainSettings)}, telling {@code progress} (on the calling thread) as each step
     * starts.
     *
     * @throws IOException               as {@link #openWithChain(Path, ChainSettings)}
     * @throws ChainUnavailableException as {@link #openWithChain(Path, ChainSettings)}
     */
    public static Workspace openWithChain(Path dataDir, ChainSettings settings, Consumer<OpeningStep> progress)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(progress, "progress");
        progress.accept(OpeningStep.LOCKING);
        Path dir = createDataDir(dataDir);
        DataDirLock lock = DataDirLock.acquire(dir, processDescription);
        try {
            lock.recordChain(settings.url());
            progress.accept(OpeningStep.OPENING_STORE);
            EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
            progress.accept(OpeningStep.STARTING_CHAIN);
            ChainConnection chain = ChainConnection.connect(settings);
            progress.accept(OpeningStep.CHECKING_CHAIN);
            Workspace workspace = new Workspace(dir, lock, store, null, chain);
            workspace.abandonOrphanedTasks();
            return workspace;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens the workspace of {@code dataDir} for reading its chain and content (chain events, verify, the explorer's
     * CLI): as {@link #openEmbedded(Path)} when no other process holds the data-directory lock; while one does (a run,
     * a node, the window), a reader on the chain that process serves ({@link DataDirLock.Holder#rpc()}), without the
     * lock: it starts no chain, sends no transaction, deploys nothing, and keeps its event index in a temporary
     * directory. Never creates the data directory.
     *
     * @throws IOException naming the directory when it does not exist, or when its holder serves no chain (e.g. a
     *     {@code defl add}) and so there is nothing to read yet
     * @throws ChainUnavailableException when the holder's chain does not answer
     */
    public static Workspace openForReading(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IOException("no data directory " + dir + " (wrong --data-dir?)");
        }
        try {
            return openEmbedded(dir);
        } catch (DataDirInUseException e) {
            DataDirLock.Holder holder = e.holder().filter(h -> h.rpc() != null).orElseThrow(() -> new IOException(
                    e.getMessage().replace("; wait until", ", which serves no chain to read; wait until"), e));
            log.info("data directory {} is held by {}; reading its chain at {}", dir, holder.describe(), holder.rpc());
            EmbeddedContentStore store = EmbeddedContentStore.openShared(dir.resolve("ipfs"),
                    dev.defl.engine.content.ImportProfile.CIDV1_RAW_LEAVES, dev.defl.engine.content.CachingBlockStore.DEFAULT_CAPACITY_BYTES);
            return new Workspace(dir, null, store, null, ChainConnection.connect(ChainSettings.of(holder.rpc())));
        }
    }

    /**
     * Sets what this process is, for the lock's holder record that a refused process shows (e.g. {@code defl add},
     * {@code DeFL Workbench window}).
     */
    public static void describeProcess(String description) {
        processDescription = Objects.requireNonNull(description, "description");
    }

    /** True for a reader opened by {@link #openForReading} while another process holds the data directory. */
    public boolean readOnly() {
        return lock == null;
    }

    private static Path createDataDir(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("data directory " + dir + " is a file, not a directory");
        }
        return Files.createDirectories(dir);
    }

    /** The data directory (absolute). */
    public Path dataDir() {
        return dataDir;
    }

    /** The embedded content store. */
    public ContentStore content() {
        return content;
    }

    /** The embedded content store with its pin, GC and block-level operations (the window's IPFS pane). */
    public EmbeddedContentStore embeddedContent() {
        return content;
    }

    /** The chain connection. */
    public ChainConnection chain() {
        return chain;
    }

    /** True when this workspace started and owns the chain process. */
    public boolean managesChain() {
        return anvil != null;
    }

    /** The managed anvil, when this workspace started it (for {@link AnvilProcess#fund}). */
    public Optional<AnvilProcess> managedChain() {
        return Optional.ofNullable(anvil);
    }

    /**
     * The accounts' keystore, {@code DIR/keystore} (standard scrypt cost). Each call opens a new
     * store with its own unlock cache: keep the one instance for a session.
     */
    public AccountStore accounts() {
        return AccountStore.open(dataDir);
    }

    /**
     * The journal of sent but unconfirmed transactions on this workspace's chain,
     * {@code DIR/chain/pending/<chain id>} (a transaction signed for one chain is never re-sent to another).
     */
    public PendingJournal pendingJournal() {
        return PendingJournal.open(dataDir.resolve("chain").resolve("pending").resolve(Long.toString(chain.chainId())));
    }

    /**
     * Checks the contract recorded in {@link #deploymentRecordFile()}, if any, against the chain: same
     * chain id, code present at the address with the recorded keccak-256 hash.
     *
     * @throws IllegalStateException naming the address, the hashes and the record file when the chain
     *     state does not match (e.g. the anvil state file was lost or replaced)
     * @throws ChainUnavailableException when the node does not answer
     */
    public void verifyRecordedDeployment() {
        Path file = deploymentRecordFile();
        Optional<DeploymentRecord> record = DeploymentRecord.load(file);
        try {
            record.ifPresent(r -> r.verify(chain));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (recorded in " + file
                    + "; delete that file to start over with a new contract)", e);
        }
    }

    /**
     * Looks up every journaled transaction on this chain by hash: mined ones are dropped from the
     * journal, ones the chain lost are re-sent as they were signed (no key needed), ones whose nonce
     * another transaction took are dropped. See {@link TransactionSender#recover(ChainConnection, PendingJournal, String)}.
     *
     * @return what was found, per transaction
     * @throws ChainUnavailableException when the node does not answer
     * @throws IllegalStateException when the node rejects a re-sent transaction it does not know
     */
    public List<TransactionSender.Recovery> recoverPendingTransactions() {
        PendingJournal journal = pendingJournal();
        List<TransactionSender.Recovery> recovered = new ArrayList<>();
        for (String from : journal.accounts()) {
            recovered.addAll(TransactionSender.recover(chain, journal, from));
        }
        return List.copyOf(recovered);
    }

    /**
     * The workspace's {@code FederatedTasks} contract, which holds every task run from this data
     * directory: the one recorded in {@link #deploymentRecordFile()} for this chain id (its code
     * verified), or, when none is recorded for this chain, one deployed now by the dev chain's first
     * account and recorded. Its transactions are EIP-1559, nonce-managed per account and journaled in
     * {@link #pendingJournal()} until mined. Later calls return the same instance.
     *
     * @throws IllegalStateException when the recorded contract's code does not match the chain
     * @throws ChainUnavailableException when the node does not answer
     */
    public synchronized TaskContract taskContract() {
        if (taskContract != null) {
            return taskContract;
        }
        Path file = deploymentRecordFile();
        Optional<DeploymentRecord> recorded = DeploymentRecord.load(file).filter(r -> r.chainId() == chain.chainId());
        if (recorded.isPresent()) {
            verifyRecordedDeployment();
            taskContract = TaskContract.at(chain, recorded.get().address(), pendingJournal());
            deployment = recorded.get();
        } else if (readOnly()) {
            throw new IllegalStateException("no FederatedTasks contract recorded for chain id " + chain.chainId() + " in "
                    + file + ", and this reader (the data directory is held by another process) deploys none");
        } else {
            TaskContract deployed = TaskContract.deploy(chain, DevAccounts.account(0), pendingJournal());
            long block = deployed.deployment().map(TxResult::blockNumber).orElseGet(chain::blockNumber);
            deployment = DeploymentRecord.capture(chain, deployed.address(), block);
            deployment.save(file);
            taskContract = deployed;
            log.info("deployed FederatedTasks at {} in block {} on chain {}; recorded in {}", deployed.address(), block,
                    chain.chainId(), file);
        }
        return taskContract;
    }

    /**
     * The event index of {@link #taskContract()}: its logs from the deployment block on, kept under
     * {@code DIR/chain/index/<chain id>-<address>} and resumed after a restart. One instance per
     * workspace; call {@link LogIndex#sync()} (off the UI thread) to read new blocks. Deploys nothing:
     * with no contract recorded for this chain yet, there is nothing to index.
     *
     * @throws IOException when the index files cannot be read
     * @throws IllegalStateException "no FederatedTasks contract recorded for chain id N in FILE" before
     *     the first task was run from this data directory on this chain
     */
    public synchronized LogIndex eventIndex() throws IOException {
        if (eventIndex == null) {
            if (taskContract == null && DeploymentRecord.load(deploymentRecordFile())
                    .filter(r -> r.chainId() == chain.chainId()).isEmpty()) {
                throw new IllegalStateException("no FederatedTasks contract recorded for chain id " + chain.chainId()
                        + " in " + deploymentRecordFile() + ": run a task first");
            }
            TaskContract contract = taskContract();
            Path dir = dataDir.resolve("chain").resolve("index")
                    .resolve(chain.chainId() + "-" + contract.address().toLowerCase(java.util.Locale.ROOT));
            if (readOnly()) { // the holder writes the shared index: read into a private one
                readerIndexDir = Files.createTempDirectory("defl-index-");
                dir = readerIndexDir;
            }
            eventIndex = LogIndex.open(dir, chain, contract.address(), deployment.block());
        }
        return eventIndex;
    }

    /**
     * A task that a run in this data directory left active when its process died, and that this workspace abandoned
     * on chain when it opened ({@link LiveTasks}).
     *
     * @param record  what the dead run recorded: chain id, contract, task, creator, its pid and start time
     * @param round   the task's current round when it was abandoned
     * @param txHash  the {@code abandonTask} transaction, 0x-hex
     * @param block   the block it was mined in
     */
    public record AbandonedTask(LiveTasks.Entry record, long round, String txHash, long block) {
        /** One line for a user, e.g. {@code task 3 on 0xab… was left active by run pid 42 (started …), which died in round 1; abandoned on chain in block 57}. */
        public String describe() {
            return "task " + record.taskId() + " on contract " + record.contract() + " was left active by the run (pid "
                    + record.pid() + ", started " + record.started() + ") that drove it, which died in round " + round
                    + "; abandoned it on chain in block " + block + " (transaction " + txHash + ")";
        }
    }

    /** The tasks abandoned when this workspace opened (see {@link AbandonedTask}); empty almost always. */
    public List<AbandonedTask> abandonedTasks() {
        return abandonedTasks;
    }

    /**
     * Abandons on chain every task of this chain that a run recorded as live ({@link LiveTasks}) and that is still
     * active: the data-directory lock is ours, so the run that recorded it is gone. Records of completed or abandoned
     * tasks, and of contracts this chain lacks, are removed. Never fails the opening: a task that cannot be abandoned
     * now (no key for its creator, chain error) keeps its record, is logged, and is tried at the next opening.
     */
    private void abandonOrphanedTasks() {
        LiveTasks live = LiveTasks.in(dataDir);
        List<Path> unreadable = new ArrayList<>();
        List<LiveTasks.Entry> entries;
        try {
            entries = live.list(unreadable);
        } catch (IOException e) {
            log.warn("cannot list the live-task records under {}: {}", dataDir.resolve("runs"), e.toString());
            return;
        }
        unreadable.forEach(f -> log.warn("live-task record {} is unreadable; left in place", f));
        if (entries.isEmpty()) return;
        long chainId = chain.chainId();
        List<AbandonedTask> done = new ArrayList<>();
        for (LiveTasks.Entry e : entries) {
            if (e.chainId() != chainId) continue;
            try {
                // dev chains share chain id 31337, accounts and contract addresses: the record is kept for the chain
                // that holds this very task (same spec), e.g. the embedded one when a node opened the directory on
                // another chain
                TaskContract contract = chain.hasCode(e.contract()) ? contractAt(e.contract()) : null;
                dev.defl.engine.ledger.TaskInfo info = contract != null && contract.taskCount() >= e.taskId()
                        ? contract.task(e.taskId()) : null;
                if (info == null || !info.params().modelSpec().toString().equals(e.spec())) {
                    log.info("live-task record of task {} on {} is not of this chain ({}); kept for its own", e.taskId(),
                            e.contract(), chain.rpcUrl());
                    continue;
                }
                if (info.status() == dev.defl.engine.ledger.TaskInfo.Status.ACTIVE) {
                    Optional<org.web3j.crypto.Credentials> creator = DevAccounts.find(e.creator());
                    if (creator.isEmpty()) {
                        log.warn("task {} on contract {} was left active by a run (pid {}) that died; this data directory "
                                + "has no key of its creator {} to abandon it", e.taskId(), e.contract(), e.pid(), e.creator());
                        continue;
                    }
                    TxResult tx = contract.abandonTask(creator.get(), e.taskId());
                    AbandonedTask abandoned = new AbandonedTask(e, info.currentRound(), tx.txHash(), tx.blockNumber());
                    log.warn(abandoned.describe());
                    done.add(abandoned);
                }
                live.end(e.chainId(), e.contract(), e.taskId());
            } catch (IOException | RuntimeException ex) {
                log.warn("cannot abandon task {} on contract {} left active by a dead run (pid {}); will retry at the next "
                        + "start: {}", e.taskId(), e.contract(), e.pid(), ex.toString());
            }
        }
        abandonedTasks = List.copyOf(done);
    }

    /** The contract at {@code address}: {@link #taskContract()} when it is the recorded one (one nonce counter). */
    private TaskContract contractAt(String address) {
        boolean recorded = DeploymentRecord.load(deploymentRecordFile())
                .filter(r -> r.chainId() == chain.chainId() && r.address().equalsIgnoreCase(address)).isPresent();
        return recorded ? taskContract() : TaskContract.at(chain, address, pendingJournal());
    }

    /** Where the deployed contract is recorded, {@code DIR/chain/deployment.json} (see {@link DeploymentRecord}). */
    public Path deploymentRecordFile() {
        return dataDir.resolve("chain").resolve(DeploymentRecord.FILE_NAME);
    }

    /** Tops up keystore accounts below 10 ether to {@link #DEV_FUNDING_WEI} on the managed anvil. */
    private static void fundKeystoreAccounts(AccountStore accounts, ChainConnection chain, AnvilProcess anvil) {
        BigInteger floor = BigInteger.TEN.pow(19);
        for (StoredAccount account : accounts.list()) {
            if (chain.balance(account.address()).compareTo(floor) < 0) {
                anvil.fund(account.address(), DEV_FUNDING_WEI);
            }
        }
    }

    /**
     * A status snapshot; performs one JSON-RPC call, so call it off the UI thread.
     * The block number is -1 when the chain does not answer.
     */
    public WorkspaceStatus status() {
        long block;
        try {
            block = chain.blockNumber();
        } catch (RuntimeException e) {
            block = -1;
        }
        return new WorkspaceStatus(chain.rpcUrl(), block, content.root(), content.sizeBytes(), content.blockCount(),
                LocalTrainer.deviceDescription());
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", dir, e.toString());
        }
    }

    /** Closes the chain connection and stops the managed anvil with SIGTERM, so its state is written. */
    @Override
    public void close() {
        try {
            chain.close();
        } finally {
            try {
                if (anvil != null) anvil.close();
            } finally {
                if (lock != null) lock.close();
                if (readerIndexDir != null) deleteTree(readerIndexDir);
            }
        }
    }
}
