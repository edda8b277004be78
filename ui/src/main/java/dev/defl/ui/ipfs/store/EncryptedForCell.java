package dev.defl.ui.ipfs.store;

import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.AddressMenu;
import javafx.beans.binding.Bindings;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.SVGPath;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The "Encrypted for" cell of the store table: for an encrypted root, a padlock and its recipients as the address
 * book names them (label, else the shortened address), each in full in the tooltip; empty for plain content. The text
 * follows the book, so a label set in any pane shows here at once. With one recipient, right-click gives the shared
 * address menu (Set label…, Copy address).
 *
 * @param <S> the row type
 */
final class EncryptedForCell<S> extends TableCell<S, List<String>> {

    /** A 10×12 padlock: shackle over a body (SVG path data). */
    private static final String PADLOCK = "M2 5V3.5a3 3 0 0 1 6 0V5h1a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1H1a1 1 0 0 1-1-1V6"
            + "a1 1 0 0 1 1-1zm1.5 0h3V3.5a1.5 1.5 0 0 0-3 0z";

    private final AddressBook book;

    EncryptedForCell(AddressBook book) {
        this.book = book;
        getStyleClass().add("encrypted-for-cell");
    }

    @Override
    protected void updateItem(List<String> recipients, boolean empty) {
        super.updateItem(recipients, empty);
        textProperty().unbind();
        if (empty || recipients == null || recipients.isEmpty()) {
            setText(null);
            setGraphic(null);
            setTooltip(null);
            setContextMenu(null);
            return;
        }
        SVGPath lock = new SVGPath();
        lock.setContent(PADLOCK);
        lock.getStyleClass().add("lock-badge");
        setGraphic(lock);
        textProperty().bind(Bindings.createStringBinding(
                () -> recipients.stream().map(book::display).collect(Collectors.joining(", ")), book.labels()));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(() -> describe(book, recipients), book.labels()));
        setTooltip(tip);
        setContextMenu(recipients.size() == 1 ? AddressMenu.of(book, () -> recipients.getFirst()) : null);
    }

    /** "Encrypted for 2 recipients:" then one "label (0x…)" line each; only they can read the content. */
    static String describe(AddressBook book, List<String> recipients) {
        return "Encrypted for " + recipients.size() + (recipients.size() == 1 ? " recipient:" : " recipients:")
                + recipients.stream().map(a -> "\n  " + book.withAddress(a)).collect(Collectors.joining())
                + "\nOnly their accounts can read it (defl cat CID --account ADDRESS).";
    }
}
