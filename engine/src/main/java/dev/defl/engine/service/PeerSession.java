package dev.defl.engine.service;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.content.net.EndpointSpec;
import dev.defl.engine.network.AggregatorNode;
import dev.defl.engine.network.ClientNode;
import dev.defl.engine.network.NetworkContent;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.engine.network.NodeListener;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.TaskCreator;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskNode;
import dev.defl.engine.network.TaskPlan;
import dev.defl.engine.runs.NodeRecorder;
import dev.defl.engine.runs.RunDatabase;
import dev.defl.engine.runs.RunKind;
import dev.defl.engine.workspace.Workspace;
import dev.defl.engine.learning.ComputeDevice;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.ledger.TaskInfo;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.ChainSettings;
import dev.defl.engine.ledger.PendingJournal;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TransactionSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A peer on a network, assembled once: the service-layer door through which the front ends (the CLI's {@code node},
 * {@code task create} and {@code task add}, the window's Network pane) reach the engine's round roles. It holds a
 * chain connection (its chain id checked), the account unlocked from the keystore, the content store published to the
 * IPFS endpoints ({@link NetworkContent}) and the journal of this peer's transactions,
 * {@code <dataDir>/chain/pending/<chain id>} (the layout of {@link Workspace#pendingJournal()}). Opening waits for
 * the transactions journaled before a crash ({@link TransactionSender#recover}), so nothing is sent twice. Task
 * creation ({@link #createTask}) and joining ({@link #taskDocument}, {@link #clientNode}, {@link #aggregatorNode})
 * live here, so every front end creates and joins tasks the same way.
 *
 * <p>Two ways to open one: {@link #open(Workspace, Credentials, List, Duration)} over a workspace the session then
 * owns (the CLI: the workspace holds the data directory's lock and the chain connection), and
 * {@link #open(NetworkSettings, char[], Path, EmbeddedContentStore)} beside the window's workspace (which holds the
 * lock; the session connects to the network's own chain). Thread-safe as its parts are. Nonces are counted per
 * {@link TaskContract} instance, so two sessions (or two {@link #contract} instances) sending from the same account at
 * the same time can collide: send an account's transactions through one of them at a time.
 */
public final class PeerSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    private final NetworkSettings settings;
    private final Workspace workspace;
    private final Path dataDir;
    private final ChainConnection chain;
    private final Credentials account;
    private final NetworkContent content;
    private final PendingJournal journal;
    private final List<TransactionSender.Recovery> recovered;
    private final List<NodeRecorder> recorders = new ArrayList<>(); // guarded by itself
    private RunDatabase runs; // opened with the first node; guarded by recorders
    private boolean runsOpened; // guarded by recorders

    private PeerSession(NetworkSettings settings, Workspace workspace, Path dataDir, ChainConnection chain,
                        Credentials account, NetworkContent content, PendingJournal journal,
                        List<TransactionSender.Recovery> recovered) {
        this.settings = settings;
        this.workspace = workspace;
        this.dataDir = dataDir;
        this.chain = chain;
        this.account = account;
        this.content = content;
        this.journal = journal;
        this.recovered = List.copyOf(recovered);
    }

    /**
     * Unlocks the key, connects to the chain, opens the journal and recovers its pending transactions.
     *
     * @param settings the network to join
     * @param password the keystore's password; read, not kept and not cleared (the caller clears it)
     * @param dataDir  this peer's data directory (journal, node checkpoints); its content store is {@code store}
     * @param store    the embedded content store to publish from; not closed by {@link #close()}
     * @throws IllegalArgumentException naming the keystore file when it is missing, not a keystore, or the password is
     *                                  wrong
     * @throws dev.defl.engine.ledger.ChainUnavailableException when nothing answers JSON-RPC at the chain URL
     * @throws dev.defl.engine.ledger.WrongChainException when the chain's id is not the expected one
     * @throws IllegalStateException when the chain rejects a re-sent journaled transaction
     */
    public static PeerSession open(NetworkSettings settings, char[] password, Path dataDir,
                                      EmbeddedContentStore store) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(store, "store");
        Credentials account = unlock(settings.keystore(), password);
        ChainConnection chain = ChainConnection.connect(
                ChainSettings.of(settings.chainUrl()).withExpectedChainId(settings.expectedChainId()));
        try {
            Path dir = dataDir.toAbsolutePath().normalize();
            PendingJournal journal = PendingJournal.open(dir.resolve("chain").resolve("pending")
                    .resolve(Long.toString(chain.chainId())));
            List<TransactionSender.Recovery> recovered = new ArrayList<>();
            for (String from : journal.accounts()) recovered.addAll(TransactionSender.recover(chain, journal, from));
            NetworkContent content = new NetworkContent(store, settings.ipfs(), settings.ipfsTimeout());
            return new PeerSession(settings, null, dir, chain, account, content, journal, recovered);
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /**
     * A session over {@code workspace} (opened on the network's chain, e.g. {@link Workspace#openWithChain}), which it
     * owns from now on and closes: the workspace's chain connection and journal, {@code account}, and its embedded
     * store published to {@code ipfs}. Waits for the transactions journaled before a crash first
     * ({@link Workspace#recoverPendingTransactions()}). On failure the workspace is closed.
     *
     * @param ipfs    IPFS endpoints to fetch from and publish to (none: the embedded store alone)
     * @param timeout limit of one request to one endpoint
     * @throws IllegalStateException when the chain rejects a re-sent journaled transaction
     */
    public static PeerSession open(Workspace workspace, Credentials account, List<EndpointSpec> ipfs, Duration timeout) {
        try {
            List<TransactionSender.Recovery> recovered = workspace.recoverPendingTransactions();
            NetworkContent content = new NetworkContent(workspace.embeddedContent(), ipfs, timeout);
            return new PeerSession(null, workspace, workspace.dataDir(), workspace.chain(), account, content,
                    workspace.pendingJournal(), recovered);
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
    }

    /**
     * Decrypts a standard Ethereum keystore (Web3 Secret Storage, scrypt or pbkdf2).
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a keystore, or the password is wrong
     */
    public static Credentials unlock(Path keystore, char[] password) {
        if (!Files.isRegularFile(keystore)) {
            throw new IllegalArgumentException("keystore " + keystore + ": no such file");
        }
        try {
            return WalletUtils.loadCredentials(new String(password), keystore.toFile());
        } catch (CipherException e) {
            throw new IllegalArgumentException("keystore " + keystore + ": wrong password or damaged key ("
                    + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("keystore " + keystore + " is not an Ethereum keystore file: "
                    + e.getMessage(), e);
        }
    }

    /** The FederatedTasks contract at {@code address}, journaling this peer's transactions. */
    public TaskContract contract(String address) {
        return TaskContract.at(chain, address, journal);
    }

    /** Deploys a new FederatedTasks contract from this peer's account (journaled). */
    public TaskContract deployContract() {
        return TaskContract.deploy(chain, account, journal);
    }

    /** The workspace the session owns ({@link #open(Workspace, Credentials, List, Duration)}), or {@code null}. */
    public Workspace workspace() {
        return workspace;
    }

    /** This peer's data directory (content store, checkpoints, journal). */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * A client node of task {@code taskId} on {@code contract}, checkpointing under {@link #nodeDirectory}.
     *
     * @param data   the client's training rows (checked against the task's model input size)
     * @param salt   mixed into the training seed ({@link ClientShard#salt()})
     * @param device where to train: cpu, cuda or auto ({@link ComputeDevice#resolve})
     * @throws IOException if the checkpoint directory cannot be created
     * @throws IllegalArgumentException when the data's feature count does not fit the task's model
     */
    public ClientNode clientNode(TaskContract contract, long taskId, TaskDocument document, LabeledDataset data,
                                 long salt, String device, NodeOptions options, NodeListener listener)
            throws IOException {
        ModelSpec model = document.model();
        if (data.numFeatures() != model.inputSize()) {
            throw new IllegalArgumentException("dataset " + data.name() + " has " + data.numFeatures()
                    + " features but the task's model " + model + " takes " + model.inputSize());
        }
        ComputeDevice compute = ComputeDevice.resolve(device);
        return new ClientNode(contract, taskId, account, content, data, salt, new LocalTrainer(compute),
                nodeDirectory(contract.address(), taskId, Role.CLIENT), options,
                recorded(listener, RunKind.CLIENT, contract, taskId, document, data.name(), compute.name()));
    }

    /**
     * An aggregator node of task {@code taskId} on {@code contract}, checkpointing under {@link #nodeDirectory}.
     *
     * @throws IOException if the checkpoint directory cannot be created
     */
    public AggregatorNode aggregatorNode(TaskContract contract, long taskId, NodeOptions options,
                                         NodeListener listener) throws IOException {
        return aggregatorNode(contract, taskId, options, listener, false);
    }

    /**
     * As {@link #aggregatorNode(TaskContract, long, NodeOptions, NodeListener)}; {@code dishonest} proposes a wrong
     * aggregate (fault injection for demonstrations and tests, {@code defl node --dishonest}).
     */
    public AggregatorNode aggregatorNode(TaskContract contract, long taskId, NodeOptions options, NodeListener listener,
                                         boolean dishonest) throws IOException {
        TaskDocument document;
        try {
            document = taskDocument(contract, taskId);
        } catch (IOException | RuntimeException e) { // the node reports it when it joins; the record goes without
            document = null;
        }
        return new AggregatorNode(contract, taskId, account, content,
                nodeDirectory(contract.address(), taskId, Role.AGGREGATOR), options,
                recorded(listener, RunKind.AGGREGATOR, contract, taskId, document, null, null), dishonest);
    }

    /**
     * {@code listener} and a {@link NodeRecorder} keeping the node's part in the task in the data directory's run
     * database; {@code listener} alone (logged) when the database cannot be opened or written.
     */
    private NodeListener recorded(NodeListener listener, RunKind kind, TaskContract contract, long taskId,
                                  TaskDocument document, String dataset, String device) {
        synchronized (recorders) {
            if (!runsOpened) {
                runsOpened = true;
                if (workspace == null || !workspace.readOnly()) {
                    try {
                        runs = RunDatabase.open(dataDir);
                    } catch (IOException e) {
                        log.warn("{}; this node's part in the task is not kept in the run history", e.getMessage());
                    }
                }
            }
            if (runs == null) return listener;
            try {
                NodeRecorder recorder = NodeRecorder.start(runs, kind, chain.chainId(), contract.address(), taskId,
                        document, dataset, device, account.getAddress());
                recorders.add(recorder);
                return listener == null ? recorder : NodeListener.all(listener, recorder);
            } catch (IOException e) {
                log.warn("{}; this node's part in the task is not kept in the run history", e.getMessage());
                return listener;
            }
        }
    }

    /**
     * The spec document of task {@code taskId} ({@link TaskDocument#fetch}).
     *
     * @throws IllegalArgumentException when the contract has no such task
     * @throws IOException when the document cannot be fetched from the content store or IPFS
     */
    public TaskDocument taskDocument(TaskContract contract, long taskId) throws IOException {
        contract.requireTask(taskId);
        TaskInfo info = contract.task(taskId);
        return TaskDocument.fetch(content, info.params().modelSpec(), info.params().aggregationRule());
    }

    /**
     * Creates a task from this peer's account ({@link TaskCreator#create}), seeding the initial model on the CPU.
     *
     * @throws IOException if publishing the model or spec fails
     */
    public TaskCreator.CreatedTask createTask(TaskContract contract, TaskDocument document, TaskPlan plan)
            throws IOException {
        return TaskCreator.create(contract, account, content, document, plan, new LocalTrainer());
    }

    /**
     * Registers more clients and aggregators in task {@code taskId} (creator only), clients first: registration order
     * is the canonical order of each round's updates.
     *
     * @throws dev.defl.engine.ledger.ContractRevertException when this peer is not the task's creator (named)
     */
    public void addParticipants(TaskContract contract, long taskId, List<String> clients, List<String> aggregators) {
        if (!clients.isEmpty()) contract.addParticipants(account, taskId, clients, java.util.Set.of(Role.CLIENT));
        if (!aggregators.isEmpty()) {
            contract.addParticipants(account, taskId, aggregators, java.util.Set.of(Role.AGGREGATOR));
        }
    }

    /** This peer's account address (0x-prefixed, lower case). */
    public String address() {
        return account.getAddress();
    }

    /** This peer's unlocked account. */
    public Credentials account() {
        return account;
    }

    /** The content store, published to the IPFS endpoints. */
    public NetworkContent content() {
        return content;
    }

    /** The chain connection (its id checked). */
    public ChainConnection chain() {
        return chain;
    }

    /** The settings the session was opened with ({@code null} when opened over a workspace). */
    public NetworkSettings settings() {
        return settings;
    }

    /** The journal of this peer's sent but unconfirmed transactions on this chain. */
    public PendingJournal pendingJournal() {
        return journal;
    }

    /** What opening found in the journal (empty after a clean stop). */
    public List<TransactionSender.Recovery> recovered() {
        return recovered;
    }

    /** This peer's checkpoint directory for a task and role ({@link TaskNode#nodeDirectory}). */
    public Path nodeDirectory(String contract, long taskId, Role role) {
        return TaskNode.nodeDirectory(dataDir, chain.chainId(), contract, taskId, role, account.getAddress());
    }

    /**
     * Closes the IPFS clients and the chain connection, or the workspace the session owns; an embedded store given to
     * {@link #open(NetworkSettings, char[], Path, EmbeddedContentStore)} stays open.
     */
    @Override
    public void close() {
        synchronized (recorders) {
            recorders.forEach(NodeRecorder::close);
            recorders.clear();
            if (runs != null) runs.close();
            runs = null;
        }
        try {
            content.close();
        } finally {
            if (workspace != null) workspace.close();
            else chain.close();
        }
    }
}
