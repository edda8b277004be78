package dev.defl.ui.ipfs.store;

import dev.defl.ui.names.AddressBook;
import dev.defl.ui.names.AddressMenu;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.collections.ObservableSet;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.SVGPath;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The "Encrypted for" cell of the store table: for an encrypted root, a padlock and its recipients as the address
 * book names them (label, else the shortened address), this peer's own accounts last as "you", each in full in the
 * tooltip; empty for plain content. The text follows the book, so a label set in any pane shows here at once. With one recipient, right-click gives the shared
 * address menu (Set label…, Copy address).
 *
 * @param <S> the row type
 */
final class EncryptedForCell<S> extends TableCell<S, List<String>> {

    /** A 10×12 padlock: shackle over a body (SVG path data). */
    private static final String PADLOCK = "M2 5V3.5a3 3 0 0 1 6 0V5h1a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1H1a1 1 0 0 1-1-1V6"
            + "a1 1 0 0 1 1-1zm1.5 0h3V3.5a1.5 1.5 0 0 0-3 0z";

    private final AddressBook book;
    private final ObservableSet<String> own;
    private final SVGPath lock = new SVGPath();
    private final Tooltip tip = new Tooltip();
    /** Set label… and Copy address for a single recipient (the menu is shown only then). */
    private final ContextMenu menu;
    private final InvalidationListener onNamesChanged = o -> show(getItem(), isEmpty());

    /**
     * @param own this peer's own accounts, lower-case (shown as "you")
     */
    EncryptedForCell(AddressBook book, ObservableSet<String> own) {
        this.book = book;
        this.own = own;
        getStyleClass().add("encrypted-for-cell");
        menu = AddressMenu.of(book, () -> getItem().getFirst());
        lock.setContent(PADLOCK);
        lock.getStyleClass().add("lock-badge");
        // one weak listener per cell, not new bindings, padlock, tooltip and menu per update: a table scrolled a page per
        // frame updates every visible cell each frame
        WeakInvalidationListener weak = new WeakInvalidationListener(onNamesChanged);
        book.labels().addListener(weak);
        own.addListener(weak);
    }

    @Override
    protected void updateItem(List<String> recipients, boolean empty) {
        super.updateItem(recipients, empty);
        show(recipients, empty);
    }

    private void show(List<String> recipients, boolean empty) {
        if (empty || recipients == null || recipients.isEmpty()) {
            setText(null);
            setGraphic(null);
            setTooltip(null);
            setContextMenu(null);
            return;
        }
        setGraphic(lock);
        setText(shortText(recipients));
        tip.setText(describe(recipients));
        setTooltip(tip);
        setContextMenu(recipients.size() == 1 ? menu : null);
    }

    /**
     * The peers' names (label or shortened address) in header order, then "you" for an own account; with more than
     * one recipient, their number first ("3: carol, bob, you"), which stays visible when the column cuts the rest.
     */
    private String shortText(List<String> recipients) {
        String peers = recipients.stream().filter(a -> !own.contains(a)).map(book::display).collect(Collectors.joining(", "));
        boolean you = recipients.stream().anyMatch(own::contains);
        String names = you ? (peers.isEmpty() ? "you" : peers + ", you") : peers;
        return recipients.size() == 1 ? names : recipients.size() + ": " + names;
    }

    /** "Encrypted for 2 recipients:" then one "label (0x…)" line each, "you (0x…)" last, and who can read it. */
    private String describe(List<String> recipients) {
        return "Encrypted for " + recipients.size() + (recipients.size() == 1 ? " recipient:" : " recipients:")
                + recipients.stream().filter(a -> !own.contains(a)).map(a -> "\n  " + book.withAddress(a)).collect(Collectors.joining())
                + recipients.stream().filter(own::contains).map(a -> "\n  you (" + a + ")").collect(Collectors.joining())
                + "\nOnly they can read it: defl cat CID --account ADDRESS";
    }
}
