package dev.defl.ui.status;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/** The window's status bar: chain, content store, device; refreshed every 2 s while active. */
public final class StatusBarView {

    private final StatusViewModel model;
    private final Label chain = label("statusChain");
    private final Label store = label("statusStore");
    private final Label device = label("statusDevice");
    private final Label error = label("statusError");
    private final Separator chainSeparator = new Separator(Orientation.VERTICAL);
    private final HBox root;
    private final Timeline ticker;

    public StatusBarView(StatusViewModel model) {
        this.model = model;
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        error.getStyleClass().add("error-text");
        root = new HBox(10, chain, chainSeparator, store, new Separator(Orientation.VERTICAL),
                device, spacer, error);
        root.getStyleClass().add("status-bar");
        ticker = new Timeline(new KeyFrame(Duration.seconds(2), e -> model.refresh()));
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    private static Label label(String id) {
        Label label = new Label();
        label.setId(id);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /**
     * Shows or hides the chain's label and its separator (the window's component bar already shows the chain's
     * state, block and latency, with the URL in its tooltip).
     */
    public void showChain(boolean show) {
        chain.setVisible(show);
        chain.setManaged(show);
        chainSeparator.setVisible(show);
        chainSeparator.setManaged(show);
    }

    public HBox root() {
        return root;
    }

    public void activate() {
        chain.textProperty().bind(model.chainProperty());
        store.textProperty().bind(model.storeProperty());
        device.textProperty().bind(model.deviceProperty());
        error.textProperty().bind(model.errorProperty());
        model.refresh();
        ticker.play();
    }

    public void deactivate() {
        ticker.stop();
        chain.textProperty().unbind();
        store.textProperty().unbind();
        device.textProperty().unbind();
        error.textProperty().unbind();
    }
}
