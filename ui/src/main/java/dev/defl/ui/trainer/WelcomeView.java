package dev.defl.ui.trainer;

import dev.defl.ui.concurrent.ActivatablePane;
import dev.defl.ui.concurrent.Subscriptions;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Trainer's first-start welcome card, above the form: "Run a sample experiment" in one click, links to the panes
 * that show the run (Round timeline, Peers, IPFS, Chain explorer), and a Dismiss button. Shown while
 * {@link WelcomeViewModel#shownProperty()}; takes no room otherwise.
 */
public final class WelcomeView extends ActivatablePane {

    /** The panes the card points at: their names in the window ({@code WorkbenchWindow.TAB_NAMES}) and link texts. */
    static final List<List<String>> PANES = List.of(List.of("timeline", "Round timeline"), List.of("peers", "Peers"),
            List.of("ipfs", "IPFS"), List.of("explorer", "Chain explorer"));

    private final WelcomeViewModel model;
    private final VBox root = new VBox(8);
    private final Button sample = new Button("_Run a sample experiment");
    private Consumer<String> paneOpener = name -> {};

    public WelcomeView(WelcomeViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
        Label title = new Label("Welcome to DeFL Workbench");
        title.getStyleClass().add("welcome-title");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button dismiss = new Button("Dismiss");
        dismiss.setId("welcomeDismiss");
        dismiss.setMinWidth(Region.USE_PREF_SIZE);
        dismiss.setTooltip(new Tooltip("Hide this welcome; it does not come back"));
        dismiss.setOnAction(e -> model.dismiss());
        HBox top = new HBox(8, title, gap, dismiss);
        top.setAlignment(Pos.CENTER_LEFT);
        Label text = new Label("Train a model federated across " + WelcomeViewModel.SAMPLE_CLIENTS
                + " clients on the built-in " + WelcomeViewModel.SAMPLE_DATASET + " dataset for "
                + WelcomeViewModel.SAMPLE_ROUNDS + " rounds, each update stored by CID and each round finalized on "
                + "the local dev chain.");
        text.setWrapText(true);
        text.getStyleClass().add("description");
        sample.setId("welcomeSampleButton");
        sample.getStyleClass().add("accent");
        sample.setMaxWidth(Double.MAX_VALUE);
        sample.setOnAction(e -> model.runSample());
        FlowPane watch = new FlowPane(4, 2);
        watch.getChildren().add(new Label("Watch:"));
        for (List<String> pane : PANES) {
            Hyperlink link = new Hyperlink(pane.get(1));
            link.setId("welcomeLink-" + pane.get(0));
            link.setOnAction(e -> paneOpener.accept(pane.get(0)));
            watch.getChildren().add(link);
        }
        root.getChildren().addAll(top, text, sample, watch);
        root.setId("welcomeCard");
        root.getStyleClass().add("welcome-card");
        root.setVisible(false);
        root.setManaged(false);
    }

    public Node root() {
        return root;
    }

    /** What a pane link does: the window selects the tab of that name. */
    public void setPaneOpener(Consumer<String> opener) {
        paneOpener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    protected void attach(Subscriptions subs) {
        subs.bind(root.visibleProperty(), model.shownProperty());
        subs.bind(root.managedProperty(), model.shownProperty());
        subs.bind(sample.disableProperty(), model.sampleDisabledProperty());
    }
}
