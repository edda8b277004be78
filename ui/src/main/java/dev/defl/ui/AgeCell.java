package dev.defl.ui;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

import java.time.Instant;

/**
 * A table cell showing a time as its age ({@link AgeText#ago}, "3 min ago") with the absolute local time in the
 * tooltip. The age is computed when the cell is drawn: a table that stays open refreshes it with
 * {@code TableView.refresh()}.
 *
 * @param <S> the table's row type
 */
public final class AgeCell<S> extends TableCell<S, Instant> {
    private final Tooltip tooltip = new Tooltip();

    public AgeCell() {
        getStyleClass().add("age-cell");
    }

    @Override
    protected void updateItem(Instant time, boolean empty) {
        super.updateItem(time, empty);
        if (empty || time == null) {
            setText(empty ? null : "—");
            setTooltip(null);
        } else {
            setText(AgeText.ago(time));
            tooltip.setText(AgeText.absolute(time));
            setTooltip(tooltip);
        }
    }
}
