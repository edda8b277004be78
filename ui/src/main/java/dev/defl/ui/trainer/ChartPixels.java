package dev.defl.ui.trainer;

import java.awt.image.BufferedImage;

/**
 * A snapshot of a chart as plain pixels, so that the view model can encode it off the UI thread without holding
 * any JavaFX image.
 *
 * @param width  pixels per row
 * @param height rows
 * @param argb   packed 0xAARRGGBB pixels, row-major, length {@code width·height}
 */
public record ChartPixels(int width, int height, int[] argb) {

    /** @throws IllegalArgumentException when {@code argb} does not hold {@code width·height} pixels */
    public ChartPixels {
        if (width < 1 || height < 1 || argb == null || argb.length != (long) width * height) {
            throw new IllegalArgumentException("chart snapshot must have width·height pixels, got " + width + "×" + height
                    + " and " + (argb == null ? "none" : argb.length));
        }
    }

    /** The pixels as an ARGB {@link BufferedImage} (for {@link javax.imageio.ImageIO}). */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return image;
    }
}
