package dev.defl.ui;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SelectedTabContent}: after the first pulse only the selected tab's pane is in the scene; selecting another
 * tab swaps them; a pane put back keeps its state; {@link Tab#getContent()} stays the same holder (headless Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class SelectedTabContentTest {

    private TabPane tabs;
    private Label first, third;
    private TextField second;

    @Start
    void start(Stage stage) {
        tabs = new TabPane();
        first = new Label("first");
        second = new TextField();
        third = new Label("third");
        first.setId("first");
        second.setId("second");
        third.setId("third");
        tabs.getTabs().addAll(new Tab("One", first), new Tab("Two", second), new Tab("Three", third));
        stage.setScene(new Scene(tabs, 400, 300));
        stage.show();
    }

    @Test
    void onlyTheSelectedPaneIsInTheScene() throws Exception {
        SelectedTabContent installed = WaitForAsyncUtils.asyncFx(() -> SelectedTabContent.install(tabs)).get(5, TimeUnit.SECONDS);
        // taken out after the next pulse
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> second.getScene() == null && third.getScene() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(first.getScene()).isSameAs(tabs.getScene());
        assertThat(tabs.getScene().lookup("#second")).isNull();
        Tab two = tabs.getTabs().get(1);
        var holder = two.getContent();
        assertThat(holder.getStyleClass()).contains("tab-content-holder");
        assertThat(installed.pane(two)).isSameAs(second);

        WaitForAsyncUtils.asyncFx(() -> {
            second.setText("typed while shown");
            tabs.getSelectionModel().select(two);
        }).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(second.getScene()).isSameAs(tabs.getScene());
        assertThat(first.getScene()).isNull();
        assertThat(third.getScene()).isNull();
        assertThat(two.getContent()).isSameAs(holder);

        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(2)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(1)).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(second.getScene()).isSameAs(tabs.getScene());
        assertThat(second.getText()).isEqualTo("typed while shown");
        assertThat(tabs.getScene().lookup("#second")).isSameAs(second);
        assertThat(tabs.getScene().lookup("#third")).isNull();
    }
}
