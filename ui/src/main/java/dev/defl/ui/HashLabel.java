package dev.defl.ui;

import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.geometry.Pos;

/**
 * A hash (CID, address, transaction hash) in a label: shortened with a middle ellipsis ({@link CidText#shorten}),
 * the full value in the tooltip, a "Copy" context menu and a small copy button (⧉) beside it.
 */
public final class HashLabel extends HBox {

    private final Label text = new Label();
    private final Button copy = new Button("⧉");
    private final Tooltip tooltip = new Tooltip();
    private String value = "";

    /** @param value the full hash; may be empty */
    public HashLabel(String value) {
        super(4);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("hash-label");
        text.getStyleClass().add("hash-text");
        copy.getStyleClass().add("copy-button");
        copy.setFocusTraversable(false);
        copy.setTooltip(new Tooltip("Copy the full value"));
        copy.setOnAction(e -> CidText.copy(this.value));
        MenuItem item = new MenuItem("Copy");
        item.setOnAction(e -> CidText.copy(this.value));
        text.setContextMenu(new ContextMenu(item));
        getChildren().addAll(text, copy);
        setValue(value);
    }

    /** Shows {@code full} (null: nothing, no copy button). */
    public void setValue(String full) {
        value = full == null ? "" : full;
        text.setText(CidText.shorten(value));
        tooltip.setText(value);
        text.setTooltip(value.isEmpty() ? null : tooltip);
        copy.setVisible(!value.isEmpty());
        copy.setManaged(!value.isEmpty());
    }

    /** The full value. */
    public String value() {
        return value;
    }

    /** The shortened text shown. */
    public String shownText() {
        return text.getText();
    }

    /** The label, e.g. to style it. */
    public Label label() {
        return text;
    }
}
