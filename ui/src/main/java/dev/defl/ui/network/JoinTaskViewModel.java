package dev.defl.ui.network;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.network.ClientShard;
import dev.defl.engine.service.PeerSession;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.engine.network.NodeListener;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskNode;
import dev.defl.ui.CidText;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * State of the Network pane's "Join task" part: runs this peer as a client or an aggregator of a task
 * ({@link dev.defl.engine.network.ClientNode}, {@link dev.defl.engine.network.AggregatorNode}) over a
 * {@link PeerSession} opened with the saved network settings, the keystore unlocked with a password that is used once
 * and cleared. One node at a time.
 *
 * <p>Threading: every method is called on the UI thread. The session is opened, the node runs and the session closes on
 * one background task; the node's status and events reach the UI thread through the executor's UI executor. A failure
 * (bad password, chain down, the node failing) is shown in {@link #errorProperty()} and the pane can join again.
 */
public final class JoinTaskViewModel {
    /** Most log lines kept; older ones fall off the end (newest first). */
    public static final int LOG_CAP = 500;
    /** Default chain poll interval of a node run from the window. */
    public static final NodeOptions OPTIONS = NodeOptions.DEFAULT;

    /** Where the node is. */
    public enum State { IDLE, JOINING, RUNNING, LEAVING }

    private final NetworkServices services;
    private final TaskExecutor executor;
    private final NodeOptions options;
    private final StringProperty contract = new SimpleStringProperty("");
    private final StringProperty taskId = new SimpleStringProperty("1");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(Role.CLIENT);
    /** {@link #role} as the view shows it: true for aggregator; the two are kept equal. */
    private final BooleanProperty aggregator = new SimpleBooleanProperty(false);
    private final StringProperty dataset = new SimpleStringProperty("digits");
    private final StringProperty shard = new SimpleStringProperty("");
    private final StringProperty samples = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyObjectWrapper<JoinedTask> joined = new ReadOnlyObjectWrapper<>();

    /**
     * The task of the node that runs (or ran last): its contract, on the network's chain, whose reads work while the
     * node's session is open, and the RPC API URL of the session's first IPFS node (pubsub), or "" without one.
     */
    public record JoinedTask(TaskContract contract, long taskId, String ipfsApi) {}
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not joined.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper round = new ReadOnlyLongWrapper(0);
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(log);
    private AtomicBoolean stop = new AtomicBoolean();

    /**
     * @param services data directory, store and dataset loader
     * @param executor runs the node in the background (an executor that can run it for as long as the task lasts)
     * @param options  how the node polls and checkpoints
     */
    public JoinTaskViewModel(NetworkServices services, TaskExecutor executor, NodeOptions options) {
        this.services = Objects.requireNonNull(services, "services");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.options = Objects.requireNonNull(options, "options");
        role.addListener((obs, old, r) -> aggregator.set(r == Role.AGGREGATOR));
        aggregator.addListener((obs, old, a) -> role.set(a ? Role.AGGREGATOR : Role.CLIENT));
    }

    /** A form filled in from the outside, e.g. "Join this task" after creating one. */
    public void fill(String contractAddress, long task) {
        contract.set(contractAddress);
        taskId.set(Long.toString(task));
    }

    /** What the user asks for, checked on the UI thread. */
    private record Request(String contract, long taskId, Role role, String dataset, ClientShard shard) {}

    private Request request() {
        String address = contract.get() == null ? "" : contract.get().strip();
        if (!AddressList.isAddress(address)) {
            throw new IllegalArgumentException("contract '" + address + "' is not an address (0x + 40 hex digits)");
        }
        long id;
        try {
            id = Long.parseLong(taskId.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("task id '" + taskId.get() + "' is not a whole number");
        }
        if (id < 1) throw new IllegalArgumentException("task id must be >= 1, not " + id);
        Role r = Objects.requireNonNull(role.get(), "role");
        String data = dataset.get() == null ? "" : dataset.get().strip();
        if (r == Role.CLIENT && data.isEmpty()) throw new IllegalArgumentException("a client needs a dataset");
        ClientShard s = r == Role.CLIENT ? ClientShard.parse(shard.get(), samples.get()) : ClientShard.ALL;
        return new Request(address, id, r, data, s);
    }

    /** Checks the form without starting anything: false with the error shown when it is invalid. */
    public boolean check() {
        try {
            request();
            error.set("");
            return true;
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return false;
        }
    }

    /**
     * Joins the task: checks the form, then in the background loads the network settings, opens the session with
     * {@code password} (cleared as soon as the key is unlocked, and on any failure), builds the node and runs it until
     * the task completes or {@link #leave()}.
     *
     * @return false when the form is invalid or a node already runs (nothing started; the error is shown)
     */
    public boolean join(char[] password) {
        Objects.requireNonNull(password, "password");
        if (state.get() != State.IDLE) {
            Arrays.fill(password, '\0');
            error.set("already joined: leave first");
            return false;
        }
        Request req;
        try {
            req = request();
        } catch (IllegalArgumentException e) {
            Arrays.fill(password, '\0');
            error.set(e.getMessage());
            return false;
        }
        error.set("");
        log.clear();
        round.set(0);
        state.set(State.JOINING);
        status.set("Opening the network…");
        AtomicBoolean stopFlag = new AtomicBoolean();
        stop = stopFlag;
        executor.execute(BackgroundTask.of(() -> run(req, password, stopFlag))
                .onSuccess(outcome -> status.set(outcome == TaskNode.Outcome.COMPLETED ? "Task " + req.taskId()
                        + " completed." : "Left task " + req.taskId() + "."))
                .onException(e -> {
                    error.set(message(e));
                    status.set("Not joined.");
                })
                .onFinished(() -> state.set(State.IDLE)));
        return true;
    }

    private TaskNode.Outcome run(Request req, char[] password, AtomicBoolean stopFlag) throws Exception {
        NetworkSettings settings = NetworkSettings.load(services.settingsFile()).orElseThrow(() ->
                new IllegalStateException("no network settings yet: open Settings → Network… ("
                        + services.settingsFile() + ")"));
        PeerSession session;
        try {
            session = PeerSession.open(settings, password, services.dataDir(), services.store());
        } finally {
            Arrays.fill(password, '\0');
        }
        try (session) {
            String me = session.address();
            executor.ui().execute(() -> account.set(me));
            TaskContract tasks = session.contract(req.contract());
            NodeListener listener = new Listener();
            TaskNode node;
            if (req.role() == Role.CLIENT) {
                TaskDocument document = session.taskDocument(tasks, req.taskId());
                DatasetSplit split = services.datasets().load(req.dataset(), document.seed(), session.content());
                LabeledDataset rows = req.shard().select(split.train(), document.seed());
                node = session.clientNode(tasks, req.taskId(), document, rows, req.shard().salt(),
                        dev.defl.engine.learning.ComputeDevice.CPU, options, listener);
                executor.ui().execute(() -> addLog("training on " + rows.name() + " (" + rows.size() + " rows)"));
            } else {
                node = session.aggregatorNode(tasks, req.taskId(), options, listener);
            }
            String ipfsApi = session.content().nodes().isEmpty() ? ""
                    : session.content().nodes().getFirst().endpoint().toString();
            JoinedTask joinedTask = new JoinedTask(tasks, req.taskId(), ipfsApi);
            executor.ui().execute(() -> {
                joined.set(joinedTask);
                if (state.get() == State.JOINING) state.set(State.RUNNING);
                status.set("Joined task " + req.taskId() + " as " + req.role().name().toLowerCase(Locale.ROOT) + ".");
            });
            return node.run(stopFlag::get);
        }
    }

    /** Hands the node's reports to the UI thread. */
    private final class Listener implements NodeListener {
        @Override
        public void onStatus(String line) {
            executor.ui().execute(() -> status.set(line));
        }

        @Override
        public void onEvents(List<TaskEvent> events, long lastSeenBlock) {
            List<String> lines = events.stream().map(JoinTaskViewModel::describe).toList();
            long latest = events.stream().mapToLong(JoinTaskViewModel::roundOf).max().orElse(0);
            executor.ui().execute(() -> {
                lines.forEach(JoinTaskViewModel.this::addLog);
                if (latest > round.get()) round.set(latest);
            });
        }
    }

    private void addLog(String line) {
        log.addFirst(line);
        if (log.size() > LOG_CAP) log.remove(LOG_CAP, log.size());
    }

    /** Asks the node to stop after its current step; the session closes in the background. */
    public void leave() {
        if (state.get() == State.JOINING || state.get() == State.RUNNING) {
            stop.set(true);
            state.set(State.LEAVING);
            status.set("Leaving (finishing the current step)…");
        }
    }

    /** One readable line for a task event, e.g. {@code block 12: round 1 finalized bafk… (1 vote)}. */
    public static String describe(TaskEvent e) {
        String what = switch (e) {
            case TaskEvent.TaskCreated c -> "task " + c.taskId() + " created by " + AddressList.shorten(c.creator());
            case TaskEvent.ParticipantAdded p -> AddressList.shorten(p.account()) + " added as " + p.roles().stream()
                    .map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList();
            case TaskEvent.RoundOpened o -> "round " + o.round() + " opened (updates until block "
                    + o.submissionDeadline() + ", votes until block " + o.voteDeadline() + ")";
            case TaskEvent.UpdateSubmitted u -> "round " + u.round() + ": update " + CidText.shorten(u.cid().toString())
                    + " from " + AddressList.shorten(u.client()) + " (" + u.numSamples() + " samples)";
            case TaskEvent.UpdatesCommitted c -> "round " + c.round() + ": " + c.count() + " updates committed by "
                    + AddressList.shorten(c.aggregator());
            case TaskEvent.SubmissionsClosed c -> "round " + c.round() + ": submissions closed with " + c.count()
                    + " updates (" + c.totalSamples() + " samples)";
            case TaskEvent.AggregateProposed p -> "round " + p.round() + ": " + AddressList.shorten(p.aggregator()) + " proposed "
                    + CidText.shorten(p.cid().toString());
            case TaskEvent.VoteCast v -> "round " + v.round() + ": " + AddressList.shorten(v.voter()) + " voted for "
                    + CidText.shorten(v.cid().toString()) + " (" + v.votes() + (v.votes() == 1 ? " vote)" : " votes)");
            case TaskEvent.RoundFinalized f -> "round " + f.round() + " finalized " + CidText.shorten(f.cid().toString())
                    + " (" + f.votes() + (f.votes() == 1 ? " vote)" : " votes)");
            case TaskEvent.RoundFailed f -> "round " + f.round() + " failed: "
                    + f.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + f.updateCount() + " updates)";
            case TaskEvent.TaskCompleted c -> "task " + c.taskId() + " completed with the model of round "
                    + c.modelRound() + ", " + CidText.shorten(c.model().toString());
            case TaskEvent.TaskAbandoned a -> "task " + a.taskId() + " abandoned by its creator in round " + a.round();
            case TaskEvent.UpdateRewarded r -> "round " + r.round() + ": " + AddressList.shorten(r.client()) + " rewarded";
            case TaskEvent.RewardsClaimed r -> AddressList.shorten(r.account()) + " claimed " + r.amount() + " reward units";
            case TaskEvent.AggregatorKeyPublished k -> AddressList.shorten(k.aggregator()) + " published its public key";
            case TaskEvent.TokenTransfer t -> t.amount() + " reward units from " + AddressList.shorten(t.from()) + " to " + AddressList.shorten(t.to());
        };
        return "block " + e.blockNumber() + ": " + what;
    }

    private static long roundOf(TaskEvent e) {
        return switch (e) {
            case TaskEvent.RoundOpened o -> o.round();
            case TaskEvent.RoundFinalized f -> f.round();
            case TaskEvent.RoundFailed f -> f.round();
            case TaskEvent.UpdateSubmitted u -> u.round();
            default -> 0;
        };
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    public StringProperty contractProperty() {
        return contract;
    }

    public StringProperty taskIdProperty() {
        return taskId;
    }

    public ObjectProperty<Role> roleProperty() {
        return role;
    }

    /** The role as a choice between two: true joins as aggregator, false as client; follows {@link #roleProperty()}. */
    public BooleanProperty aggregatorProperty() {
        return aggregator;
    }

    /** What {@code defl node --dataset} takes: a built-in name, a path, or a published dataset's CID. */
    public StringProperty datasetProperty() {
        return dataset;
    }

    /** {@code K/N}, blank = the whole training set. */
    public StringProperty shardProperty() {
        return shard;
    }

    /** Most training rows, blank = all. */
    public StringProperty samplesProperty() {
        return samples;
    }

    /** The joined task, null before the first join; the Peers pane follows it. */
    public ReadOnlyObjectProperty<JoinedTask> joinedProperty() {
        return joined.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The node's latest status line. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last join failed or the node stopped with an error, or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** This peer's address once the key is unlocked. */
    public ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }

    /** The latest round seen in the task's events (0 before the first). */
    public ReadOnlyLongProperty roundProperty() {
        return round.getReadOnlyProperty();
    }

    /** The node's events as readable lines, newest first, at most {@link #LOG_CAP}. */
    public ObservableList<String> log() {
        return logView;
    }

    /** True unless idle: Join is disabled. */
    public BooleanBinding joinDisabled() {
        return Bindings.createBooleanBinding(() -> state.get() != State.IDLE, state);
    }

    /** True unless joining or running: Leave is disabled. */
    public BooleanBinding leaveDisabled() {
        return Bindings.createBooleanBinding(() -> state.get() != State.JOINING && state.get() != State.RUNNING, state);
    }
}
