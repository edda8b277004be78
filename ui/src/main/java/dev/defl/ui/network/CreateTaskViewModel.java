package dev.defl.ui.network;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.service.PeerSession;
import dev.defl.engine.network.NetworkSettings;
import dev.defl.engine.network.TaskCreator;
import dev.defl.engine.network.TaskDocument;
import dev.defl.engine.network.TaskPlan;
import dev.defl.ui.concurrent.BackgroundTask;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * State of the Network pane's "Create task" part, the window's {@code defl task create}: deploys a FederatedTasks
 * contract from this peer's account (or uses the one given), publishes the initial model and the task's spec document
 * ({@link TaskDocument}) and creates the task with its clients and aggregators ({@link TaskCreator}).
 *
 * <p>Threading: every method is called on the UI thread; the form is checked there, the network work runs in the
 * background, the outcome comes back on the UI thread.
 */
public final class CreateTaskViewModel {
    /** The model names of the form, as {@code --model} takes them. */
    public static final List<String> MODELS = Arrays.stream(ModelKind.values()).map(ModelKind::cliName).toList();
    /** The aggregation strategies' names, as {@link #strategyProperty()} takes them ({@link StrategySpec#NAMES}). */
    public static final List<String> STRATEGIES = StrategySpec.NAMES;

    private final NetworkServices services;
    private final TaskExecutor executor;
    private final StringProperty contract = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("mlp");
    private final StringProperty strategy = new SimpleStringProperty("fedavg");
    private final StringProperty dataset = new SimpleStringProperty("digits");
    private final StringProperty rounds = new SimpleStringProperty("5");
    private final StringProperty clientsPerRound = new SimpleStringProperty("2");
    private final StringProperty minUpdates = new SimpleStringProperty("");
    private final StringProperty quorum = new SimpleStringProperty("1");
    private final StringProperty submissionBlocks = new SimpleStringProperty("1000000");
    private final StringProperty votingBlocks = new SimpleStringProperty("1000000");
    private final StringProperty localEpochs = new SimpleStringProperty("1");
    private final StringProperty batchSize = new SimpleStringProperty("32");
    private final StringProperty learningRate = new SimpleStringProperty("0.001");
    private final StringProperty seed = new SimpleStringProperty("42");
    private final StringProperty reward = new SimpleStringProperty("1");
    private final StringProperty clients = new SimpleStringProperty("");
    private final StringProperty aggregators = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<CreatedTaskRow> created = new ReadOnlyObjectWrapper<>();

