package dev.defl.ui.concurrent;

import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** TabActivation on a real TabPane (headless Monocle). */
@ExtendWith(ApplicationExtension.class)
class TabActivationTest {

    @Start
    void start(Stage stage) {
        // the toolkit only; the tabs need no scene
    }

    @Test
    void thePaneIsActiveExactlyWhileItsTabIsSelected() {
        List<String> calls = new ArrayList<>();
        WaitForAsyncUtils.waitForAsyncFx(5_000, () -> {
            Tab first = new Tab("first");
            Tab second = new Tab("second");
            TabPane tabs = new TabPane(first, second);
            PaneLifecycle pane = new PaneLifecycle(subs -> calls.add("activate"), () -> calls.add("deactivate"));
            TabActivation.bindToTab(first, pane);
            assertThat(pane.isActive()).isTrue();
            tabs.getSelectionModel().select(second);
            assertThat(pane.isActive()).isFalse();
            tabs.getSelectionModel().select(first);
            Runnable untie = TabActivation.bindToTab(second, new PaneLifecycle(subs -> calls.add("second")));
            untie.run();
            tabs.getSelectionModel().select(second);
        });
        assertThat(calls).containsExactly("activate", "deactivate", "activate", "deactivate");
    }
}
