package dev.defl.ui.timeline;

import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.RunReport.ProposalRecord;
import dev.defl.engine.protocol.RunReport.RoundReport;
import dev.defl.engine.protocol.RunReport.UpdateRecord;
import dev.defl.engine.protocol.RunReport.VoteRecord;
import dev.defl.engine.ledger.index.LogIndex;
import dev.defl.engine.ledger.TaskEventDecoder;
import dev.defl.ui.explorer.ChainServices;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.concurrent.Poller;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.names.AddressBook;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Round timeline state: one {@link RoundRow} per round moving open → aggregating → voting →
 * finalized (or failed), the test accuracy per finalized round, the chain header and the details of
 * the selected round. Holds no controls.
 *
 * <p>Two sources feed it. The live run's events ({@link RunObserver}, on the UI thread) drive the rows
 * of the run's task exactly as they arrive. The workspace contract's event index
 * ({@link ChainServices#eventIndex()}) lists every task ({@link #tasks()}) and rebuilds the rows of
 * any task picked with {@link #selectTask(long)}, so that a workspace reopened after a run shows that
 * run without re-running it. {@link #refresh()} reads the index on the background executor.
 *
 * <p>Which task is live: the run creates its task before it reports {@code onStarted}, so the newest
 * task of the first index read after {@code onStarted} is the run's task. While the run is live its
 * task is selected; once its last round finalized the chain may rebuild it, keeping the accuracy and
 * loss the run's evaluator measured. The chain does not hold them: other tasks take theirs from the run database
 * ({@link #setStoredScores}, e.g. after a restart) and show "—" where it has none.
 */
public final class TimelineViewModel implements RunObserver {

    /** Task id meaning "none". */
    public static final long NO_TASK = -1;
    /** How often the event index is read while the pane is shown. */
    public static final Duration REFRESH_PERIOD = Duration.ofSeconds(2);

    private final Supplier<LogIndex> eventIndex;
    private final TaskExecutor executor;
    /** The live run's rows, fed by run events. */
    private final ObservableList<RoundRow> liveRows = FXCollections.observableArrayList();
    private final ObservableList<AccuracyPoint> liveAccuracy = FXCollections.observableArrayList();
    /** What is shown: the live rows or a task rebuilt from the chain. */
    private final ObservableList<RoundRow> rows = FXCollections.observableArrayList();
    private final ObservableList<RoundRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<AccuracyPoint> accuracy = FXCollections.observableArrayList();
    private final ObservableList<AccuracyPoint> accuracyView = FXCollections.unmodifiableObservableList(accuracy);
    private final ObservableList<TaskSummary> tasks = FXCollections.observableArrayList();
    private final ObservableList<TaskSummary> tasksView = FXCollections.unmodifiableObservableList(tasks);
    private final ReadOnlyObjectWrapper<TaskSummary> selectedTask = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper indexError = new ReadOnlyStringWrapper("");
    /** Scores per round measured by the live run's evaluator: {accuracy, loss, R²} (R² NaN for classification). */
    private final Map<Integer, double[]> liveScores = new HashMap<>();
    /** Scores the run database kept, per task (read in the background, used on the UI thread). */
    private final Map<Long, Map<Integer, double[]>> storedScores = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile StoredScores scoreHistory = taskId -> Map.of();
    /** The task shown, for the background read of its stored scores. */
    private volatile long wantedTask = NO_TASK;
    private ChainTimeline chain = ChainTimeline.empty();
    private long selectedTaskId = NO_TASK;
    /** The task whose chain rows are shown, so that a refresh updates them in place; NO_TASK when none. */
    private long shownChainTask = NO_TASK;
    private long liveTaskId = NO_TASK;
    private boolean showingLive = true;
    private boolean runActive;
    /** Written on the UI thread, read by the background index read. */
    private volatile boolean runStarted;
    private volatile long runGeneration;
    private final Poller<IndexRead> indexPoller;
    private String liveHeader;
    private int livePlannedRounds;
    private final ReadOnlyStringWrapper header = new ReadOnlyStringWrapper("No run yet: load a dataset on the Trainer and press Run.");
    private final ReadOnlyLongWrapper latestBlock = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyIntegerWrapper plannedRounds = new ReadOnlyIntegerWrapper(0);
    private final javafx.beans.property.ReadOnlyBooleanWrapper privateRun = new javafx.beans.property.ReadOnlyBooleanWrapper(false);
    private final ObjectProperty<RoundRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private int quorum = 1;
    private final AddressBook book;
    private int clients = Integer.MAX_VALUE;

    /** Fed by run events only: no event index (tests, or a workbench without a chain). */
    public TimelineViewModel() {
        this(null, TaskExecutor.synchronous());
    }

    /**
     * @param chain    the workspace's chain services, or null when there is no chain; only its event
     *                 index is read, on {@code executor}'s background thread
     * @param executor runs index reads in the background and hands the result to the UI thread
     */
    public TimelineViewModel(ChainServices chain, TaskExecutor executor) {
        this(chain, executor, AddressBook.none());
    }

    /**
     * As {@link #TimelineViewModel(ChainServices, TaskExecutor)}, naming the senders of updates, proposals and votes
     * in the round details from {@code book} (the details follow its changes).
     */
    public TimelineViewModel(ChainServices chain, TaskExecutor executor, AddressBook book) {
        this.book = java.util.Objects.requireNonNull(book, "book");
        book.revisionProperty().addListener((obs, old, now) -> refreshDetails());
        this.eventIndex = chain == null ? () -> null : chain.eventIndex();
        this.executor = java.util.Objects.requireNonNull(executor, "executor");
        indexPoller = new Poller<>(executor, REFRESH_PERIOD, this::readIndex,
                read -> applyChain(read.timeline(), read.generation() == runGeneration && read.afterStart()),
                failure -> indexError.set("Event index: " + failure.getMessage()));
        liveHeader = header.get();
        selected.addListener((obs, old, row) -> refreshDetails());
    }

    /**
     * Reads the event index in the background (it syncs from the last block seen) and, on the UI
     * thread, refreshes the task list and the shown task's rows. A refresh asked for while one is
     * running runs once more after it. A failed read is reported in {@link #indexErrorProperty()} and
     * keeps what is shown.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the background executor is shut down
     */
    public void refresh() {
        indexPoller.refreshNow();
    }

    /** Reads the event index now and every {@link #REFRESH_PERIOD} until {@link #stopRefreshing()} (pane shown). */
    public void startRefreshing() {
        indexPoller.start();
    }

    /** Stops the periodic reads; the outcome of a read under way is dropped (pane hidden). */
    public void stopRefreshing() {
        indexPoller.stop();
    }

    /**
     * Where the test scores of a task's rounds come from when this window did not run it (after a restart): the run
     * database's record of the task. Called on the background executor.
     */
    @FunctionalInterface
    public interface StoredScores {
        /**
         * @return round → {test accuracy in [0, 1], test loss, R²} (NaN where absent); empty when no run of this
         *         data directory ran task {@code taskId}
         * @throws Exception when the history cannot be read (the rows then show "—")
         */
        Map<Integer, double[]> of(long taskId) throws Exception;
    }

    /** Takes the test scores of tasks this window did not run from {@code scores} (the run database). */
    public void setStoredScores(StoredScores scores) {
        scoreHistory = java.util.Objects.requireNonNull(scores, "scores");
        storedScores.clear();
        refresh();
    }

    /** One read of the index and the run state it was read in. */
    private record IndexRead(ChainTimeline timeline, long generation, boolean afterStart) {}

    /** Background: the run state first, then the index (so a task of this run is in it if mined). */
    private IndexRead readIndex() {
        long generation = runGeneration;
        boolean afterStart = runStarted;
        LogIndex index = eventIndex.get();
        if (index == null) return new IndexRead(ChainTimeline.empty(), generation, afterStart);
        ChainTimeline timeline = ChainTimeline.of(TaskEventDecoder.federatedTasks().decodeAll(index.logs()),
                index.lastIndexedBlock());
        long task = wantedTask != NO_TASK ? wantedTask : timeline.tasks().isEmpty() ? NO_TASK : timeline.tasks().getLast().taskId();
        if (task != NO_TASK) readStoredScores(timeline, task);
        return new IndexRead(timeline, generation, afterStart);
    }

    /** Background: the run database's scores of {@code task}, unless every finalized round's are known already. */
    private void readStoredScores(ChainTimeline timeline, long task) {
        Map<Integer, double[]> known = storedScores.get(task);
        boolean complete = known != null && timeline.rounds(task).stream()
                .filter(h -> h.state() == RoundState.FINALIZED).allMatch(h -> known.containsKey(h.round()));
        if (complete) return;
        try {
            storedScores.put(task, Map.copyOf(scoreHistory.of(task)));
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(TimelineViewModel.class).warn("cannot read the stored scores of task {}: {}", task, e.toString());
        }
    }

    private void applyChain(ChainTimeline timeline, boolean identifiesLiveTask) {
        indexError.set("");
        chain = timeline;
        if (identifiesLiveTask && runActive && liveTaskId == NO_TASK && !timeline.tasks().isEmpty()) {
            liveTaskId = timeline.tasks().getLast().taskId();
            selectedTaskId = liveTaskId;
            wantedTask = liveTaskId;
            showingLive = true;
        }
        tasks.setAll(timeline.tasks());
        if (selectedTaskId == NO_TASK && !runActive && !timeline.tasks().isEmpty()) {
            selectedTaskId = timeline.tasks().getLast().taskId();
            wantedTask = selectedTaskId;
            showingLive = false;
        }
        selectedTask.set(summary(selectedTaskId));
        if (!showingLive) showChainTask();
    }

    /**
     * Shows task {@code taskId}: the live rows when it is the live run's task and the run is still
     * going, otherwise its rounds rebuilt from the last index read.
     */
    public void selectTask(long taskId) {
        if (taskId == selectedTaskId) return;
        selectedTaskId = taskId;
        wantedTask = taskId;
        if (!storedScores.containsKey(taskId)) refresh();
        selectedTask.set(summary(taskId));
        if (taskId == liveTaskId && runActive) {
            showLive();
        } else {
            showingLive = false;
            showChainTask();
        }
    }

    private TaskSummary summary(long taskId) {
        return chain.tasks().stream().filter(t -> t.taskId() == taskId).findFirst().orElse(null);
    }

    private void showLive() {
        showingLive = true;
        shownChainTask = NO_TASK;
        RoundRow keep = selected.get();
        rows.setAll(liveRows);
        accuracy.setAll(liveAccuracy);
        plannedRounds.set(livePlannedRounds);
        header.set(liveHeader);
        selected.set(rows.contains(keep) ? keep : null);
    }

    /** Rebuilds the shown rows from the chain, reusing row objects so the table keeps its selection. */
    private void showChainTask() {
        List<ChainTimeline.RoundHistory> history = chain.rounds(selectedTaskId);
        boolean live = selectedTaskId == liveTaskId;
        int quorum = summary(selectedTaskId) == null ? 1 : summary(selectedTaskId).quorum();
        Integer selectedRound = selected.get() == null || shownChainTask != selectedTaskId ? null : selected.get().round();
        Map<Integer, RoundRow> existing = new HashMap<>();
        if (shownChainTask == selectedTaskId) {
            for (RoundRow r : rows) existing.put(r.round(), r);
        }
        shownChainTask = selectedTaskId;
        List<RoundRow> rebuilt = new java.util.ArrayList<>();
        List<AccuracyPoint> points = new java.util.ArrayList<>();
        for (ChainTimeline.RoundHistory h : history) {
            RoundRow row = existing.get(h.round());
            if (row == null || liveRows.contains(row)) row = new RoundRow(h.round(), quorum);
            double[] score = live ? liveScores.get(h.round()) : null;
            if (score == null) score = storedScores.getOrDefault(selectedTaskId, Map.of()).get(h.round());
            row.load(h, score == null ? Double.NaN : score[0], score == null ? Double.NaN : score[1]);
            row.setTestR2(score == null ? Double.NaN : score[2]);
            row.setEpsilon(score == null || score.length < 4 ? Double.NaN : score[3]);
            rebuilt.add(row);
            if (score != null && h.state() == RoundState.FINALIZED && Double.isFinite(score[0])) {
                points.add(new AccuracyPoint(h.round(), 100 * score[0]));
            }
        }
        if (rebuilt.size() >= rows.size() && rebuilt.subList(0, rows.size()).equals(rows)) {
            rows.addAll(rebuilt.subList(rows.size(), rebuilt.size())); // new rounds only: keeps the table selection
        } else {
            rows.setAll(rebuilt);
        }
        accuracy.setAll(points);
        TaskSummary t = summary(selectedTaskId);
        plannedRounds.set(t == null ? 0 : (int) Math.min(Integer.MAX_VALUE, t.plannedRounds()));
        header.set(t == null ? "Task " + selectedTaskId + " is not in the event index."
                : "Task " + t.taskId() + " from the event index · " + t.state() + " · indexed to block " + chain.lastBlock());
        RoundRow keep = selectedRound == null ? null
                : rows.stream().filter(r -> r.round() == selectedRound).findFirst().orElse(null);
        if (selected.get() != keep) selected.set(keep);
        else refreshDetails();
    }

    @Override
    public void begin(ExperimentConfig config) {
        liveRows.clear();
        liveAccuracy.clear();
        liveScores.clear();
        runGeneration++;
        runActive = true;
        runStarted = false;
        liveTaskId = NO_TASK;
        selectedTaskId = NO_TASK;
        selectedTask.set(null);
        quorum = config.quorum();
        clients = config.clientsPerRound(); // with C < 1 only the sampled clients submit
        livePlannedRounds = config.rounds();
        privateRun.set(config.dp() != null);
        plannedRounds.set(config.rounds());
        latestBlock.set(-1);
        setLiveHeader("Deploying the round contract …");
        showLive();
        selected.set(null);
    }

    @Override
    public void onStarted(long chainId, String contract, String rpcUrl) {
        setLiveHeader("Chain id " + chainId + " · contract " + contract + " · " + rpcUrl);
        runStarted = true;
        refresh();
    }

    private void setLiveHeader(String text) {
        liveHeader = text;
        if (showingLive) header.set(text);
    }

    @Override
    public void onBlock(long blockNumber) {
        latestBlock.set(Math.max(latestBlock.get(), blockNumber));
    }

    @Override
    public void onRoundOpened(int round) {
        row(round).setState(RoundState.OPEN);
        changed(round);
    }

    @Override
    public void onUpdateSubmitted(int round, UpdateRecord update) {
        RoundRow row = row(round);
        row.addUpdate(update);
        if (row.state() == RoundState.OPEN && row.updateCountProperty().get() >= clients) {
            row.setState(RoundState.AGGREGATING);
        }
        changed(round);
    }

    @Override
    public void onUpdateScreened(int round, String aggregator, String client, String cid, String verdict,
                                 boolean suspected, String reason) {
        if (row(round).addScreened(aggregator, new RoundRow.Screened(client, verdict, suspected, reason))) changed(round);
    }

    @Override
    public void onProposed(int round, ProposalRecord proposal) {
        RoundRow row = row(round);
        row.addProposal(proposal);
        if (row.state() != RoundState.FINALIZED) row.setState(RoundState.VOTING);
        changed(round);
    }

    @Override
    public void onVoted(int round, VoteRecord vote) {
        RoundRow row = row(round);
        row.addVote(vote);
        if (row.state() != RoundState.FINALIZED) row.setState(RoundState.VOTING);
        changed(round);
    }

    @Override
    public void onRoundFinalized(RoundReport report) {
        RoundRow row = row(report.round());
        row.markFinalized(report.globalModelCid(), report.finalizedBlock(), report.testAccuracy(), report.testLoss(),
                report.updates(), report.proposals(), report.votes());
        latestBlock.set(Math.max(latestBlock.get(), report.finalizedBlock()));
        double r2 = report.testR2() == null ? Double.NaN : report.testR2();
        row.setTestR2(r2);
        double eps = report.epsilon() == null ? Double.NaN : report.epsilon();
        row.setEpsilon(eps);
        liveScores.put(report.round(), new double[] {report.testAccuracy(), report.testLoss(), r2, eps});
        liveAccuracy.removeIf(p -> p.round() == report.round());
        // a regression round has no accuracy (NaN): the chart skips it rather than plot NaN
        if (Double.isFinite(report.testAccuracy())) {
            liveAccuracy.add(new AccuracyPoint(report.round(), 100 * report.testAccuracy()));
        }
        if (showingLive) accuracy.setAll(liveAccuracy);
        if (report.round() >= livePlannedRounds) runActive = false; // the last round: the chain may take over
        changed(report.round());
    }

    /**
     * The run was stopped (or failed) and ended its task on chain: from now on the task's rounds come from the chain
     * (its open round failed, the task abandoned), not from the live rows, which would keep that round open forever.
     * The evaluator's scores of the rounds finalized before stay.
     */
    @Override
    public void onTaskAbandoned(long taskId, long blockNumber) {
        runActive = false;
        liveTaskId = taskId;
        selectedTaskId = taskId;
        showingLive = false;
        latestBlock.set(Math.max(latestBlock.get(), blockNumber));
        refresh();
    }

    /** The live row of {@code round}, created (in round order) when first seen. */
    private RoundRow row(int round) {
        int i = 0;
        for (; i < liveRows.size(); i++) {
            RoundRow r = liveRows.get(i);
            if (r.round() == round) return r;
            if (r.round() > round) break;
        }
        RoundRow created = new RoundRow(round, quorum);
        liveRows.add(i, created);
        if (showingLive) rows.add(i, created); // shown rows mirror the live ones: insert, keeping the table selection
        return created;
    }

    private void changed(int round) {
        if (!showingLive) return;
        RoundRow s = selected.get();
        if (s != null && s.round() == round) refreshDetails();
    }

    private void refreshDetails() {
        RoundRow row = selected.get();
        details.set(row == null ? "" : describe(row, book::withAddress));
    }

    /** Plain-text details of a round: every update, proposal and vote with full addresses, CIDs and gas. */
    public static String describe(RoundRow row) {
        return describe(row, java.util.function.Function.identity());
    }

    /**
     * As {@link #describe(RoundRow)}, each sender shown as {@code name} gives it (e.g. {@code "run 3 · client 1
     * (0x…)"}).
     */
    public static String describe(RoundRow row, java.util.function.Function<String, String> name) {
        StringBuilder b = new StringBuilder();
        b.append("Round ").append(row.round()).append(" — ").append(row.state().label());
        if (row.finalizedBlockProperty().get() >= 0) b.append(" in block ").append(row.finalizedBlockProperty().get());
        if (!row.failureProperty().get().isEmpty()) b.append(": ").append(row.failureProperty().get());
        b.append('\n');
        if (row.state() == RoundState.FINALIZED) {
            double acc = row.testAccuracyProperty().get();
            double loss = row.testLossProperty().get();
            b.append("Global model ").append(row.proposalCidProperty().get()).append('\n');
            double r2 = row.testR2Property().get();
            b.append(!Double.isNaN(acc) ? String.format(Locale.ROOT, "Test accuracy %.2f %% · test loss %.4f", 100 * acc, loss)
                    : !Double.isNaN(r2) ? String.format(Locale.ROOT, "Test R² %.3f · test MSE %.4g · RMSE %.4g", r2, loss,
                    Math.sqrt(loss))
                    : "Test accuracy — (not evaluated by this run)").append('\n');
        }
        b.append("\nUpdates (").append(row.updates().size()).append(")\n");
        for (UpdateRecord u : row.updates()) {
            b.append(String.format(Locale.ROOT, "  %s  %s  %,d samples%s%n", name.apply(u.client()), u.cid(), u.numSamples(),
                    txAndGas(u.txHash(), u.gasUsed())));
        }
        if (!row.screened().isEmpty()) {
            b.append("\nScreening by ").append(name.apply(row.screenedByProperty().get())).append(" (")
                    .append(row.screeningSummary()).append(")\n");
            for (RoundRow.Screened s : row.screened()) {
                b.append("  ").append(name.apply(s.client())).append("  ")
                        .append(s.verdict().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(s.suspected() ? " (suspected)" : "").append(": ").append(s.reason()).append('\n');
            }
        }
        b.append("\nProposals (").append(row.proposals().size()).append(")\n");
        for (ProposalRecord p : row.proposals()) {
            b.append(String.format(Locale.ROOT, "  %s  %s%s%n", name.apply(p.aggregator()), p.cid(), txAndGas(p.txHash(), p.gasUsed())));
        }
        b.append("\nVotes (").append(row.votesProperty().get()).append('/').append(row.quorum())
                .append(", the proposer's own vote included)\n");
        for (VoteRecord v : row.votes()) {
            b.append(String.format(Locale.ROOT, "  %s  %s%s%n", name.apply(v.voter()), v.cid(), txAndGas(v.txHash(), v.gasUsed())));
        }
        return b.toString();
    }

    /** {@code "  101,142 gas  tx 0x…"}; gas left out when unknown (records read from events). */
    private static String txAndGas(String txHash, long gasUsed) {
        String gas = gasUsed >= 0 ? String.format(Locale.ROOT, "  %,d gas", gasUsed) : "";
        return gas + (txHash == null || txHash.isEmpty() ? "" : "  tx " + txHash);
    }

    /** Shortens a CID for a table cell: {@code bafkrei…vei4}; short or empty strings are returned as is. */
    public static String shortCid(String cid) {
        return dev.defl.ui.CidText.shorten(cid);
    }

    /** The rows shown: the live run's, or the selected task's rebuilt from the event index. */
    public ObservableList<RoundRow> rows() { return rowsView; }
    /** The contract's tasks from the last index read, in id order. */
    public ObservableList<TaskSummary> tasks() { return tasksView; }
    /** The task shown; null while none is, or while a live run's task is not yet in the index. */
    public ReadOnlyObjectProperty<TaskSummary> selectedTaskProperty() { return selectedTask.getReadOnlyProperty(); }
    /** The live run's task id, {@link #NO_TASK} until the index shows it. */
    public long liveTaskId() { return liveTaskId; }
    /** Why the last index read failed; empty after a good one. */
    public ReadOnlyStringProperty indexErrorProperty() { return indexError.getReadOnlyProperty(); }
    /** Test accuracy per finalized round, in percent. */
    public ObservableList<AccuracyPoint> accuracy() { return accuracyView; }
    /** Chain id, contract address and RPC URL of the current run. */
    public ReadOnlyStringProperty headerProperty() { return header.getReadOnlyProperty(); }
    public ReadOnlyLongProperty latestBlockProperty() { return latestBlock.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty plannedRoundsProperty() { return plannedRounds.getReadOnlyProperty(); }
    /** Whether the live run uses client-level differential privacy (the table then shows ε per round). */
    public javafx.beans.property.ReadOnlyBooleanProperty privateRunProperty() { return privateRun.getReadOnlyProperty(); }
    /** The row whose details are shown; the view binds the table selection to it. */
    public ObjectProperty<RoundRow> selectedProperty() { return selected; }
    public ReadOnlyStringProperty detailsProperty() { return details.getReadOnlyProperty(); }
    /** Names the senders in the details; the view offers "Set label…" on the address under the caret. */
    public AddressBook addressBook() { return book; }
}
