package dev.defl.ui.trainer;

import dev.defl.ui.SeriesPalette;
import dev.defl.ui.WholeNumbers;
import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.defl.ui.trainer.FormControls.formLabel;

/**
 * The Trainer's Curves tab: per-client training curves (each client can be hidden) and the global model's test
 * score per round, the metric (loss or accuracy; for regression RMSE or R²) and the smoothing. Follows
 * {@link CurvesViewModel} while active, redrawing at most once per pulse.
 */
public final class CurvesView extends ActivatablePane {

    private final CurvesViewModel model;
    private final VBox root;
    private final VBox curvesPanel = new VBox(6);
    private final LineChart<Number, Number> clientCurves = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final LineChart<Number, Number> globalCurves = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final XYChart.Series<Number, Number> globalSeries = new XYChart.Series<>();
    private final Slider smoothing = new Slider(0, CurvesViewModel.MAX_SMOOTHING, 0);
    private final Label smoothingValue = new Label();
    private final ToggleButton lossToggle = new ToggleButton("Loss");
    private final ToggleButton accuracyToggle = new ToggleButton("Accuracy");
    private final FlowPane clientToggles = new FlowPane(6, 4);
    private final Map<Integer, XYChart.Series<Number, Number>> clientSeries = new TreeMap<>();
    private final Map<Integer, CheckBox> clientChecks = new TreeMap<>();
    private final InvalidationListener curvesListener = obs -> queueRedraw();
    /** What the curves were last drawn from; null before the first drawing. */
    private Drawn drawn;
    private boolean redrawQueued;
    /** The run whose clients {@link #clientSeries} shows. */
    private int drawnRun;

    public CurvesView(CurvesViewModel model) {
        this.model = model;
        root = new VBox(8, buildToolbar(), buildClientsRow(), buildCharts());
        root.getStyleClass().add("content-panel");
    }

    public Node root() {
        return root;
    }

