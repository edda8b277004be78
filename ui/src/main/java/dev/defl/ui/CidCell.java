package dev.defl.ui;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * A table cell showing a hash (CID, address, transaction hash) shortened with a middle ellipsis
 * ({@link CidText#shorten}), the full value in a tooltip and a "Copy" context menu; "—" when the row has none yet;
 * resets itself for empty rows. A value that is not a hash (e.g. "(new contract)") is shown as is.
 *
 * @param <S> the table's row type
 */
public final class CidCell<S> extends TableCell<S, String> {
    private final Tooltip tooltip = new Tooltip();
    private final ContextMenu menu = new ContextMenu();

    /** A cell whose menu reads "Copy CID". */
    public CidCell() {
        this("CID");
    }

    /** @param what what the value is, for the menu ("Copy address", "Copy transaction hash") */
    public CidCell(String what) {
        MenuItem copy = new MenuItem("Copy " + what);
        copy.setId("copyHash");
        copy.setOnAction(e -> CidText.copy(getItem()));
        menu.getItems().add(copy);
        getStyleClass().add("cid-cell");
        // narrower than even the short form: still keep the start and the end
        setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
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
