package dev.defl.ui;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RowSort}: a table whose columns sort by row keys shows the rows in the same order as the same table sorting
 * through its cell values (the JavaFX default), for every column, both directions and two columns at once, and
 * makes no cell value while sorting (headless Monocle).
 */
@ExtendWith(ApplicationExtension.class)
class RowSortTest {

    record Row(String name, long size, String codec) {
    }

    @Start
    void start(Stage stage) {
    }

    @Test
    void rowKeysGiveTheCellValueOrderWithoutMakingCellValues() throws Exception {
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new Row("file " + random.nextInt(60), random.nextInt(5) == 0 ? -1 : random.nextInt(1000),
                    random.nextBoolean() ? "raw" : "dag-pb"));
        }
        WaitForAsyncUtils.asyncFx(() -> {
            AtomicInteger cellValues = new AtomicInteger();
            TableView<Row> direct = table(rows, true, cellValues);
            TableView<Row> plain = table(rows, false, new AtomicInteger());
            int columns = direct.getColumns().size();
            for (int first = 0; first < columns; first++) {
                for (TableColumn.SortType type : TableColumn.SortType.values()) {
                    for (int second = -1; second < columns; second++) {
                        if (second == first) continue;
                        cellValues.set(0);
                        sortBy(direct, first, type, second);
                        sortBy(plain, first, type, second);
                        List<Row> shown = List.copyOf(direct.getItems());
                        assertThat(cellValues.get()).as("cell values made while sorting").isZero();
                        assertThat(shown).as("by column %d %s then %d", first, type, second)
                                .isEqualTo(plain.getItems());
                    }
                }
            }
            direct.getSortOrder().clear();
            assertThat(direct.getItems()).as("unsorted: the source order").isEqualTo(rows);
        }).get();
    }

    private static void sortBy(TableView<Row> table, int first, TableColumn.SortType type, int second) {
        TableColumn<Row, ?> a = table.getColumns().get(first);
        a.setSortType(type);
        if (second < 0) {
            table.getSortOrder().setAll(List.of(a));
        } else {
            TableColumn<Row, ?> b = table.getColumns().get(second);
            b.setSortType(TableColumn.SortType.ASCENDING);
            table.getSortOrder().setAll(List.of(a, b));
        }
    }

    /** Name (a custom comparator, case-insensitive), Size (the default comparator) and Codec (a column without key). */
    private static TableView<Row> table(List<Row> rows, boolean rowKeys, AtomicInteger cellValues) {
        TableView<Row> table = new TableView<>();
        TableColumn<Row, String> name = column("Name", Row::name, rowKeys, cellValues);
        name.setComparator(String.CASE_INSENSITIVE_ORDER);
        TableColumn<Row, Long> size = column("Size", Row::size, rowKeys, cellValues);
        TableColumn<Row, String> codec = column("Codec", Row::codec, false, new AtomicInteger());
        codec.setComparator(Comparator.reverseOrder());
        table.getColumns().addAll(List.of(name, size, codec));
        ObservableList<Row> source = FXCollections.observableArrayList(rows);
        SortedList<Row> sorted = new SortedList<>(source);
        if (rowKeys) {
            sorted.comparatorProperty().bind(RowSort.order(table));
        } else {
            sorted.comparatorProperty().bind(table.comparatorProperty());
        }
        table.setItems(sorted);
        return table;
    }

    private static <T> TableColumn<Row, T> column(String title, Function<Row, T> value, boolean rowKey,
                                                  AtomicInteger cellValues) {
        TableColumn<Row, T> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> {
            cellValues.incrementAndGet();
            return new ReadOnlyObjectWrapper<>(value.apply(c.getValue()));
        });
        if (rowKey) RowSort.key(column, value);
        return column;
    }
}
