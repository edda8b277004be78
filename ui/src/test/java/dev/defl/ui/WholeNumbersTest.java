package dev.defl.ui;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Round and epoch axes: whole-number labels from 1, and about ten ticks on 1, 2, 5, 10, 20 … however long the run. */
class WholeNumbersTest {

    @Test
    void labelsAreWholeNumbersFromOne() {
        assertThat(WholeNumbers.FROM_ONE.toString(0)).isEmpty();
        assertThat(WholeNumbers.FROM_ONE.toString(2.5)).isEmpty();
        assertThat(WholeNumbers.FROM_ONE.toString(300)).isEqualTo("300");
    }

    @Test
    void aboutTenTicksOnRoundNumbers() {
        assertThat(WholeNumbers.tickUnit(1)).isEqualTo(1);
        assertThat(WholeNumbers.tickUnit(10)).isEqualTo(1);
        assertThat(WholeNumbers.tickUnit(12)).isEqualTo(2);
        assertThat(WholeNumbers.tickUnit(50)).isEqualTo(5);
        assertThat(WholeNumbers.tickUnit(51)).isEqualTo(10);
        assertThat(WholeNumbers.tickUnit(1000)).isEqualTo(100);
        assertThat(WholeNumbers.tickUnit(10_000)).isEqualTo(1000);
    }
}
