package dev.defl.ui;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * A table cell showing a CID shortened ({@link CidText#shorten}), the full CID in a tooltip and a
 * "Copy CID" context menu; "—" when the row has no CID yet; resets itself for empty rows.
 *
 * @param <S> the table's row type
 */
public final class CidCell<S> extends TableCell<S, String> {
    private final Tooltip tooltip = new Tooltip();
    private final ContextMenu menu = new ContextMenu();

    public CidCell() {
        MenuItem copy = new MenuItem("Copy CID");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(getItem());
            Clipboard.getSystemClipboard().setContent(content);
        });
        menu.getItems().add(copy);
        getStyleClass().add("cid-cell");
    }

    @Override
    protected void updateItem(String cid, boolean empty) {
        super.updateItem(cid, empty);
        if (empty || cid == null || cid.isEmpty()) {
            setText(empty ? null : "—");
            setTooltip(null);
            setContextMenu(null);
        } else {
            setText(CidText.shorten(cid));
            tooltip.setText(cid);
            setTooltip(tooltip);
            setContextMenu(menu);
        }
    }
}
