package dev.defl.ui.concurrent;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.Tab;

/** Ties a pane's {@link Activatable} lifecycle to a tab: active exactly while the tab is selected. */
public final class TabActivation {

    private TabActivation() {
    }

    /**
     * Activates {@code pane} when {@code tab} is selected and deactivates it when the tab is left; activates it at
     * once if the tab is already selected. Call on the UI thread.
     *
     * @return removes the tie (leaves the pane as it is)
     */
    public static Runnable bindToTab(Tab tab, Activatable pane) {
        ChangeListener<Boolean> listener = (obs, was, selected) -> {
            if (selected) pane.activate();
            else pane.deactivate();
        };
        tab.selectedProperty().addListener(listener);
        if (tab.isSelected()) pane.activate();
        return () -> tab.selectedProperty().removeListener(listener);
    }
}