    public CreateTaskViewModel(NetworkServices services, TaskExecutor executor) {
        this.services = Objects.requireNonNull(services, "services");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The form, checked: everything but the dataset rows. */
    private record Request(String contract, ModelKind model, StrategySpec strategy, String dataset, int localEpochs,
                           int batchSize, double learningRate, long seed, TaskPlan plan) {}

    private Request request() {
        String address = contract.get() == null ? "" : contract.get().strip();
        if (!address.isEmpty() && !AddressList.isAddress(address)) {
            throw new IllegalArgumentException("contract '" + address + "' is not an address (0x + 40 hex digits); "
                    + "leave it empty to deploy a new one");
        }
        ModelKind kind = ModelKind.parse(text(model, "model"));
        StrategySpec strat = StrategySpec.of(text(strategy, "strategy"));
        String data = text(dataset, "dataset");
        long r = whole(rounds, "rounds", 1);
        long k = whole(clientsPerRound, "clients per round", 1);
        long m = minUpdates.get() == null || minUpdates.get().isBlank() ? k : whole(minUpdates, "min updates", 1);
        long q = whole(quorum, "quorum", 1);
        long sub = whole(submissionBlocks, "submission blocks", 1);
        long vote = whole(votingBlocks, "voting blocks", 1);
        long e = whole(localEpochs, "E", 1);
        long b = whole(batchSize, "B", 1);
        double lr;
        try {
            lr = Double.parseDouble(text(learningRate, "learning rate"));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("learning rate '" + learningRate.get() + "' is not a number");
        }
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive, not " + lr);
        long s;
        try {
            s = Long.parseLong(text(seed, "seed"));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("seed '" + seed.get() + "' is not a whole number");
        }
        BigInteger units;
        try {
            units = new BigDecimal(text(reward, "reward")).movePointRight(18).toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw new IllegalArgumentException("reward '" + reward.get()
                    + "' is not a number of tokens with at most 18 decimals");
        }
        if (units.signum() < 0) throw new IllegalArgumentException("reward must be >= 0, not " + reward.get());
        List<String> c = AddressList.parse(clients.get(), "clients");
        List<String> a = AddressList.parse(aggregators.get(), "aggregators");
        if (q > Integer.MAX_VALUE) throw new IllegalArgumentException("quorum " + q + " is too large");
        TaskPlan plan = new TaskPlan(r, k, m, (int) q, sub, vote, units, units, c, a);
        return new Request(address, kind, strat, data, (int) Math.min(e, Integer.MAX_VALUE),
                (int) Math.min(b, Integer.MAX_VALUE), lr, s, plan);
    }

    private static String text(StringProperty p, String name) {
        String t = p.get() == null ? "" : p.get().strip();
        if (t.isEmpty()) throw new IllegalArgumentException(name + " is empty");
        return t;
    }

    private static long whole(StringProperty p, String name, long min) {
        long v;
        try {
            v = Long.parseLong(text(p, name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + p.get() + "' is not a whole number");
        }
        if (v < min) throw new IllegalArgumentException(name + " must be >= " + min + ", not " + v);
        return v;
    }

    /** Checks the form without sending anything: false with the error shown when it is invalid. */
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
     * Checks the form and creates the task in the background with the account of the saved keystore, unlocked with
     * {@code password} (cleared once used, and on any failure).
     *
     * @return false when the form is invalid or a creation is under way (nothing sent; the error is shown)
     */
    public boolean create(char[] password) {
        Objects.requireNonNull(password, "password");
        Request req;
        try {
            if (busy.get()) throw new IllegalArgumentException("a task is being created");
            req = request();
        } catch (IllegalArgumentException e) {
            Arrays.fill(password, '\0');
            error.set(e.getMessage());
            return false;
        }
        error.set("");
        created.set(null);
        busy.set(true);
        progress.set("Opening the network…");
        Consumer<String> step = line -> executor.ui().execute(() -> progress.set(line));
        executor.execute(BackgroundTask.of(() -> run(req, password, step))
                .onSuccess(task -> {
                    created.set(CreatedTaskRow.of(task));
                    progress.set("Created task " + task.taskId() + " on " + task.contract() + " (block " + task.block()
                            + ").");
                })
                .onException(e -> {
                    error.set(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                    progress.set("");
                })
                .onFinished(() -> busy.set(false)));
        return true;
    }

    private TaskCreator.CreatedTask run(Request req, char[] password, Consumer<String> step) throws Exception {
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
            step.accept("Loading " + req.dataset() + " for the model's shape…");
            DatasetSplit data = services.datasets().load(req.dataset(), req.seed(), session.content());
            ModelSpec spec = req.model().spec(data);
            TaskDocument document = TaskDocument.of(spec, data.train(), req.strategy(), req.localEpochs(),
                    req.batchSize(), req.learningRate(), req.seed());
            TaskContract tasks;
            if (req.contract().isEmpty()) {
                step.accept("Deploying a FederatedTasks contract from " + session.address() + "…");
                tasks = session.deployContract();
            } else {
                tasks = session.contract(req.contract());
            }
            step.accept("Publishing the initial model and spec, creating the task…");
            return session.createTask(tasks, document, req.plan());
        }
    }

    public StringProperty contractProperty() {
        return contract;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty strategyProperty() {
        return strategy;
    }

    public StringProperty datasetProperty() {
        return dataset;
    }

    public StringProperty roundsProperty() {
        return rounds;
    }

    public StringProperty clientsPerRoundProperty() {
        return clientsPerRound;
    }

    public StringProperty minUpdatesProperty() {
        return minUpdates;
    }

    public StringProperty quorumProperty() {
        return quorum;
    }

    public StringProperty submissionBlocksProperty() {
        return submissionBlocks;
    }

    public StringProperty votingBlocksProperty() {
        return votingBlocks;
    }

    public StringProperty localEpochsProperty() {
        return localEpochs;
    }

    public StringProperty batchSizeProperty() {
        return batchSize;
    }

    public StringProperty learningRateProperty() {
        return learningRate;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** Reward tokens per accepted update and per winning vote (18 decimals). */
    public StringProperty rewardProperty() {
        return reward;
    }

    /** Client addresses, one per line. */
    public StringProperty clientsProperty() {
        return clients;
    }

    /** Aggregator addresses, one per line. */
    public StringProperty aggregatorsProperty() {
        return aggregators;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What the creation is doing, then its outcome. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The task created last, or null. */
    public ReadOnlyObjectProperty<CreatedTaskRow> createdProperty() {
        return created.getReadOnlyProperty();
    }
}
