package dev.defl.ui;

import javafx.geometry.Rectangle2D;

import java.util.List;
import java.util.Objects;

/**
 * What the window remembers between starts: its bounds when not maximized (x, y, width, height in screen pixels,
 * JavaFX's {@code Stage} coordinates, decorations included), whether it was maximized, and the selected tab (one of
 * {@link WorkbenchWindow#TAB_NAMES}, or null).
 *
 * @throws IllegalArgumentException if a coordinate is not finite or the width or height is not positive
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, String tab) {

    /** Overlap, in pixels each way, below which a saved window counts as off screen (its title bar out of reach). */
    static final double MIN_VISIBLE = 48;

    public WindowState {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("window position must be finite numbers, got x=" + x + ", y=" + y);
        }
        if (!(width > 0 && height > 0 && Double.isFinite(width) && Double.isFinite(height))) {
            throw new IllegalArgumentException("window size must be positive, got width=" + width + ", height=" + height);
        }
    }

    /**
     * These bounds moved and shrunk onto {@code screens} (their visual bounds, the primary screen first), so that a
     * window last shown on a monitor since detached, or larger than the screen now, opens wholly on screen: on the
     * screen it overlaps most (at least {@link #MIN_VISIBLE} pixels each way), else centred on the primary screen.
     *
     * @throws IllegalArgumentException if {@code screens} is empty
     */
    public WindowState fittedTo(List<Rectangle2D> screens) {
        Objects.requireNonNull(screens, "screens");
        if (screens.isEmpty()) throw new IllegalArgumentException("no screen to fit the window on");
        Rectangle2D best = null;
        double bestArea = 0;
        for (Rectangle2D screen : screens) {
            double w = Math.min(x + width, screen.getMaxX()) - Math.max(x, screen.getMinX());
            double h = Math.min(y + height, screen.getMaxY()) - Math.max(y, screen.getMinY());
            if (w >= MIN_VISIBLE && h >= MIN_VISIBLE && w * h > bestArea) {
                best = screen;
                bestArea = w * h;
            }
        }
        Rectangle2D screen = best != null ? best : screens.getFirst();
        double w = Math.min(width, screen.getWidth()), h = Math.min(height, screen.getHeight());
        double nx, ny;
        if (best == null) {
            nx = screen.getMinX() + (screen.getWidth() - w) / 2;
            ny = screen.getMinY() + (screen.getHeight() - h) / 2;
        } else {
            nx = Math.clamp(x, screen.getMinX(), screen.getMaxX() - w);
            ny = Math.clamp(y, screen.getMinY(), screen.getMaxY() - h);
        }
        return new WindowState(nx, ny, w, h, maximized, tab);
    }
}