    private Node buildToolbar() {
        ToggleGroup metric = new ToggleGroup();
        lossToggle.setId("metricLoss");
        accuracyToggle.setId("metricAccuracy");
        lossToggle.setToggleGroup(metric);
        accuracyToggle.setToggleGroup(metric);
        lossToggle.setSelected(true);
        metric.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) old.setSelected(true); // one metric is always shown
            else model.metricProperty().set(now == accuracyToggle ? Metric.ACCURACY : Metric.LOSS);
        });
        HBox metricBox = new HBox(0, lossToggle, accuracyToggle);
        metricBox.getStyleClass().add("segmented");

        smoothing.setId("smoothing");
        smoothing.setPrefWidth(180);
        smoothing.setBlockIncrement(0.05);
        smoothing.setMajorTickUnit(0.25);
        smoothing.setAccessibleText("Curve smoothing");
        smoothing.setTooltip(new Tooltip("Exponential moving average weight, as TensorBoard; 0 = raw values"));
        smoothingValue.setId("smoothingValue");
        smoothingValue.setMinWidth(36);
        Label smoothingLabel = formLabel("S_moothing", smoothing);
        smoothingLabel.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(10, new Label("Metric"), metricBox, spacer, smoothingLabel, smoothing, smoothingValue);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
    }

    private Node buildClientsRow() {
        Button all = new Button("All");
        all.setId("clientsAll");
        all.setOnAction(e -> setAllClients(true));
        Button none = new Button("None");
        none.setId("clientsNone");
        none.setOnAction(e -> setAllClients(false));
        clientToggles.setId("clientToggles");
        clientToggles.setAlignment(Pos.CENTER_LEFT);
        Label clientsLabel = new Label("Clients");
        clientsLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(clientToggles, Priority.ALWAYS);
        HBox clientsRow = new HBox(8, clientsLabel, all, none, clientToggles);
        clientsRow.setAlignment(Pos.CENTER_LEFT);
        return clientsRow;
    }

    private Node buildCharts() {
        NumberAxis cx = (NumberAxis) clientCurves.getXAxis();
        cx.setLabel("local epoch (across rounds)");
        integerAxis(cx);
        ((NumberAxis) clientCurves.getYAxis()).setForceZeroInRange(false);
        clientCurves.setId("clientCurves");
        clientCurves.setAnimated(false);
        clientCurves.setCreateSymbols(false);
        clientCurves.setLegendSide(Side.BOTTOM);
        clientCurves.setMinHeight(200);
        SeriesPalette.install(clientCurves);

        NumberAxis gx = (NumberAxis) globalCurves.getXAxis();
        gx.setLabel("round");
        integerAxis(gx);
        ((NumberAxis) globalCurves.getYAxis()).setForceZeroInRange(false);
        globalCurves.setId("globalCurves");
        globalCurves.setAnimated(false);
        globalCurves.setCreateSymbols(true);
        globalCurves.setLegendVisible(false);
        globalCurves.setMinHeight(170);
        globalCurves.getData().add(globalSeries);
        SeriesPalette.install(globalCurves);

        Label noRounds = new Label("The global model's test score appears here when round 1 is finalized.");
        noRounds.getStyleClass().add("placeholder-text");
        noRounds.setId("globalCurvesPlaceholder");
        noRounds.visibleProperty().bind(Bindings.isEmpty(model.globalRounds()));
        noRounds.setMouseTransparent(true);
        StackPane global = new StackPane(globalCurves, noRounds);
        VBox.setVgrow(global, Priority.ALWAYS);
        Label noEpochs = new Label("Each client's training curve appears here as it finishes its local epochs.");
        noEpochs.getStyleClass().add("placeholder-text");
        noEpochs.setId("clientCurvesPlaceholder");
        noEpochs.visibleProperty().bind(Bindings.isEmpty(model.clientEpochs()));
        noEpochs.setMouseTransparent(true);
        StackPane clients = new StackPane(clientCurves, noEpochs);
        VBox.setVgrow(clients, Priority.ALWAYS);
        curvesPanel.getChildren().addAll(clients, global);
        curvesPanel.setId("curvesPanel");
        curvesPanel.getStyleClass().add("curves-panel");
        VBox.setVgrow(curvesPanel, Priority.ALWAYS);
        return curvesPanel;
    }

    /** Rounds up to which the global curve marks each round's point (with its value on hover). */
    static final int MARKED_ROUNDS = 100;

    private static void integerAxis(NumberAxis axis) {
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setUpperBound(1);
        axis.setTickUnit(1);
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(WholeNumbers.FROM_ONE);
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    protected void attach(Subscriptions subs) {
        subs.bindBidirectional(smoothing.valueProperty(), model.smoothingProperty());
        subs.bind(smoothingValue.textProperty(), Bindings.format(Locale.ROOT, "%.2f", model.smoothingProperty()));
        subs.listen(model.curvesRegressionProperty(), (obs, old, now) -> {
            labelMetricToggles();
            queueRedraw();
        });
        subs.listen(model.runNumberProperty(), (obs, old, now) -> clearClientSeries());
        subs.listen(model.clientNamesProperty(), (obs, old, now) -> nameClientSeries());
        for (var observable : List.of(model.clientEpochs(), model.globalRounds(), model.smoothingProperty(),
                model.metricProperty())) {
            subs.listen(observable, curvesListener);
        }
        labelMetricToggles();
        if (drawnRun != model.runNumberProperty().get()) clearClientSeries();
        // the tab shown again with nothing new (a restored 1,000-round run: 1,000 points rebuilt per switch) draws nothing
        if (!drawnFrom().equals(drawn)) redrawCurves();
        nameClientSeries();
    }

    // ---- rendering --------------------------------------------------------------------------------

    /** Redraws the curves once per pulse however many events arrived. */
    private void queueRedraw() {
        if (redrawQueued) return;
        redrawQueued = true;
        Platform.runLater(() -> {
            redrawQueued = false;
            redrawCurves();
        });
    }

    private void clearClientSeries() {
        drawnRun = model.runNumberProperty().get();
        clientSeries.clear();
        clientChecks.clear();
        clientToggles.getChildren().clear();
        clientCurves.getData().clear();
    }

    /** Each client's series and check box take the name the address book gives its client. */
    private void nameClientSeries() {
        for (Map.Entry<Integer, XYChart.Series<Number, Number>> e : clientSeries.entrySet()) {
            String name = model.clientName(e.getKey());
            if (!name.equals(e.getValue().getName())) e.getValue().setName(name);
            CheckBox box = clientChecks.get(e.getKey());
            if (box != null) box.setTooltip(new javafx.scene.control.Tooltip(name
                    + (model.clientAddress(e.getKey()).isEmpty() ? "" : "\n" + model.clientAddress(e.getKey()))));
        }
    }

    private void setAllClients(boolean shown) {
        for (CheckBox box : clientChecks.values()) box.setSelected(shown);
    }

    /** The metric toggles read Loss / Accuracy, or for a regression run RMSE / R². */
    private void labelMetricToggles() {
        boolean regression = model.curvesRegressionProperty().get();
        lossToggle.setText(CurvesViewModel.metricLabel(Metric.LOSS, regression));
        accuracyToggle.setText(CurvesViewModel.metricLabel(Metric.ACCURACY, regression));
    }

    /**
     * What the curves are drawn from: a run's points are only ever appended (a new run clears them and counts up the
     * run number), so the counts tell whether anything changed since the last drawing.
     */
    private record Drawn(int run, int epochs, int rounds, double smoothing, Metric metric, boolean regression) {
    }

    private Drawn drawnFrom() {
        return new Drawn(model.runNumberProperty().get(), model.clientEpochs().size(), model.globalRounds().size(),
                model.smoothingProperty().get(), model.metricProperty().get(), model.curvesRegressionProperty().get());
    }

    private void redrawCurves() {
        drawn = drawnFrom();
        boolean regression = model.curvesRegressionProperty().get();
        Metric metric = model.metricProperty().get();
        // a regression client reports its training MSE only (its accuracy is NaN)
        Metric clientMetric = regression ? Metric.LOSS : metric;
        // accuracy is shown in percent, as everywhere in the workbench
        boolean percent = !regression && metric == Metric.ACCURACY;
        double scale = percent ? 100 : 1;
        String clientName = regression ? "MSE" : metric.label().toLowerCase(Locale.ROOT);
        String globalName = regression ? CurvesViewModel.metricLabel(metric, true)
                : metric.label().toLowerCase(Locale.ROOT);
        double weight = model.smoothingProperty().get();
        List<ClientEpochPoint> points = model.clientEpochs();
        int lastStep = 1;
        for (ClientEpochPoint p : points) {
            lastStep = Math.max(lastStep, p.step());
            if (!clientSeries.containsKey(p.client())) addClient(p.client());
        }
        // a lone point per client (the first epoch) draws no line: mark points while there are few
        boolean symbols = lastStep <= 12;
        if (clientCurves.getCreateSymbols() != symbols) clientCurves.setCreateSymbols(symbols);
        for (Map.Entry<Integer, XYChart.Series<Number, Number>> e : clientSeries.entrySet()) {
            boolean shown = clientChecks.get(e.getKey()).isSelected();
            List<XYChart.Data<Number, Number>> data = new ArrayList<>();
            if (shown) {
                for (var c : CurvesViewModel.clientCurve(points, e.getKey(), clientMetric, weight)) {
                    data.add(new XYChart.Data<>(c.x(), c.y() * scale));
                }
            }
            e.getValue().getData().setAll(data);
            hoverValues(e.getValue(), "client " + (e.getKey() + 1) + ", epoch ", clientName, percent);
        }
        fitAxis((NumberAxis) clientCurves.getXAxis(), lastStep);
        String smoothed = weight > 0 ? String.format(Locale.ROOT, " (smoothed %.2f)", weight) : "";
        clientCurves.setTitle("Training " + clientName + " per client" + smoothed);
        valueAxis((NumberAxis) clientCurves.getYAxis(), clientName, percent);

        List<XYChart.Data<Number, Number>> global = new ArrayList<>();
        for (var c : model.globalCurve(metric, weight)) {
            global.add(new XYChart.Data<>(c.x(), c.y() * scale));
        }
        int lastRound = Math.max(1, model.lastGlobalRound());
        // a point per round, with its value on hover, while they are few enough to tell apart; a long run (1,000
        // rounds: 1,000 nodes, each with a tooltip, rebuilt on every redraw) is drawn as a line
        boolean globalSymbols = lastRound <= MARKED_ROUNDS;
        if (globalCurves.getCreateSymbols() != globalSymbols) globalCurves.setCreateSymbols(globalSymbols);
        globalSeries.getData().setAll(global);
        hoverValues(globalSeries, "round ", "test " + globalName, percent);
        fitAxis((NumberAxis) globalCurves.getXAxis(), lastRound);
        globalCurves.setTitle("Global model: test " + globalName + " per round" + smoothed);
        valueAxis((NumberAxis) globalCurves.getYAxis(), globalName, percent);
        // replacing a series' points requests a layout of the chart's inner content only, which a chart that is
        // already laid out can miss until something else lays it out (seen live: the global curve stayed blank
        // until the metric was toggled); ask for the whole chart
        clientCurves.requestLayout();
        globalCurves.requestLayout();
    }

    /** A value axis: accuracy on a fixed 0–100 % scale, other metrics fitted to their values. */
    static void valueAxis(NumberAxis axis, String name, boolean percent) {
        axis.setLabel(percent ? name + " (%)" : name);
        if (percent) {
            axis.setAutoRanging(false);
            axis.setLowerBound(0);
            axis.setUpperBound(100);
            axis.setTickUnit(20);
            axis.setMinorTickCount(2);
        } else {
            axis.setAutoRanging(true);
        }
    }

    /** Each drawn point of {@code series} shows its value on hover, e.g. "round 3 · test accuracy 97.3 %". */
    private static void hoverValues(XYChart.Series<Number, Number> series, String xName, String yName, boolean percent) {
        for (XYChart.Data<Number, Number> d : series.getData()) {
            if (d.getNode() == null) continue;
            double y = d.getYValue().doubleValue();
            String value = percent ? String.format(Locale.ROOT, "%.1f %%", y) : String.format(Locale.ROOT, "%.4g", y);
            Tooltip.install(d.getNode(), new Tooltip(xName + d.getXValue().intValue() + " · " + yName + " " + value));
        }
    }

    private void addClient(int client) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(model.clientName(client));
        clientSeries.put(client, series);
        CheckBox box = new CheckBox(String.valueOf(client + 1));
        box.setId("clientToggle" + (client + 1));
        box.setSelected(true);
        box.setAccessibleText("Show client " + (client + 1));
        box.selectedProperty().addListener(curvesListener);
        clientChecks.put(client, box);
        clientToggles.getChildren().setAll(clientChecks.values());
        // series in client order keep their colours stable
        clientCurves.getData().setAll(clientSeries.values());
    }

    private static void fitAxis(NumberAxis axis, int last) {
        axis.setLowerBound(0);
        axis.setUpperBound(last + 0.5);
        axis.setTickUnit(WholeNumbers.tickUnit(last));
    }

    // ---- export -----------------------------------------------------------------------------------

    /**
     * A snapshot of the two charts (on a white ground) with the run's parameters ({@link
     * CurvesViewModel#captionProperty()}) drawn under them, for the exported PNG; null when not laid out.
     */
    ChartPixels snapshot() {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.WHITE);
        WritableImage charts = curvesPanel.snapshot(params, null);
        if (charts.getWidth() < 1 || charts.getHeight() < 1) return null;
        WritableImage image = withCaption(charts, model.captionProperty().get(), params);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        PixelReader reader = image.getPixelReader();
        reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return new ChartPixels(w, h, argb);
    }

    /** {@code charts} with {@code caption} wrapped under it, as wide as the charts; the charts alone for no caption. */
    static WritableImage withCaption(WritableImage charts, String caption, SnapshotParameters params) {
        if (caption == null || caption.isBlank()) return charts;
        Label text = new Label(caption);
        text.setId("exportCaption");
        text.setWrapText(true);
        text.setTextFill(Color.web("#2b3440"));
        text.setStyle("-fx-font-size: 12px; -fx-padding: 6 12 8 12;");
        text.setMaxWidth(charts.getWidth());
        text.setPrefWidth(charts.getWidth());
        VBox page = new VBox(new ImageView(charts), text);
        page.setStyle("-fx-background-color: white;");
        new Scene(page); // lays the caption out with the default stylesheet
        page.applyCss();
        page.autosize();
        page.layout();
        return page.snapshot(params, null);
    }
}
