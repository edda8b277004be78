package dev.defl.ui.network;

import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Consumer;

/** Asks for the keystore's password; the answer goes straight to a view model, never stored by the window. */
final class PasswordPrompt {
    private PasswordPrompt() {
    }

    /**
     * Shows a modal prompt (without blocking the caller) and hands the typed password to {@code onPassword} when the
     * user presses Unlock; the field is cleared either way.
     *
     * @param keystore what to name in the prompt (the keystore file)
     */
    static void ask(Window owner, String title, String keystore, Consumer<char[]> onPassword) {
        Dialog<char[]> dialog = new Dialog<>();
        if (owner != null) dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText("Unlock " + (keystore.isBlank() ? "the keystore" : keystore));
        ButtonType unlock = new ButtonType("_Unlock", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(unlock, ButtonType.CANCEL);
        PasswordField field = new PasswordField();
        field.setId("networkPassword");
        field.setPromptText("Keystore password");
        Label label = new Label("_Password");
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        dialog.getDialogPane().setContent(new VBox(6, label, field));
        dialog.getDialogPane().setId("networkPasswordDialog");
        dialog.setResultConverter(button -> {
            char[] password = button == unlock ? field.getText().toCharArray() : null;
            field.clear();
            return password;
        });
        dialog.setOnShown(e -> Platform.runLater(field::requestFocus));
        dialog.setOnHidden(e -> Optional.ofNullable(dialog.getResult()).ifPresent(onPassword));
        dialog.show();
    }
}
