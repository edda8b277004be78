package dev.defl.ui.runs;

import dev.defl.ui.WholeNumbers;
import dev.defl.ui.CidCell;
import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.AddressCell;

import dev.defl.ui.concurrent.Subscriptions;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Runs pane's comparison of the selected runs: their per-round test accuracy (RMSE for regression runs) and test
 * loss overlaid in one colour per run with the value on hover, a legend, the per-round figures and the parameters
 * side by side with the differing rows marked. Fed by {@link RunsViewModel}; part of {@link RunsView}.
 */
final class RunsCompareView {
    private static final String EMPTY = "Select runs above to compare them (Ctrl+click or Shift+click for several).";

    private final RunsViewModel model;
    private final SplitPane root;
    private final NumberAxis scoreRounds = roundAxis();
    private final NumberAxis lossRounds = roundAxis();
    private final NumberAxis scoreAxis = valueAxis("Test accuracy (%)");
    private final LineChart<Number, Number> scoreChart = new LineChart<>(scoreRounds, scoreAxis);
    private final NumberAxis lossAxis = valueAxis("Test loss");
    private final LineChart<Number, Number> lossChart = new LineChart<>(lossRounds, lossAxis);
    private final FlowPane legend = new FlowPane(14, 4);
    private final HBox charts;
    private final TableView<ParamDiffRow> diffTable = new TableView<>();
    private final TableView<RoundMetricRow> roundsTable = new TableView<>();
    private final TableColumn<RoundMetricRow, String> rmseColumn = figure("RMSE", 64, RoundMetricRow::rmse);
    private final Label diffPlaceholder = new Label(EMPTY);
    private final CheckBox onlyDifferences = new CheckBox("Only differences");
    private final ListChangeListener<RunSeries> seriesChanged = c -> redraw();
    /** The runs the charts, legend and diff columns were last built from; null before the first build. */
    private List<RunSeries> drawn;
    /**
     * Finalized rounds up to which a run's points are marked, each with its value on hover; a longer run is drawn as a
     * line only (1,000 rounds would be 2,000 styled nodes with tooltips; the per-round table lists the values).
     */
    static final int MARKED_POINTS = 100;

    private final TableView<ParticipantEntry> participantsTable = new TableView<>();

