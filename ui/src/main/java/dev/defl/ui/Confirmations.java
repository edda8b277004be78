package dev.defl.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/**
 * Confirmation dialogs for actions that destroy data: the action is a named button, and Cancel is the default button,
 * so Enter (or a stray double-click) does not delete anything; Escape cancels too.
 */
public final class Confirmations {

    private Confirmations() {}

    /**
     * A warning dialog (not shown yet) with {@code action} and Cancel, Cancel being the default button.
     *
     * @param action the destroying button's text, e.g. {@code "Delete blocks"}; {@link #isAction} tells it apart
     */
    public static Alert destructive(String title, String header, String text, String action) {
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OTHER);
        Alert alert = new Alert(Alert.AlertType.WARNING, text, confirm, ButtonType.CANCEL);
        alert.setTitle(title);
        alert.setHeaderText(header);
        Button ok = (Button) alert.getDialogPane().lookupButton(confirm);
        ok.setDefaultButton(false);
        ok.setId("confirmAction");
        Button cancel = (Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setDefaultButton(true);
        cancel.setCancelButton(true);
        cancel.setId("confirmCancel");
        return alert;
    }

    /** Whether {@code answer} of a {@link #destructive} dialog is its action (not Cancel, not closed). */
    public static boolean isAction(ButtonType answer) {
        return answer != null && answer.getButtonData() == ButtonBar.ButtonData.OTHER;
    }
}
