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
        java.nio.file.Path file = keystore.isBlank() ? null : java.nio.file.Path.of(keystore).getFileName();
        dialog.setHeaderText("Unlock the keystore" + (file == null ? "" : " " + abbreviated(file.toString())));
        ButtonType unlock = new ButtonType("_Unlock", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(unlock, ButtonType.CANCEL);
        PasswordField field = new PasswordField();
        field.setId("networkPassword");
        field.setPromptText("Keystore password");
        Label label = new Label("_Password");
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        Label where = new Label(keystore);
        where.getStyleClass().add("muted");
        where.setWrapText(true);
        where.setMaxWidth(460);
        VBox content = new VBox(6, where, label, field);
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);
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

    /** A long keystore file name (geth's {@code UTC--<time>--<address>}) cut to its first and last characters. */
    private static String abbreviated(String name) {
        return name.length() <= 40 ? name : name.substring(0, 16) + "…" + name.substring(name.length() - 16);
    }
}
