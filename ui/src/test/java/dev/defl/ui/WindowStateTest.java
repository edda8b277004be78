package dev.defl.ui;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fitting saved window bounds onto the screens attached now. */
class WindowStateTest {

    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1920, 1050);
    private static final Rectangle2D LEFT_MONITOR = new Rectangle2D(-2560, 0, 2560, 1410);

    @Test
    void boundsOnAScreenStayAsTheyAre() {
        WindowState state = new WindowState(100, 50, 1280, 800, false, "ipfs");
        assertThat(state.fittedTo(List.of(LAPTOP))).isEqualTo(state);
        WindowState onMonitor = new WindowState(-2000, 100, 1600, 1000, true, null);
        assertThat(onMonitor.fittedTo(List.of(LAPTOP, LEFT_MONITOR))).isEqualTo(onMonitor);
    }

    @Test
    void aWindowOnADetachedMonitorIsCentredOnThePrimaryScreen() {
        WindowState state = new WindowState(-2000, 100, 1600, 1000, false, "peers");
        assertThat(state.fittedTo(List.of(LAPTOP))).isEqualTo(new WindowState(160, 25, 1600, 1000, false, "peers"));
    }

    @Test
    void aWindowBarelyOnScreenOrTooLargeIsMovedAndShrunkOntoIt() {
        WindowState edge = new WindowState(1900, 1030, 1280, 800, false, null); // 20 × 20 pixels visible
        assertThat(edge.fittedTo(List.of(LAPTOP))).isEqualTo(new WindowState(320, 125, 1280, 800, false, null));
        WindowState large = new WindowState(-100, 200, 2400, 1400, false, null);
        assertThat(large.fittedTo(List.of(LAPTOP))).isEqualTo(new WindowState(0, 0, 1920, 1050, false, null));
        WindowState straddling = new WindowState(1500, 600, 1000, 700, false, null);
        assertThat(straddling.fittedTo(List.of(LAPTOP))).isEqualTo(new WindowState(920, 350, 1000, 700, false, null));
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThatThrownBy(() -> new WindowState(0, 0, 0, 800, false, null)).hasMessageContaining("window size must be positive");
        assertThatThrownBy(() -> new WindowState(Double.NaN, 0, 10, 10, false, null)).hasMessageContaining("finite");
    }
}
