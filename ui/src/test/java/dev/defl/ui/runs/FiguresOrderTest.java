package dev.defl.ui.runs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-round table's columns sort their figures as numbers, the empty ones last. */
class FiguresOrderTest {

    @Test
    void figuresSortAsNumbersWithUnitsAndSeparators() {
        List<String> rounds = new ArrayList<>(List.of("10", "2", "1", "100"));
        rounds.sort(RunsCompareView.FIGURES);
        assertThat(rounds).containsExactly("1", "2", "10", "100");
        List<String> figures = new ArrayList<>(List.of("", "93.14 %", "100.00 %", "9.5 %"));
        figures.sort(RunsCompareView.FIGURES);
        assertThat(figures).containsExactly("9.5 %", "93.14 %", "100.00 %", "");
        List<String> gas = new ArrayList<>(List.of("1,204,331", "987,000", "12.5 s", "4.2 s"));
        gas.sort(RunsCompareView.FIGURES);
        assertThat(gas).containsExactly("4.2 s", "12.5 s", "987,000", "1,204,331");
        assertThat(RunsCompareView.figure("1.5e-3")).isEqualTo(0.0015);
        assertThat(RunsCompareView.figure("-2.5")).isEqualTo(-2.5);
    }
}
