package dev.defl.ui;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps only the selected tab's pane in the scene graph.
 *
 * <p>A {@link TabPane} leaves every tab's content in the scene, hidden. Each pulse JavaFX updates the bounds of the
 * whole graph ({@code Parent.updateBounds} visits every node, shown or not), so thousands of nodes of panes the user
 * cannot see cost time in every frame: a fifth of the FX thread's time while a table scrolls in {@code defl bench ui}.
 * Here each tab's content becomes a holder ({@link StackPane}, style class {@code tab-content-holder}) whose one child,
 * the pane, is there only while the tab is selected. The tab's {@link Tab#getContent()} stays the same holder.
 *
 * <p>The panes of tabs not selected are taken out one pulse after {@link #install}, so that the window's first frame
 * styles and lays them out (their first showing then costs what a later one does). Put back, a pane keeps its state
 * (scroll positions, selections, bindings); only the scene's CSS is applied to it again. Code that looks a hidden pane's
 * nodes up through the scene ({@code scene.lookup}) does not find them: look them up from the pane's root.
 */
public final class SelectedTabContent {

    private final Map<Tab, StackPane> holders = new LinkedHashMap<>();
    private final Map<Tab, Node> panes = new LinkedHashMap<>();

    private SelectedTabContent() {
    }

    /**
     * Wraps the content of every tab of {@code tabs} now in a holder and, from the next pulse (or at once when
     * {@code tabs} is not in a scene), keeps in the scene only the selected tab's pane. Tabs added later, or contents
     * set later, are not handled. Call on the FX thread.
     *
     * @return the installed instance (for {@link #pane(Tab)})
     */
    public static SelectedTabContent install(TabPane tabs) {
        Objects.requireNonNull(tabs, "tabs");
        SelectedTabContent s = new SelectedTabContent();
        for (Tab tab : tabs.getTabs()) {
            Node pane = tab.getContent();
            if (pane == null) continue;
            StackPane holder = new StackPane(pane);
            holder.getStyleClass().add("tab-content-holder");
            tab.setContent(holder);
            s.holders.put(tab, holder);
            s.panes.put(tab, pane);
            tab.selectedProperty().addListener((obs, was, selected) -> s.show(tab, selected));
        }
        Scene scene = tabs.getScene();
        if (scene == null) {
            s.holders.keySet().forEach(tab -> s.show(tab, tab.isSelected()));
        } else {
            // after the next pulse's CSS and layout; the listener is removed outside the scene's iteration over them
            boolean[] fired = {false};
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                if (fired[0]) return;
                fired[0] = true;
                Platform.runLater(() -> {
                    scene.removePostLayoutPulseListener(once[0]);
                    s.holders.keySet().forEach(tab -> s.show(tab, tab.isSelected()));
                });
            };
            scene.addPostLayoutPulseListener(once[0]);
        }
        return s;
    }

    /** The pane shown in {@code tab} (in the scene or not), or null if the tab has none. */
    public Node pane(Tab tab) {
        return panes.get(tab);
    }

    private void show(Tab tab, boolean selected) {
        StackPane holder = holders.get(tab);
        Node pane = panes.get(tab);
        boolean in = !holder.getChildren().isEmpty();
        if (selected && !in) holder.getChildren().setAll(pane);
        else if (!selected && in) holder.getChildren().clear();
    }
}
