package dev.defl.ui.trainer;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

import java.util.Locale;
import java.util.function.Function;

/** The Trainer form's building blocks: the two-column grid, section titles, labels, validity marks, ids. */
final class FormControls {

    private static final double LABEL_COLUMN_WIDTH = 128;

    private FormControls() {
    }

    /** A grid of label / control rows, labels in a fixed-width column. */
    static GridPane formGrid() {
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.setHgap(10);
        form.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints(LABEL_COLUMN_WIDTH);
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        form.getColumnConstraints().addAll(labels, values);
        return form;
    }

    static Label sectionTitle(String text) {
        Label title = new Label(text);
        title.getStyleClass().add("section-title");
        return title;
    }

    /** A label with a mnemonic that focuses {@code target}. */
    static Label formLabel(String text, Node target) {
        Label label = new Label(text);
        label.setLabelFor(target);
        label.setMnemonicParsing(true);
        label.setWrapText(true);
        return label;
    }

    static void markValidity(TextField input, boolean ok) {
        input.getStyleClass().remove("invalid");
        if (!ok) input.getStyleClass().add("invalid");
    }

    static void commitOnEnterOrFocusLoss(TextField field, Runnable commit) {
        field.setOnAction(e -> commit.run());
        field.focusedProperty().addListener((obs, was, now) -> {
            if (!now) commit.run();
        });
    }

    /** Shows values through {@code text}; a combo using it is not editable. */
    static <T> StringConverter<T> enumText(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }

    /** The id of a field's input, e.g. {@code localEpochsField}. */
    static String idOf(ConfigField f) {
        return camel(f.name()) + "Field";
    }

    static String idOf(StrategyField f) {
        return camel(f.name()) + "Field";
    }

    private static String camel(String constant) {
        String[] parts = constant.toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        return b.toString();
    }
}
