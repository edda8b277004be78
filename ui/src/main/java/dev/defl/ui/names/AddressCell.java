package dev.defl.ui.names;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * A table cell showing an account address (the cell's item, full 0x hex) as the address book names it: its label,
 * or the shortened address; the full address in the tooltip; "Set label…" and "Copy address" on right-click. The
 * text follows the book, so a label set anywhere shows here at once. An item that is not an address (e.g.
 * "(new contract)") shows as it is.
 *
 * @param <S> the row type
 */
public class AddressCell<S> extends TableCell<S, String> {
    /** One tooltip per cell, re-texted as the cell shows another row. */
    private final Tooltip tip = new Tooltip();

    private final AddressBook book;
    private final boolean labelOnly;
    private final ContextMenu menu;
    /**
     * Re-texts the cell when the book changes. One listener per cell, held weakly by the book, instead of two new
     * bindings on the book per update: a table scrolled a page per frame updates every visible cell each frame, and
     * each binding stayed registered on the book until collected.
     */
    private final InvalidationListener onBookChanged = o -> show(getItem(), isEmpty());

    /** A cell showing the label, or the shortened address when there is none. */
    public AddressCell(AddressBook book) {
        this(book, false);
    }

    /**
     * @param labelOnly show only the label ("—" when there is none), for a Name column beside an Address column
     */
    public AddressCell(AddressBook book, boolean labelOnly) {
        this.book = book;
        this.labelOnly = labelOnly;
        this.menu = AddressMenu.of(book, this::getItem);
        getStyleClass().add("address-cell");
        book.labels().addListener(new WeakInvalidationListener(onBookChanged));
    }

    @Override
    protected void updateItem(String address, boolean empty) {
        super.updateItem(address, empty);
        show(address, empty);
    }

    private void show(String address, boolean empty) {
        if (empty || address == null || address.isEmpty()) {
            setText(null);
            setTooltip(null);
            setContextMenu(null);
            return;
        }
        if (!AddressBook.isAddress(address)) {
            setText(address);
            setTooltip(null);
            setContextMenu(null);
            return;
        }
        if (labelOnly) {
            String label = book.label(address);
            setText(label.isEmpty() ? "—" : label);
        } else {
            setText(book.display(address));
        }
        tip.setText(book.describe(address));
        setTooltip(tip);
        setContextMenu(menu);
    }
}
