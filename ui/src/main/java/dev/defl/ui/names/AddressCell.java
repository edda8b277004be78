package dev.defl.ui.names;

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
    /** One tooltip per cell, re-bound as the cell shows another row. */
    private final Tooltip tip = new Tooltip();

    private final AddressBook book;
    private final boolean labelOnly;
    private final ContextMenu menu;

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
    }

    @Override
    protected void updateItem(String address, boolean empty) {
        super.updateItem(address, empty);
        textProperty().unbind();
        tip.textProperty().unbind();
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
            textProperty().bind(book.labelBinding(address).map(l -> l.isEmpty() ? "—" : l));
        } else {
            textProperty().bind(book.displayBinding(address));
        }
        // one tooltip per cell, re-bound as the cell shows another row (a new one per update is costly when scrolling)
        tip.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> book.describe(address), book.labels()));
        setTooltip(tip);
        setContextMenu(menu);
    }
}
