package dev.defl.ui.names;

import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.function.Supplier;

/**
 * The context menu of an address wherever it is shown: "Set label…" (when the window has a run database) and
 * "Copy address".
 */
public final class AddressMenu {

    private AddressMenu() {
    }

    /** A menu for the address {@code address} supplies when it opens (a cell's current item). */
    public static ContextMenu of(AddressBook book, Supplier<String> address) {
        MenuItem label = new MenuItem("Set label…");
        label.setId("setLabelItem");
        MenuItem copy = new MenuItem("Copy address");
        copy.setId("copyAddressItem");
        ContextMenu menu = new ContextMenu();
        if (book.editable()) menu.getItems().add(label);
        menu.getItems().add(copy);
        label.setOnAction(e -> {
            String a = address.get();
            if (AddressBook.isAddress(a)) LabelDialog.edit(menu.getOwnerWindow(), book, a);
        });
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(address.get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        return menu;
    }

    /**
     * Gives {@code node} (a shape or text, not a control) the menu of {@code address}, on right-click. The menu is made
     * at the first right-click: the Peers pane's flow graph installs one on each of a hundred participants' nodes,
     * and a {@link ContextMenu} is a window of its own, costly to make.
     */
    public static void install(Node node, AddressBook book, String address) {
        ContextMenu[] menu = {null};
        node.setOnContextMenuRequested(e -> {
            if (menu[0] == null) menu[0] = of(book, () -> address);
            menu[0].show(node, e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }
}
