package dev.defl.ui.trainer;

import dev.defl.engine.protocol.RunReport;
import dev.defl.engine.runs.RunRecord;
import dev.defl.ui.names.AddressBook;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The Trainer's live curves: per-client training metrics per local epoch and the global model's test score per
 * finalized round of the current (or last) run, the metric shown and the smoothing, and the pure functions that turn
 * them into curve points. {@link RunControlViewModel} feeds it. Holds no controls; UI thread only.
 */
public final class CurvesViewModel {

    /** Largest smoothing weight the slider offers (1 would freeze the curve at its first value). */
    public static final double MAX_SMOOTHING = 0.99;

    private final ObservableList<ClientEpochPoint> clientEpochs = FXCollections.observableArrayList();
    private final ObservableList<RunReport.RoundReport> globalRounds = FXCollections.observableArrayList();
    private final ObservableList<ClientEpochPoint> clientEpochsView = FXCollections.unmodifiableObservableList(clientEpochs);
    private final ObservableList<RunReport.RoundReport> globalRoundsView = FXCollections.unmodifiableObservableList(globalRounds);
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0);
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(Metric.LOSS);
    private final ReadOnlyBooleanWrapper curvesRegression = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper runNumber = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private int localEpochs = 1;
    /** The current run's clients' addresses, in client index order; empty until its task is on chain. */
    private List<String> clientAddresses = List.of();
    private AddressBook book = AddressBook.none();
    private final ReadOnlyIntegerWrapper clientNames = new ReadOnlyIntegerWrapper();

    public CurvesViewModel() {
        smoothing.addListener((obs, old, now) -> {
            double clamped = Math.max(0, Math.min(MAX_SMOOTHING, now.doubleValue()));
            if (clamped != now.doubleValue()) smoothing.set(clamped);
        });
    }

    // ---- fed by the run and the dataset -----------------------------------------------------------

    /** A dataset was loaded: before any run, the curves take its kind of target. */
    void followDataset(boolean regression) {
        if (globalRounds.isEmpty()) curvesRegression.set(regression);
    }

    /** A run starts: the curves are cleared and take its kind of target and its local epochs per round. */
    void beginRun(boolean regression, int epochsPerRound) {
        beginRun(regression, epochsPerRound, "");
    }

    /** {@link #beginRun(boolean, int)} with the run's parameters as {@link #captionProperty()} ({@link RunCaption}). */
    void beginRun(boolean regression, int epochsPerRound, String runCaption) {
        caption.set(runCaption == null ? "" : runCaption);
        curvesRegression.set(regression);
        localEpochs = epochsPerRound;
        clientEpochs.clear();
        globalRounds.clear();
        clientAddresses = List.of();
        runNumber.set(runNumber.get() + 1);
    }

    /** The run's task is on chain with these clients (addresses in client index order). */
    void setClients(List<String> addresses) {
        clientAddresses = List.copyOf(addresses);
        clientNames.set(clientNames.get() + 1);
    }

    /**
     * Names the client curves from {@code book}: a client whose address has a label is shown under it; the names
     * follow the book's changes. Call once, on the UI thread.
     */
    public void nameClientsFrom(AddressBook book) {
        this.book = java.util.Objects.requireNonNull(book, "book");
        book.revisionProperty().addListener((obs, old, now) -> clientNames.set(clientNames.get() + 1));
        clientNames.set(clientNames.get() + 1);
    }

    /**
     * What the curves call client {@code client} (0-based): its address's label in the address book when the run's
     * clients are known and labelled, else {@code "client N"} (1-based).
     */
    public String clientName(int client) {
        String label = client >= 0 && client < clientAddresses.size() ? book.label(clientAddresses.get(client)) : "";
        return label.isEmpty() ? "client " + (client + 1) : label;
    }

    /** The address of client {@code client} (0-based) of the current run, or "" before its task is on chain. */
    public String clientAddress(int client) {
        return client >= 0 && client < clientAddresses.size() ? clientAddresses.get(client) : "";
    }

    /** Changes whenever {@link #clientName(int)} may give other names (the task's clients known, a label set). */
    public ReadOnlyIntegerProperty clientNamesProperty() {
        return clientNames.getReadOnlyProperty();
    }

    void addClientEpoch(int round, int client, int epoch, double loss, double accuracy) {
        clientEpochs.add(new ClientEpochPoint(client, round, (round - 1) * localEpochs + epoch, loss, accuracy));
    }

    void addRound(RunReport.RoundReport r) {
        globalRounds.add(r);
    }

    /**
     * Shows a recorded run's curves: every client epoch and every finalized round's test figures (after a restart,
     * the latest run's, from the run database). Does nothing once a run started in this window.
     */
    public void restore(RunRecord run) {
        if (runNumber.get() > 0 || !globalRounds.isEmpty() || !clientEpochs.isEmpty()) return;
        Integer e = run.summary().params().localEpochs();
        localEpochs = Math.max(e == null ? 1 : e, run.epochs().stream().mapToInt(RunRecord.EpochRow::epoch).max().orElse(1));
        curvesRegression.set(run.summary().regression());
        // the run's clients in index order, so that the curves name them from the address book as during the run
        setClients(run.participants().stream().filter(p -> p.role().equals("client"))
                .sorted(java.util.Comparator.comparingInt(RunRecord.Participant::index))
                .map(RunRecord.Participant::address).toList());
        for (RunRecord.EpochRow x : run.epochs()) addClientEpoch(x.round(), x.client(), x.epoch(), x.loss(), x.accuracy());
        for (RunRecord.RoundRow r : run.rounds()) {
            if (r.finalizedAt() == null) continue;
            globalRounds.add(new RunReport.RoundReport(r.round(), r.globalCid() == null ? "" : r.globalCid(),
                    r.testAccuracy() == null ? Double.NaN : r.testAccuracy(), r.testLoss() == null ? Double.NaN : r.testLoss(),
                    r.testRmse(), r.testMae(), r.testR2(), List.of(), List.of(), List.of(),
                    r.finalizedBlock() == null ? -1 : r.finalizedBlock()));
        }
    }

    // ---- pure curve arithmetic --------------------------------------------------------------------

    /**
     * Exponential moving average with bias correction, as TensorBoard's scalar dashboard smooths: {@code
     * s_i = w·s_{i−1} + (1 − w)·y_i} from {@code s_0 = 0}, divided by {@code 1 − w^k} after {@code k} finite values
     * (so the first value is not pulled toward 0). Non-finite values pass through unchanged and do not enter the
     * average. Pure: {@code values} is not modified.
     *
     * @param values the raw series
     * @param weight smoothing weight in [0, 1); 0 returns a copy of {@code values}
     * @return the smoothed series, same length
     * @throws IllegalArgumentException when {@code weight} is outside [0, 1)
     */
    public static double[] smooth(double[] values, double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
        }
        double[] out = new double[values.length];
        double last = 0;
        int counted = 0;
        for (int i = 0; i < values.length; i++) {
            double y = values[i];
            if (!Double.isFinite(y)) {
                out[i] = y;
                continue;
            }
            last = last * weight + (1 - weight) * y;
            counted++;
            double debias = weight == 0 ? 1 : 1 - Math.pow(weight, counted);
            out[i] = last / debias;
        }
        return out;
    }

    /** A curve point: x (local epoch across rounds, or round) and the (smoothed) value. */
    public record CurvePoint(double x, double y) {}

    /**
     * Client {@code client}'s curve of {@code metric} over {@code points} (in arrival order), smoothed with
     * {@code weight} (see {@link #smooth}). Points whose value is not finite (a regression client's accuracy is NaN)
     * are left out.
     */
    public static List<CurvePoint> clientCurve(List<ClientEpochPoint> points, int client, Metric metric, double weight) {
        List<ClientEpochPoint> mine = points.stream().filter(p -> p.client() == client).toList();
        double[] ys = smooth(mine.stream().mapToDouble(p -> p.value(metric)).toArray(), weight);
        List<CurvePoint> out = new ArrayList<>(mine.size());
        for (int i = 0; i < mine.size(); i++) {
            if (Double.isFinite(ys[i])) out.add(new CurvePoint(mine.get(i).step(), ys[i]));
        }
        return out;
    }

    /**
     * The global model's test {@code metric} per finalized round, smoothed with {@code weight}: for a classification
     * round {@link Metric#LOSS} is the cross-entropy and {@link Metric#ACCURACY} the accuracy in [0, 1]; for a
     * regression round ({@link RunReport.RoundReport#isRegression()}) they are the RMSE (target units) and R².
     * Rounds without a finite value are left out.
     */
    public static List<CurvePoint> globalCurve(List<RunReport.RoundReport> rounds, Metric metric, double weight) {
        double[] ys = smooth(rounds.stream().mapToDouble(r -> globalValue(r, metric)).toArray(), weight);
        List<CurvePoint> out = new ArrayList<>(rounds.size());
        for (int i = 0; i < rounds.size(); i++) {
            if (Double.isFinite(ys[i])) out.add(new CurvePoint(rounds.get(i).round(), ys[i]));
        }
        return out;
    }

    /** {@link #globalCurve(List, Metric, double)} of this run's {@link #globalRounds()}. */
    public List<CurvePoint> globalCurve(Metric metric, double weight) {
        return globalCurve(globalRounds, metric, weight);
    }

    /** The number of this run's last finalized round, 0 before round 1 finalizes. */
    public int lastGlobalRound() {
        return globalRounds.isEmpty() ? 0 : globalRounds.getLast().round();
    }

    /** The value a global curve plots for {@code r}: see {@link #globalCurve(List, Metric, double)}. */
    static double globalValue(RunReport.RoundReport r, Metric metric) {
        if (r.isRegression()) {
            Double v = metric == Metric.LOSS ? r.testRmse() : r.testR2();
            return v == null ? Double.NaN : v;
        }
        return metric == Metric.LOSS ? r.testLoss() : r.testAccuracy();
    }

    /**
     * What {@code metric} is called on the global curve: {@code "Loss"} / {@code "Accuracy"}, or for regression
     * {@code "RMSE"} / {@code "R²"}.
     */
    public static String metricLabel(Metric metric, boolean regression) {
        if (!regression) return metric.label();
        return metric == Metric.LOSS ? "RMSE" : "R²";
    }

    // ---- state ------------------------------------------------------------------------------------

    /**
     * Whether the curves are a regression run's (the current or last run's; before any run, the loaded dataset's):
     * the global curves then show RMSE and R², the client curves training MSE.
     */
    public ReadOnlyBooleanProperty curvesRegressionProperty() {
        return curvesRegression.getReadOnlyProperty();
    }

    /** Training metrics of every client epoch of the current (or last) run, in arrival order. */
    public ObservableList<ClientEpochPoint> clientEpochs() {
        return clientEpochsView;
    }

    /** The finalized rounds of the current (or last) run, in order. */
    public ObservableList<RunReport.RoundReport> globalRounds() {
        return globalRoundsView;
    }

    /** How many runs have started (0 before the first): a view seeing a new number drops the last run's clients. */
    public ReadOnlyIntegerProperty runNumberProperty() {
        return runNumber.getReadOnlyProperty();
    }

    /** The current (or last) run's parameters in one line, drawn under an exported chart; empty before a run. */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** Curve smoothing weight in [0, {@value #MAX_SMOOTHING}]; 0 = raw. */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    /** Which metric the curves plot; {@link Metric#LOSS} at first. */
    public ObjectProperty<Metric> metricProperty() {
        return metric;
    }
}
