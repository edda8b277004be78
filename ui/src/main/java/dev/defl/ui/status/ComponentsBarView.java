package dev.defl.ui.status;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.util.Duration;

import java.util.List;

/**
 * The left part of the status bar: a coloured dot and one line per component (store, chain, training engine) and
 * one for the IPFS endpoints, from a {@link StartupViewModel}. Amber while starting, green when ready, red when
 * failed or down; the tooltip holds the details, and clicking a red one shows them in a dialog. While active it
 * asks the model to probe health every {@code probeEvery}.
 */
public final class ComponentsBarView {

    /** The widest a component's line gets, in pixels. */
    private static final double MAX_LABEL_WIDTH = 460;
    static final Color STARTING = Color.web("#e0a000"), READY = Color.web("#2e9d3a"), FAILED = Color.web("#d0312d");

    private final StartupViewModel model;
    private final HBox root;
    private final Label ipfs = label("healthIpfs");
    private final Timeline ticker;

    public ComponentsBarView(StartupViewModel model, java.time.Duration probeEvery) {
        this.model = model;
        Label store = label("healthStore");
        Label chain = label("healthChain");
        Label engine = label("healthEngine");
        bind(store, model.storeProperty());
        bind(chain, model.chainProperty());
        bind(engine, model.engineProperty());
        model.endpoints().addListener((javafx.collections.ListChangeListener<ComponentStatus>) c -> showEndpoints());
        showEndpoints();
        root = new HBox(12, chain, store, engine, ipfs);
        root.getStyleClass().add("components-bar");
        root.setId("componentsBar");
        ticker = new Timeline(new KeyFrame(Duration.millis(probeEvery.toMillis()), e -> model.probeHealth()));
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    private static Label label(String id) {
        Label label = new Label();
        label.setId(id);
        // a long error is cut with an ellipsis; the tooltip and the details dialog hold all of it
        label.setMaxWidth(MAX_LABEL_WIDTH);
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.setGraphic(new Circle(5, STARTING));
        return label;
    }

    private static void bind(Label label, ObservableValue<ComponentStatus> status) {
        status.addListener((obs, old, now) -> show(label, now));
        show(label, status.getValue());
        label.setOnMouseClicked(e -> {
            ComponentStatus now = status.getValue();
            if (now.state() == ComponentStatus.State.FAILED && !now.detail().isEmpty()) details(label, now);
        });
    }

    private static void show(Label label, ComponentStatus status) {
        label.setText(status.text());
        // an error may be cut to the maximum width (ellipsis); other lines are short and shown whole
        label.setMinWidth(status.state() == ComponentStatus.State.FAILED ? Region.USE_COMPUTED_SIZE : Region.USE_PREF_SIZE);
        ((Circle) label.getGraphic()).setFill(color(status.state()));
        label.getStyleClass().removeAll("error-text", "status-starting");
        if (status.state() == ComponentStatus.State.FAILED) label.getStyleClass().add("error-text");
        if (status.state() == ComponentStatus.State.STARTING) label.getStyleClass().add("status-starting");
        String tip = status.detail().isEmpty() ? status.text() : status.detail();
        if (status.state() == ComponentStatus.State.FAILED && !status.detail().isEmpty()) tip += "\n(click for details)";
        label.setTooltip(new Tooltip(tip));
    }

    private static Color color(ComponentStatus.State state) {
        return switch (state) {
            case STARTING -> STARTING;
            case READY -> READY;
            case FAILED -> FAILED;
        };
    }

    private void showEndpoints() {
        List<ComponentStatus> list = model.endpoints();
        ipfs.setVisible(!list.isEmpty());
        ipfs.setManaged(!list.isEmpty());
        if (list.isEmpty()) return;
        long up = list.stream().filter(ComponentStatus::ready).count();
        ipfs.setText(up == list.size() && list.size() == 1 ? list.getFirst().text()
                : "IPFS " + up + "/" + list.size() + " up");
        ((Circle) ipfs.getGraphic()).setFill(up == list.size() ? READY : up == 0 ? FAILED : STARTING);
        ipfs.getStyleClass().remove("error-text");
        if (up == 0) ipfs.getStyleClass().add("error-text");
        ipfs.setTooltip(new Tooltip(String.join("\n\n", list.stream().map(ComponentStatus::detail).toList())));
    }

    private static void details(Label owner, ComponentStatus status) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        if (owner.getScene() != null) alert.initOwner(owner.getScene().getWindow());
        alert.setHeaderText(status.text());
        TextArea text = new TextArea(status.detail());
        text.setEditable(false);
        text.setWrapText(true);
        alert.getDialogPane().setContent(text);
        alert.show();
    }

    public HBox root() {
        return root;
    }

    /** Starts the periodic health probe. */
    public void activate() {
        ticker.play();
    }

    public void deactivate() {
        ticker.stop();
    }
}
