package dev.defl.app;

import dev.defl.engine.learning.DatasetOptions;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The {@code --target}, {@code --task} and {@code --missing} options of commands that read CSV tables. */
final class TableOptions {

    @Option(names = "--target", paramLabel = "COL",
            description = "CSV target column, by header name or 1-based index (default: the last column).")
    String target;

    @Option(names = "--target-type", paramLabel = "TYPE", defaultValue = "auto",
            description = "CSV target type: auto (integer or text targets with at most 20 distinct values are classes, "
                    + "other numbers a regression; a mostly numeric target with a few non-numeric cells is an error naming "
                    + "them), classification or regression (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "report",
            description = "CSV cells that are empty, NA, NaN or ?: report (fail naming line and column), mean or median "
                    + "(impute from the training split; text columns: most frequent value) or drop (drop those rows) "
                    + "(default: ${DEFAULT-VALUE}).")
    String missing;

    /**
     * {@code base} with {@code --target}, {@code --task} and {@code --missing}.
     *
     * @throws IllegalArgumentException naming the option whose value is not one of its choices
     */
    DatasetOptions apply(DatasetOptions base) {
        return base.withTargetColumn(target)
                .withTask(choice("--target-type", task, DatasetOptions.TaskType.class))
                .withMissing(choice("--missing", missing, DatasetOptions.MissingValues.class));
    }

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value.strip())) return e;
        throw new IllegalArgumentException(option + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
                + "; got '" + value + "'");
    }
}
