package dev.defl.ui.names;

import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

import java.util.Optional;

/**
 * Asks for an address's label: a text field holding the current label, OK (Enter) and Cancel (Esc). A blank
 * label removes it (the next run that uses the address labels it again).
 */
public final class LabelDialog {

    private LabelDialog() {
    }

    /** The dialog for {@code address}, not shown (tests drive it). */
    static TextInputDialog create(Window owner, String address, String current) {
        TextInputDialog dialog = new TextInputDialog(current == null ? "" : current);
        if (owner != null) dialog.initOwner(owner);
        dialog.setTitle("Set label");
        dialog.setHeaderText("Label of " + address);
        dialog.setContentText("Label:");
        dialog.getEditor().setId("labelField");
        dialog.getEditor().setPrefColumnCount(28);
        dialog.getEditor().setPromptText("empty: no label (the next run that uses it labels it)");
        dialog.getDialogPane().setId("labelDialog");
        // over the database's limit: OK stays disabled rather than failing later
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(
                dialog.getEditor().textProperty().map(t -> t.strip().length() > AddressBook.MAX_LABEL));
        return dialog;
    }

    /**
     * Shows the dialog for {@code address} and waits; on OK writes the label to {@code book} (a blank one removes it).
     *
     * @return the label set ("" for a removal), empty when cancelled
     */
    public static Optional<String> edit(Window owner, AddressBook book, String address) {
        Optional<String> answer = create(owner, address, book.label(address)).showAndWait().map(String::strip);
        answer.ifPresent(label -> book.setLabel(address, label));
        return answer;
    }
}
