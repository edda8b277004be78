package dev.defl.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.Comparator;
import java.util.function.Function;

/**
 * Sorting a table by its rows' own values rather than by cell values. A {@link TableView} sorts through its columns'
 * cell value factories: each comparison makes two {@code CellDataFeatures} and two observable wrappers, so a click
 * on a header of a 10,000-row table (about 130,000 comparisons) cost 50–60 ms on the JavaFX thread. A column given a
 * row key ({@link #key}) compares {@code key(row)} through the column's own comparator instead: the same order, with
 * nothing made per comparison.
 *
 * <p>Use: {@link #key} for each column (a column without one falls back to its cell values, as the table would),
 * then bind the comparator of the table's {@link SortedList} items to {@link #order}. UI thread only.
 */
public final class RowSort {

    private static final Object KEY = new Object();

    private RowSort() {
    }

    /**
     * Sorts {@code column} by {@code key} of each row, through the column's comparator (as set when the table sorts),
     * instead of its cell values. {@code key} must give what the column's cell value holds.
     */
    public static <S, T> void key(TableColumn<S, T> column, Function<S, T> key) {
        column.getProperties().put(KEY, key);
    }

    /**
     * The order of {@code table}'s sort order now: each sort column's comparator applied to its row key (or to its
     * cell values when it has none), descending columns reversed, later columns breaking ties; null when the table
     * is not sorted.
     */
    @SuppressWarnings("unchecked")
    public static <S> Comparator<S> comparator(TableView<S> table) {
        Comparator<S> order = null;
        for (TableColumn<S, ?> column : table.getSortOrder()) {
            Comparator<S> one = columnOrder((TableColumn<S, Object>) column);
            if (column.getSortType() == TableColumn.SortType.DESCENDING) one = one.reversed();
            order = order == null ? one : order.thenComparing(one);
        }
        return order;
    }

    @SuppressWarnings("unchecked")
    private static <S> Comparator<S> columnOrder(TableColumn<S, Object> column) {
        Comparator<Object> values = column.getComparator() == null
                ? (Comparator<Object>) (Comparator<?>) TableColumn.DEFAULT_COMPARATOR : column.getComparator();
        Object key = column.getProperties().get(KEY);
        if (key instanceof Function<?, ?> f) {
            Function<S, Object> rowKey = (Function<S, Object>) f;
            return (a, b) -> values.compare(rowKey.apply(a), rowKey.apply(b));
        }
        return (a, b) -> values.compare(column.getCellData(a), column.getCellData(b));
    }

    /**
     * The table's order as a binding, for its {@link SortedList} items to bind their comparator to; sets the table's
     * sort policy to accept it (its default accepts only a list bound to the table's own comparator property).
     */
    public static <S> ObjectBinding<Comparator<S>> order(TableView<S> table) {
        table.setSortPolicy(t -> true);
        // the table makes a new comparator each time its sort order or a sort type changes: recompute then
        return Bindings.createObjectBinding(() -> comparator(table), table.comparatorProperty());
    }
}
