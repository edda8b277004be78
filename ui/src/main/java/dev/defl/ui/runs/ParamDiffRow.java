package dev.defl.ui.runs;

import java.util.List;

/**
 * One parameter of the selected runs side by side.
 *
 * @param label   the parameter, e.g. {@code "E (local epochs)"}
 * @param values  its value in each selected run, in selection order ({@code "—"} where a run has none)
 * @param differs whether the values are not all the same
 */
public record ParamDiffRow(String label, List<String> values, boolean differs) {
    public ParamDiffRow {
        values = List.copyOf(values);
    }
}