    RunsCompareView(RunsViewModel model, AddressBook book) {
        this.model = model;
        for (LineChart<Number, Number> chart : List.of(scoreChart, lossChart)) {
            chart.setLegendVisible(false);
            chart.setAnimated(false);
            chart.setCreateSymbols(false); // plot() gives each round of a short run its own marked point
            chart.setMinHeight(150);
            chart.getStyleClass().add("runs-chart");
            VBox.setVgrow(chart, Priority.ALWAYS);
        }
        scoreChart.setId("runsScoreChart");
        scoreChart.setTitle("Test accuracy per round");
        lossChart.setId("runsLossChart");
        lossChart.setTitle("Test loss per round");
        legend.setId("runsLegend");
        legend.setPadding(new Insets(2, 8, 2, 8));
        HBox charts = new HBox(4, scoreChart, lossChart);
        HBox.setHgrow(scoreChart, Priority.ALWAYS);
        HBox.setHgrow(lossChart, Priority.ALWAYS);
        scoreChart.setMinWidth(200);
        lossChart.setMinWidth(200);
        Label noSelection = hint(EMPTY);
        noSelection.setWrapText(true);
        noSelection.visibleProperty().bind(charts.visibleProperty().not());
        StackPane chartArea = new StackPane(charts, noSelection);
        VBox.setVgrow(chartArea, Priority.ALWAYS);
        this.charts = charts;
        VBox chartBox = new VBox(0, chartArea, legend);

        diffTable.setId("runsDiffTable");
        diffTable.setPlaceholder(diffPlaceholder);
        diffTable.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY); // run columns share the width left
        diffTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ParamDiffRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("param-differs");
                if (!empty && item != null && item.differs()) getStyleClass().add("param-differs");
            }
        });
        onlyDifferences.setId("runsOnlyDifferences");
        BorderPane diffPane = new BorderPane(diffTable);
        HBox diffBar = new HBox(8, onlyDifferences, hint("Rows that differ between the runs are highlighted."));
        diffBar.setAlignment(Pos.CENTER_LEFT);
        diffBar.setPadding(new Insets(4, 6, 4, 6));
        diffPane.setTop(diffBar);

        roundsTable.setId("runsRoundsTable");
        roundsTable.setPlaceholder(new Label(EMPTY));
        roundsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RoundMetricRow, RoundMetricRow> run = new TableColumn<>("Run");
        run.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        run.setCellFactory(c -> new TableCell<>() {
            /** The run's colour, one box per cell, restyled only when the colour changes (new nodes cost CSS). */
            private final Region box = swatchBox();
            private String colour;

            @Override
            protected void updateItem(RoundMetricRow item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.run());
                if (!empty && item != null && !item.colour().equals(colour)) {
                    colour = item.colour();
                    box.setStyle(swatchStyle(colour));
                }
                setGraphic(empty || item == null ? null : box);
            }
        });
        run.setComparator(Comparator.comparing(RoundMetricRow::run).thenComparingInt(RoundMetricRow::round));
        run.setPrefWidth(110);
        roundsTable.getColumns().add(run);
        roundsTable.getColumns().add(figure("Round", 56, r -> String.valueOf(r.round())));
        roundsTable.getColumns().add(figure("Accuracy", 80, RoundMetricRow::accuracy));
        roundsTable.getColumns().add(figure("Loss", 64, RoundMetricRow::loss));
        rmseColumn.setVisible(false);
        roundsTable.getColumns().add(rmseColumn);
        roundsTable.getColumns().add(figure("Gas", 76, RoundMetricRow::gas));
        roundsTable.getColumns().add(figure("Time", 60, RoundMetricRow::seconds));

        Tab params = new Tab("Parameters", diffPane);
        params.setId("runsParamsTab");
        Tab rounds = new Tab("Per-round metrics", roundsTable);
        rounds.setId("runsRoundsTab");
        participantsTable.setId("runsParticipantsTable");
        participantsTable.setPlaceholder(new Label(EMPTY));
        participantsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        participantsTable.getColumns().add(participantText("Run", 90, ParticipantEntry::run));
        participantsTable.getColumns().add(participantText("Role", 90, ParticipantEntry::role));
        TableColumn<ParticipantEntry, String> name = participantText("Name", 150, ParticipantEntry::address);
        name.setCellFactory(c -> new AddressCell<>(book, true));
        participantsTable.getColumns().add(name);
        TableColumn<ParticipantEntry, String> address = participantText("Address", 130, ParticipantEntry::address);
        address.setCellFactory(c -> new CidCell<>("address"));
        participantsTable.getColumns().add(address);
        Tab people = new Tab("Participants", participantsTable);
        people.setId("runsParticipantsTab");
        TabPane details = new TabPane(params, rounds, people);
        details.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        details.setMinWidth(300);
        root = new SplitPane(chartBox, details);
        root.setDividerPositions(0.56);
    }

    /** The comparison's node. */
    Node root() {
        return root;
    }

    void attach(Subscriptions subs) {
        subs.listen(model.series(), seriesChanged);
        subs.bindBidirectional(onlyDifferences.selectedProperty(), model.onlyDifferencesProperty());
        diffTable.setItems(model.diff());
        roundsTable.setItems(model.roundMetrics());
        participantsTable.setItems(model.participants());
        subs.add(() -> {
            diffTable.setItems(null);
            roundsTable.setItems(null);
            participantsTable.setItems(null);
        });
        if (!model.series().equals(drawn)) redraw(); // unchanged since it was last shown: nothing to rebuild
    }

    /** Rebuilds the charts, legend and the diff's columns from the selected runs. */
    private void redraw() {
        List<RunSeries> runs = model.series();
        drawn = List.copyOf(runs);
        boolean allRegression = !runs.isEmpty() && runs.stream().allMatch(RunSeries::regression);
        scoreChart.setTitle(allRegression ? "Test RMSE per round" : "Test accuracy per round");
        scoreAxis.setLabel(allRegression ? "Test RMSE" : "Test accuracy (%)");
        lossChart.setTitle(allRegression ? "Test MSE per round" : "Test loss per round");
        lossAxis.setLabel(allRegression ? "Test MSE" : "Test loss");
        scoreChart.getData().clear();
        lossChart.getData().clear();
        legend.getChildren().clear();
        int maxRound = 1;
        for (RunSeries s : runs) {
            for (RunSeries.Point p : s.points()) maxRound = Math.max(maxRound, p.round());
            if (s.regression() == allRegression) {
                plot(scoreChart, s, allRegression ? RunSeries.Point::rmse : RunSeries.Point::accuracy,
                        allRegression ? "RMSE %.4g" : "%.2f %%");
            }
            plot(lossChart, s, RunSeries.Point::loss, s.regression() ? "MSE %.4g" : "loss %.4f");
            legend.getChildren().add(swatch(s.colour(), s.name()));
        }
        charts.setVisible(!runs.isEmpty());
        diffPlaceholder.setText(runs.isEmpty() ? EMPTY : runs.size() == 1 ? "One run selected: nothing to compare it with."
                : "The selected runs have the same parameters.");
        rmseColumn.setVisible(runs.stream().anyMatch(RunSeries::regression));
        // half a round of room at each end, so the first and last rounds' points are not cut by the plot's edge
        for (NumberAxis axis : List.of(scoreRounds, lossRounds)) axis.setUpperBound(Math.max(2, maxRound) + 1);
        int lastRound = Math.max(2, maxRound);
        for (NumberAxis axis : List.of(scoreRounds, lossRounds)) {
            axis.setTickLabelFormatter(roundLabels(lastRound));
            // about ten ticks: a tick (and a grid line) per round would be 1,000 of them for a long run
            axis.setTickUnit(WholeNumbers.tickUnit(lastRound));
        }
        rebuildDiffColumns(runs);
    }

    private void plot(LineChart<Number, Number> chart, RunSeries run, ToDoubleFunction<RunSeries.Point> value, String format) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(run.name());
        boolean marked = run.points().size() <= MARKED_POINTS;
        List<XYChart.Data<Number, Number>> data = new java.util.ArrayList<>(run.points().size());
        for (RunSeries.Point p : run.points()) {
            double v = value.applyAsDouble(p);
            if (!Double.isFinite(v)) continue;
            XYChart.Data<Number, Number> d = new XYChart.Data<>(p.round(), v);
            data.add(d);
            if (!marked) continue;
            StackPane dot = new StackPane();
            dot.getStyleClass().add("runs-point");
            dot.setStyle("-fx-background-color: " + run.colour() + ", white; -fx-background-insets: 0, 2;"
                    + " -fx-background-radius: 5px; -fx-padding: 5px;");
            Tooltip tip = new Tooltip(run.name() + " · round " + p.round() + ": " + String.format(Locale.ROOT, format, v));
            tip.setShowDelay(Duration.millis(100));
            Tooltip.install(dot, tip);
            d.setNode(dot);
        }
        series.getData().setAll(data);
        chart.getData().add(series);
        if (series.getNode() != null) {
            series.getNode().setStyle("-fx-stroke: " + run.colour() + "; -fx-stroke-width: 2px;"
                    + (run.dashes().isEmpty() ? "" : " -fx-stroke-dash-array: " + run.dashes() + ";"));
        }
    }

    private void rebuildDiffColumns(List<RunSeries> runs) {
        diffTable.getColumns().clear();
        TableColumn<ParamDiffRow, String> label = new TableColumn<>("Parameter");
        label.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().label()));
        label.setPrefWidth(185); // "Server learning rate η" whole at 1280 px
        label.setSortable(false);
        diffTable.getColumns().add(label);
        for (int i = 0; i < runs.size(); i++) {
            int index = i;
            TableColumn<ParamDiffRow, String> column = new TableColumn<>();
            column.setGraphic(swatch(runs.get(i).colour(), runs.get(i).name()));
            column.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                    index < c.getValue().values().size() ? c.getValue().values().get(index) : ""));
            column.prefWidthProperty().bind(diffTable.widthProperty().subtract(label.widthProperty()).subtract(26)
                    .divide(runs.size()).map(w -> Math.max(90, w.doubleValue())));
            column.setSortable(false);
            column.setCellFactory(c -> new TableCell<>() {
                @Override
                protected void updateItem(String value, boolean empty) {
                    super.updateItem(value, empty);
                    setText(empty ? null : value);
                    setTooltip(empty || value == null || value.length() < 14 ? null : new Tooltip(value));
                }
            });
            diffTable.getColumns().add(column);
        }
    }

    /** Round numbers 1..last as tick labels; the margin ticks (0 and last + 1) unlabelled. */
    private static javafx.util.StringConverter<Number> roundLabels(int last) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                int r = (int) Math.round(n.doubleValue());
                return r >= 1 && r <= last ? Integer.toString(r) : "";
            }

            @Override
            public Number fromString(String text) {
                return Integer.parseInt(text);
            }
        };
    }

    private static NumberAxis roundAxis() {
        NumberAxis axis = new NumberAxis(0, 3, 1);
        axis.setLabel("Round");
        axis.setMinorTickVisible(false);
        return axis;
    }

    private static NumberAxis valueAxis(String label) {
        NumberAxis axis = new NumberAxis();
        axis.setLabel(label);
        axis.setForceZeroInRange(false);
        return axis;
    }

    private static <T> TableColumn<T, String> text(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    /**
     * Figures as shown ("93.14 %", "1,204,331", "4.2 s", "12") in numeric order, the empty ones last: a column of
     * text would sort "10" before "2" (and through the locale's collator, slowly).
     */
    static final Comparator<String> FIGURES = Comparator.<String>comparingDouble(t -> figure(t))
            .thenComparing(Comparator.naturalOrder());

    /** The number at the start of {@code text}, thousands separators ignored; +∞ (last) when there is none. */
    static double figure(String text) {
        if (text == null) return Double.POSITIVE_INFINITY;
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean sign = c == '-' && (digits.isEmpty() || Character.toLowerCase(digits.charAt(digits.length() - 1)) == 'e');
            if (Character.isDigit(c) || c == '.' || sign || c == 'E' || c == 'e') digits.append(c);
            else if (c != ',') break;
        }
        try {
            return digits.isEmpty() ? Double.POSITIVE_INFINITY : Double.parseDouble(digits.toString());
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static <T> TableColumn<T, String> figure(String title, double width, Function<T, String> value) {
        TableColumn<T, String> column = text(title, width, value);
        column.setComparator(FIGURES);
        return column;
    }

    private static Region swatchBox() {
        Region box = new Region();
        box.setMinSize(12, 12);
        box.setMaxSize(12, 12);
        return box;
    }

    private static String swatchStyle(String colour) {
        return "-fx-background-color: " + colour + "; -fx-background-radius: 2px;";
    }

    /** A coloured square followed by {@code text}. */
    static Label swatch(String colour, String text) {
        Region box = swatchBox();
        box.setStyle(swatchStyle(colour));
        Label label = new Label(text, box);
        label.getStyleClass().add("runs-swatch");
        return label;
    }

    private static Label hint(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("runs-hint");
        return label;
    }

    private static TableColumn<ParticipantEntry, String> participantText(String title, double width,
                                                                          java.util.function.Function<ParticipantEntry, String> value) {
        TableColumn<ParticipantEntry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
