package dev.defl.ui;

import java.util.Objects;
import java.util.function.Function;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * A table cell showing a state word with a style class derived from it ({@code prefix + style(value)},
 * e.g. {@code state-finalized}, so the stylesheet colours it) and an optional tooltip; resets itself for
 * empty rows. The one home of the coloured state columns of the timeline and the IPFS pane.
 *
 * @param <S> the table's row type
 */
public final class StyledTextCell<S> extends TableCell<S, String> {
    private final String prefix;
    private final Function<String, String> style;
    private final Function<String, Tooltip> tooltip;

    /**
     * @param prefix  start of the style class, e.g. {@code "state-"}; classes with it are removed on every update
     * @param style   the rest of the style class for a value (e.g. the value itself)
     * @param tooltip the tooltip for a value, or null for none
     */
    public StyledTextCell(String prefix, Function<String, String> style, Function<String, Tooltip> tooltip) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.style = Objects.requireNonNull(style, "style");
        this.tooltip = Objects.requireNonNull(tooltip, "tooltip");
    }

    /** A cell whose style class is {@code prefix + value}, without tooltip. */
    public StyledTextCell(String prefix) {
        this(prefix, Function.identity(), v -> null);
    }

    @Override
    protected void updateItem(String value, boolean empty) {
        super.updateItem(value, empty);
        String wanted = empty || value == null ? null : prefix + style.apply(value);
        // a change of the style classes re-applies CSS to the cell from scratch: only when the class changes (a table
        // scrolled a page per frame updates every visible cell each frame)
        boolean has = wanted != null && getStyleClass().contains(wanted);
        if (!has && (wanted != null || getStyleClass().stream().anyMatch(s -> s.startsWith(prefix)))) {
            getStyleClass().removeIf(s -> s.startsWith(prefix));
            if (wanted != null) getStyleClass().add(wanted);
        }
        if (empty || value == null) {
            setText(null);
            setTooltip(null);
        } else {
            setText(value);
            setTooltip(tooltip.apply(value));
        }
    }
}
