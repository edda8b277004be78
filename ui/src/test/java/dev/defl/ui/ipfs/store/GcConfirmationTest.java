package dev.defl.ui.ipfs.store;

import dev.defl.ui.Confirmations;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** "Collect garbage" asks first, and Cancel is its default: Enter deletes nothing (headless Monocle). */
@ExtendWith(ApplicationExtension.class)
class GcConfirmationTest {

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void cancelIsTheDefaultButtonSoEnterDeletesNothing(FxRobot robot) {
        AtomicReference<Alert> shown = new AtomicReference<>();
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            Alert alert = StoreView.gcConfirmation();
            Button cancel = (Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL);
            ButtonType action = alert.getButtonTypes().stream().filter(Confirmations::isAction).findFirst().orElseThrow();
            Button delete = (Button) alert.getDialogPane().lookupButton(action);
            assertThat(cancel.isDefaultButton()).isTrue();
            assertThat(delete.isDefaultButton()).isFalse();
            assertThat(delete.getText()).isEqualTo("Delete unpinned blocks");
            shown.set(alert);
            alert.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        Alert alert = shown.get();
        assertThat(alert.isShowing()).isFalse();
        assertThat(alert.getResult()).isEqualTo(ButtonType.CANCEL);
        assertThat(Confirmations.isAction(alert.getResult())).isFalse();
    }
}
