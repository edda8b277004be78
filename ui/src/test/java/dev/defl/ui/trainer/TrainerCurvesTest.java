package dev.defl.ui.trainer;

import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.RealEngine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.defl.ui.trainer.TrainerViewModelTest.LOADER;
import static dev.defl.ui.trainer.TrainerViewModelTest.NOBODY;
import static dev.defl.ui.trainer.TrainerViewModelTest.TINY_CSV;
import static dev.defl.ui.trainer.TrainerViewModelTest.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Curve smoothing (TensorBoard's debiased EMA), the curves built from run events, and throughput. */
class TrainerCurvesTest {

    @Test
    void zeroSmoothingReturnsTheRawValuesAsACopy() {
        double[] raw = {3, 1, 4, 1, 5};
        double[] out = CurvesViewModel.smooth(raw, 0);
        assertThat(out).containsExactly(3, 1, 4, 1, 5);
        assertThat(out).isNotSameAs(raw);
    }

    @Test
    void smoothingIsADebiasedExponentialMovingAverage() {
        // w = 0.5 over 1, 2, 4: EMA from 0 is 0.5, 1.25, 2.625; debiased by 1 − 0.5^k: 1, 1.666…, 3
        double[] out = CurvesViewModel.smooth(new double[]{1, 2, 4}, 0.5);
        assertThat(out[0]).isCloseTo(1.0, within(1e-12));
        assertThat(out[1]).isCloseTo(1.25 / 0.75, within(1e-12));
        assertThat(out[2]).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void aConstantSeriesStaysConstantAtAnyWeight() {
        for (double w : new double[]{0.1, 0.6, 0.99}) {
            assertThat(CurvesViewModel.smooth(new double[]{2, 2, 2, 2}, w)).as("w=" + w).containsExactly(new double[]{2, 2, 2, 2}, within(1e-9));
        }
    }

    @Test
    void nonFiniteValuesPassThroughAndDoNotEnterTheAverage() {
        double[] out = CurvesViewModel.smooth(new double[]{1, Double.NaN, 1}, 0.9);
        assertThat(out[1]).isNaN();
        assertThat(out[2]).isCloseTo(1, within(1e-9));
    }

    @Test
    void theInputIsNotModifiedAndTheWeightMustBeBelowOne() {
        double[] raw = {5, 0};
        CurvesViewModel.smooth(raw, 0.7);
        assertThat(raw).containsExactly(5, 0);
        assertThatThrownBy(() -> CurvesViewModel.smooth(raw, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> CurvesViewModel.smooth(raw, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientCurvesHaveOneSeriesPerClientOverLocalEpochsAcrossRounds() {
        List<ClientEpochPoint> points = List.of(new ClientEpochPoint(0, 1, 1, 2.0, 0.2),
                new ClientEpochPoint(1, 1, 1, 1.0, 0.5), new ClientEpochPoint(0, 2, 2, 1.0, 0.6));
        assertThat(CurvesViewModel.clientCurve(points, 0, Metric.LOSS, 0)).containsExactly(
                new CurvesViewModel.CurvePoint(1, 2.0), new CurvesViewModel.CurvePoint(2, 1.0));
        assertThat(CurvesViewModel.clientCurve(points, 1, Metric.ACCURACY, 0)).containsExactly(
                new CurvesViewModel.CurvePoint(1, 0.5));
        assertThat(CurvesViewModel.clientCurve(points, 0, Metric.LOSS, 0.5).getLast().y()).isCloseTo(
                (0.5 * 2.0 * 0.5 + 0.5 * 1.0) / 0.75, within(1e-12));
    }

    @Test
    void theGlobalCurveIsTheTestMetricPerRound() {
        List<RunReport.RoundReport> rounds = List.of(round(1, 0.5, 1.2), round(2, 0.7, 0.8));
        assertThat(CurvesViewModel.globalCurve(rounds, Metric.ACCURACY, 0)).containsExactly(
                new CurvesViewModel.CurvePoint(1, 0.5), new CurvesViewModel.CurvePoint(2, 0.7));
        assertThat(CurvesViewModel.globalCurve(rounds, Metric.LOSS, 0)).extracting(CurvesViewModel.CurvePoint::y)
                .containsExactly(1.2, 0.8);
    }

    @Test
    void throughputAndDeviceComeFromTheRunEvents() {
        // stand-in: exact sample counts and times whose rates the assertions spell out, and a CUDA fallback warning
        // on any machine (a real run's times are its own; it falls back only where PyTorch sees no GPU)
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("exact throughput; CUDA fallback on any machine", (c, d, spec, listener, x) -> {
            listener.onDevice("cpu()", "CUDA was requested but no GPU was found");
            listener.onClientTrained(1, 0, 100, 2, 0.5);  // 400 samples/s
            listener.onClientTrained(1, 1, 300, 2, 2.0);  // 300 samples/s
            return new RunReport(1, "0x1", 1, List.of());
        }), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.runControl().lastSamplesPerSecondProperty().get()).isNaN();
        vm.runControl().run();
        assertThat(vm.runControl().lastSamplesPerSecondProperty().get()).isEqualTo(300.0);
        assertThat(vm.runControl().averageSamplesPerSecondProperty().get()).isEqualTo(800.0 / 2.5);
        assertThat(vm.runControl().samplesPerSecondTextProperty().get()).isEqualTo("300 samples/s (last client) · 320 avg");
        assertThat(vm.runControl().deviceProperty().get()).isEqualTo("cpu()");
        assertThat(vm.runControl().deviceWarningProperty().get()).isEqualTo("CUDA was requested but no GPU was found");
    }

    @Test
    void smoothingIsClampedToTheSlidersRange() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.curves().smoothingProperty().set(1.5);
        assertThat(vm.curves().smoothingProperty().get()).isEqualTo(CurvesViewModel.MAX_SMOOTHING);
        vm.curves().smoothingProperty().set(-1);
        assertThat(vm.curves().smoothingProperty().get()).isZero();
    }

    static RunReport.RoundReport round(int r, double accuracy, double loss) {
        return new RunReport.RoundReport(r, "bafk" + r, accuracy, loss, List.of(), List.of(), List.of(), 10L * r);
    }
}
