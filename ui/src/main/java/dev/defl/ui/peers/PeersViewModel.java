package dev.defl.ui.peers;

import dev.defl.engine.content.kubo.KuboRpcClient;
import dev.defl.engine.content.kubo.PubsubSubscription;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TaskEventDecoder;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.network.Announcement;
import dev.defl.engine.network.PeerRow;
import dev.defl.engine.network.PubsubTraffic;
import dev.defl.engine.network.TaskActivity;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.Poller;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * State of the Peers pane: the participants of one task of the workspace contract ({@link TaskActivity} from the event
 * index), its rounds for the flow graph and the votes matrix, and the messages on the task's pubsub topic
 * ({@link Announcement#topic}) read from an IPFS node's RPC API. Holds no controls.
 *
 * <p>Threading: every method is called on the UI thread. {@link #refresh()} reads the event index and the contract
 * address on the executor's background thread; the pubsub subscription is opened and closed there too, and each message
 * is handed to the UI thread. A failure (index, node) is shown in {@link #errorProperty()} or
 * {@link #trafficStatusProperty()}, never thrown at the user.
 */
public final class PeersViewModel {

    /** Task id meaning "none". */
    public static final long NO_TASK = -1;
    /** How often the chain is read while the pane is shown. */
    public static final Duration REFRESH_PERIOD = Duration.ofSeconds(3);
    /** A participant is online when it acted in one of this many latest opened rounds. */
    public static final long ONLINE_WINDOW_ROUNDS = 2;
    /** Most pubsub messages kept; older ones are dropped from the end of the list. */
    public static final int TRAFFIC_CAP = 500;
    /** Decimals of the reward token (FederatedTasks is an OpenZeppelin ERC-20: 18). */
    public static final int TOKEN_DECIMALS = 18;
    /** What the traffic status says while no IPFS API URL is set. */
    public static final String TRAFFIC_OFF = "Pubsub traffic is off: enter the RPC API URL of an IPFS node "
            + "(e.g. http://127.0.0.1:5001) to watch the task's topic.";

    private final Supplier<LogIndex> eventIndex;
    private final Supplier<TaskContract> contract;
    private final TaskExecutor executor;
    private final ObservableList<Long> tasks = FXCollections.observableArrayList();
    private final ObservableList<ParticipantRow> peers = FXCollections.observableArrayList();
    private final ObservableList<RoundPicture> rounds = FXCollections.observableArrayList();
    private final ObservableList<TrafficLine> traffic = FXCollections.observableArrayList();
    private final ObservableList<Long> tasksView = FXCollections.unmodifiableObservableList(tasks);
    private final ObservableList<ParticipantRow> peersView = FXCollections.unmodifiableObservableList(peers);
    private final ObservableList<RoundPicture> roundsView = FXCollections.unmodifiableObservableList(rounds);
    private final ObservableList<TrafficLine> trafficView = FXCollections.unmodifiableObservableList(traffic);
    private final ReadOnlyLongWrapper shownTask = new ReadOnlyLongWrapper(NO_TASK);
    private final ObjectProperty<RoundPicture> selectedRound = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("No task on chain yet: run an experiment "
            + "on the Trainer.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper topic = new ReadOnlyStringWrapper("");
    private final StringProperty ipfsUrl = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper trafficStatus = new ReadOnlyStringWrapper(TRAFFIC_OFF);
    /** Written on the UI thread, read by the background read. */
    private volatile long selectedTask = NO_TASK;
    /** A task followed on another contract (the one joined in the Network pane), or null for the workspace's tasks. */
    private volatile Followed followed;
    /** The task a run in this window created ({@link #followRun}); read by the UI thread only. */
    private long runTask = NO_TASK;
    /** The user picked a task other than the newest: runs do not move the pane off it. */
    private boolean pinned;
    private final ReadOnlyStringWrapper shownStatus = new ReadOnlyStringWrapper("");
    /** Reads the chain every {@link #REFRESH_PERIOD} while the pane is shown; merges refreshes asked for meanwhile. */
    private final Poller<Read> poller;
    private boolean active;
    /** Bumped whenever the subscription is replaced: messages and outcomes of older ones are ignored. */
    private long subscriptionGeneration;
    private Live live;

    /** An open subscription and its client. */
    private record Live(KuboRpcClient client, PubsubSubscription subscription, String url) {
        void close() throws IOException {
            try {
                subscription.close();
            } finally {
                client.close();
            }
        }
    }

    /** A followed task and the events read so far (appended by the background read only). */
    private static final class Followed {
        final TaskContract contract;
        final long taskId;
        final List<TaskEvent> events = new java.util.ArrayList<>();
        long lastBlock = -1;

        Followed(TaskContract contract, long taskId) {
            this.contract = contract;
            this.taskId = taskId;
        }
    }

    /** What one background read found. */
    private record Snapshot(List<Long> taskIds, TaskActivity activity, String topic, long lastBlock, String status) {
    }

    /** {@code "completed"}, {@code "abandoned"} (its run was stopped or died) or {@code "active"}, from the events. */
    static String statusOf(long taskId, List<TaskEvent> events) {
        for (TaskEvent e : events) {
            if (e instanceof TaskEvent.TaskCompleted c && c.taskId() == taskId) return "completed";
            if (e instanceof TaskEvent.TaskAbandoned a && a.taskId() == taskId) return "abandoned";
        }
        return "active";
    }

    /**
     * @param chain    the workspace's chain services (its event index and contract are read on the background
     *                 thread), or null for a workbench without a chain
     * @param executor runs reads and subscriptions in the background and hands results to the UI thread
     */
    public PeersViewModel(ChainServices chain, TaskExecutor executor) {
        this.eventIndex = chain == null ? () -> null : chain.eventIndex();
        this.contract = chain == null ? () -> null : chain.tasks();
        this.executor = Objects.requireNonNull(executor, "executor");
        poller = new Poller<>(executor, REFRESH_PERIOD, this::readWanted, read -> {
            checkSubscription();
            apply(read.snapshot(), read.wanted());
        }, failure -> {
            checkSubscription();
            error.set((followed != null ? "Network task: " : "Event index: ") + failure.getMessage());
        });
        ipfsUrl.addListener((obs, old, url) -> {
            if (!Objects.equals(old == null ? "" : old.strip(), url == null ? "" : url.strip())) {
                traffic.clear();
                resubscribe();
            }
        });
    }

    /** The pane is shown: reads the chain now and (with an IPFS URL set) subscribes to the task's topic. */
    public void start() {
        active = true;
        checkSubscription();
        poller.start();
        resubscribe();
    }

    /** The pane is hidden or closed: closes the subscription (in the background); keeps what is shown. */
    public void stop() {
        active = false;
        poller.stop();
        closeSubscription();
        if (!ipfsUrl.get().isBlank()) trafficStatus.set("Paused while the pane is hidden.");
    }

    /**
     * Reads the event index in the background and, on the UI thread, shows the selected task (the newest one if none
     * was picked). A refresh asked for while one runs runs once more after it. Also reports a subscription whose stream
     * ended.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the background executor is shut down
     */
    public void refresh() {
        checkSubscription();
        poller.refreshNow();
    }

    /** Background: the task wanted now (picked on the UI thread) and what the chain says of it. */
    private Read readWanted() {
        long wanted = selectedTask;
        return new Read(read(wanted), wanted);
    }

    /** One read and the task that was wanted when it began. */
    private record Read(Snapshot snapshot, long wanted) {
    }

    /**
     * Shows task {@code taskId} of {@code tasks} (a contract on the network's chain: the task joined in the Network
     * pane) instead of the workspace's tasks, reading its events from the block that created it; null goes back to
     * the workspace's tasks.
     */
    public void follow(TaskContract tasks, long taskId) {
        followed = tasks == null ? null : new Followed(tasks, taskId);
        selectedTask = tasks == null ? NO_TASK : taskId;
        selectedRound.set(null);
        refresh();
    }

    /** Background: the followed task's new events (from the block that created it on the first read). */
    private static Snapshot read(Followed f) {
        long head = f.contract.chain().blockNumber();
        long from = f.lastBlock >= 0 ? f.lastBlock + 1 : Math.max(0, f.contract.round(f.taskId, 1).submissionDeadline()
                - f.contract.task(f.taskId).params().submissionBlocks());
        if (from <= head) f.events.addAll(f.contract.events(from, head));
        f.lastBlock = head;
        TaskActivity taskActivity = TaskActivity.of(f.taskId, f.events, ONLINE_WINDOW_ROUNDS);
        return new Snapshot(List.of(f.taskId), taskActivity,
                Announcement.topic(f.contract.chain().chainId(), f.contract.address(), f.taskId), head,
                statusOf(f.taskId, f.events));
    }

    /** Background: the event index decoded, the chosen task's activity and its topic. */
    private Snapshot read(long wanted) {
        Followed f = followed;
        if (f != null) return read(f);
        LogIndex index = eventIndex.get();
        if (index == null) return new Snapshot(List.of(), null, "", -1, "");
        List<TaskEvent> events = TaskEventDecoder.federatedTasks().decodeAll(index.logs());
        List<Long> ids = events.stream().filter(TaskEvent.TaskCreated.class::isInstance)
                .map(e -> ((TaskEvent.TaskCreated) e).taskId()).sorted().toList();
        if (ids.isEmpty()) return new Snapshot(ids, null, "", index.lastIndexedBlock(), "");
        long task = ids.contains(wanted) ? wanted : ids.getLast();
        TaskActivity taskActivity = TaskActivity.of(task, events, ONLINE_WINDOW_ROUNDS);
        TaskContract tasksContract = contract.get();
        String address = tasksContract == null ? index.address() : tasksContract.address();
        String taskTopic = tasksContract == null ? ""
                : Announcement.topic(tasksContract.chain().chainId(), address, task);
        return new Snapshot(ids, taskActivity, taskTopic, index.lastIndexedBlock(), statusOf(task, events));
    }

    private void apply(Snapshot snapshot, long wanted) {
        error.set("");
        if (!tasks.equals(snapshot.taskIds())) tasks.setAll(snapshot.taskIds());
        TaskActivity a = snapshot.activity();
        if (a == null) return;
        if (selectedTask != wanted) {
            poller.refreshNow(); // another task was picked while reading: read again (after this read)
            return;
        }
        // a run's task not indexed yet: the newest indexed is shown meanwhile, the run's stays wanted
        boolean runTaskNotIndexedYet = runTask != NO_TASK && wanted == runTask && a.taskId() != wanted;
        if (!runTaskNotIndexedYet) selectedTask = a.taskId();
        shownStatus.set(snapshot.status());
        // unchanged values are not set again: the table keeps its selection, the graph its tooltips
        shownTask.set(a.taskId());
        List<ParticipantRow> rows = a.peers().stream().map(p -> ParticipantRow.of(p, suspected(a.taskId(), p.address())))
                .toList();
        if (!peers.equals(rows)) peers.setAll(rows);
        Long keep = selectedRound.get() == null ? null : selectedRound.get().round();
        // the latest round stays the one shown as new rounds open; a round picked by the user stays picked
        if (keep != null && !rounds.isEmpty() && keep == rounds.getLast().round()) keep = null;
        List<String> aggregators = a.aggregators();
        List<RoundPicture> pictures = a.rounds().stream().map(r -> RoundPicture.of(r, aggregators)).toList();
        if (!rounds.equals(pictures)) rounds.setAll(pictures);
        Long wantedRound = keep;
        RoundPicture round = wantedRound == null ? null
                : pictures.stream().filter(r -> r.round() == wantedRound).findFirst().orElse(null);
        RoundPicture shown = round != null ? round : pictures.isEmpty() ? null : pictures.getLast();
        if (!Objects.equals(shown, selectedRound.get())) selectedRound.set(shown);
        long online = a.peers().stream().filter(PeerRow::online).count();
        Followed f = followed;
        header.set((f == null ? "" : "Network: ") + "Task " + a.taskId()
                + (f == null ? "" : " on " + f.contract.address() + " (chain " + f.contract.chain().chainId() + ")") + " · " + a.peers().size() + " participants, " + online + " online (acted in "
                + "the last " + ONLINE_WINDOW_ROUNDS + " rounds) · " + a.rounds().size() + " of " + a.params().rounds()
                + " rounds · indexed to block " + snapshot.lastBlock() + " · " + snapshot.status());
        if (!snapshot.topic().equals(topic.get())) {
            topic.set(snapshot.topic());
            traffic.clear();
            resubscribe();
        }
    }

    /**
     * Shows task {@code taskId} (read again in the background): the user picked it. Picking a task other than the
     * newest pins it, so that a run's new task ({@link #followRun}) does not replace it; picking the newest unpins.
     */
    public void selectTask(long taskId) {
        pinned = !tasks.isEmpty() && taskId != tasks.getLast();
        if (taskId == selectedTask) return;
        selectedTask = taskId;
        selectedRound.set(null);
        refresh();
    }

    /**
     * A run in this window created task {@code taskId} of the workspace contract: shows it (it may take an index read
     * or two to appear), unless the user pinned another task ({@link #selectTask}) or follows a task joined in the
     * Network pane ({@link #follow}).
     */
    public void followRun(long taskId) {
        if (pinned || followed != null) return;
        runTask = taskId;
        if (selectedTask == taskId) return;
        selectedTask = taskId;
        selectedRound.set(null);
        refresh();
    }

    /** Whether a task picked by the user keeps a run's new task from being shown ({@link #selectTask}). */
    public boolean pinned() {
        return pinned;
    }

    /** Reports a subscription whose stream ended (the node went away). */
    private void checkSubscription() {
        if (live != null && live.subscription().failure().isPresent()) {
            trafficStatus.set("IPFS node " + live.url() + ": subscription ended: "
                    + live.subscription().failure().get().getMessage());
        }
    }

    /** Closes the current subscription and, when shown with a URL and a topic, opens one on the current topic. */
    private void resubscribe() {
        closeSubscription();
        String url = ipfsUrl.get() == null ? "" : ipfsUrl.get().strip();
        String onTopic = topic.get();
        if (url.isEmpty()) {
            trafficStatus.set(TRAFFIC_OFF);
            return;
        }
        if (!active) return;
        if (onTopic.isEmpty()) {
            trafficStatus.set("No task yet: the topic is known once a task is on chain.");
            return;
        }
        long generation = subscriptionGeneration;
        trafficStatus.set("Subscribing to " + onTopic + " at " + url + " …");
        executor.execute(BackgroundTask.of(() -> {
                    KuboRpcClient client = new KuboRpcClient(parseUrl(url), Duration.ofSeconds(5));
                    try {
                        PubsubSubscription subscription = client.pubsubSub(onTopic, message -> {
                            TrafficLine seen = TrafficLine.of(PubsubTraffic.of(message, Instant.now()));
                            executor.ui().execute(() -> receive(generation, seen));
                        });
                        return new Live(client, subscription, url);
                    } catch (IOException | RuntimeException e) {
                        client.close();
                        throw e;
                    }
                })
                .onSuccess(opened -> {
                    if (generation != subscriptionGeneration) {
                        closeInBackground(opened);
                        return;
                    }
                    live = opened;
                    trafficStatus.set("Listening on " + onTopic + " at " + url);
                })
                .onException(failure -> {
                    if (generation == subscriptionGeneration) {
                        trafficStatus.set("IPFS node " + url + ": " + failure.getMessage());
                    }
                }));
    }

    /** The URL typed, as a URI; names the text when it is not one. */
    private static URI parseUrl(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private void receive(long generation, TrafficLine seen) {
        if (generation != subscriptionGeneration) return;
        traffic.addFirst(seen);
        if (traffic.size() > TRAFFIC_CAP) traffic.remove(TRAFFIC_CAP, traffic.size());
    }

    private void closeSubscription() {
        subscriptionGeneration++;
        Live old = live;
        live = null;
        if (old != null) closeInBackground(old);
    }

    private void closeInBackground(Live old) {
        executor.execute(BackgroundTask.of(() -> {
            old.close();
            return old;
        }).onException(failure -> trafficStatus.set("Closing the subscription at " + old.url() + ": "
                + failure.getMessage())));
    }

    /**
     * {@code amount} reward units as tokens of {@link #TOKEN_DECIMALS} decimals, exact, without trailing zeros:
     * {@code 1500000000000000000 → "1.5"}, {@code 10 → "0.00000000000000001"}.
     */
    public static String tokens(BigInteger amount) {
        if (amount.signum() == 0) return "0";
        return new BigDecimal(amount, TOKEN_DECIMALS).stripTrailingZeros().toPlainString();
    }

    /** The task ids of the workspace contract, ascending. */
    public ObservableList<Long> tasks() { return tasksView; }
    /** The shown task's participants ({@link TaskActivity#peers()}). */
    public ObservableList<ParticipantRow> peers() { return peersView; }

    /** Per task, per client address (lower case): the rounds whose screening suspected its update. FX thread. */
    private final java.util.Map<Long, java.util.Map<String, java.util.Set<Integer>>> suspectedRounds = new java.util.HashMap<>();

    /**
     * A run in this window screened {@code client}'s update of {@code round} in task {@code taskId} as suspected
     * ({@code RunListener.onUpdateScreened}); the Suspected column counts such rounds. Call on the FX thread.
     */
    public void recordSuspected(long taskId, int round, String client) {
        var rounds = suspectedRounds.computeIfAbsent(taskId, t -> new java.util.HashMap<>())
                .computeIfAbsent(client.toLowerCase(java.util.Locale.ROOT), c -> new java.util.TreeSet<>());
        if (!rounds.add(round) || shownTask.get() != taskId) return;
        peers.replaceAll(r -> r.address().equalsIgnoreCase(client)
                ? new ParticipantRow(r.address(), r.roles(), r.online(), r.lastSeenRound(), r.updatesSubmitted(),
                r.updatesAccepted(), r.proposals(), r.votes(), r.winningVotes(), r.rewardsEarned(), rounds.size())
                : r);
    }

    /** Rounds in which {@code address}'s update of task {@code taskId} was screened as suspected. */
    public int suspected(long taskId, String address) {
        var byClient = suspectedRounds.get(taskId);
        var rounds = byClient == null ? null : byClient.get(address.toLowerCase(java.util.Locale.ROOT));
        return rounds == null ? 0 : rounds.size();
    }
    /** The shown task's rounds, in round order. */
    public ObservableList<RoundPicture> rounds() { return roundsView; }
    /** Messages on the task's topic, newest first, at most {@link #TRAFFIC_CAP}. */
    public ObservableList<TrafficLine> traffic() { return trafficView; }
    /** The task whose participants and rounds are shown; {@link #NO_TASK} before the first read of a task. */
    public ReadOnlyLongProperty shownTaskProperty() { return shownTask.getReadOnlyProperty(); }
    /** The shown task's state: {@code "active"}, {@code "completed"} or {@code "abandoned"}; empty before a read. */
    public ReadOnlyStringProperty shownStatusProperty() { return shownStatus.getReadOnlyProperty(); }
    /** The shown task id, {@link #NO_TASK} when none. */
    public long selectedTask() { return selectedTask; }
    /** The round of the flow graph and votes matrix; the view binds its round selector to it. */
    public ObjectProperty<RoundPicture> selectedRoundProperty() { return selectedRound; }
    public ReadOnlyStringProperty headerProperty() { return header.getReadOnlyProperty(); }
    /** Why the last index read failed; empty after a good one. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    /** The shown task's pubsub topic ({@link Announcement#topic}); empty before one is known. */
    public ReadOnlyStringProperty topicProperty() { return topic.getReadOnlyProperty(); }
    /** The IPFS node's RPC API URL, e.g. {@code http://127.0.0.1:5001}; empty: traffic off. */
    public StringProperty ipfsUrlProperty() { return ipfsUrl; }
    /** One line on the subscription: off, subscribing, listening, or why it failed. */
    public ReadOnlyStringProperty trafficStatusProperty() { return trafficStatus.getReadOnlyProperty(); }
}
