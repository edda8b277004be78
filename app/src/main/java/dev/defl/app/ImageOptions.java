package dev.defl.app;

import dev.defl.engine.learning.DatasetOptions;
import picocli.CommandLine.Option;

/** The {@code --image-size} and {@code --channels} options of commands that read image folders. */
final class ImageOptions {

    @Option(names = "--image-size", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_IMAGE_SIZE,
            description = "Image folders: side in pixels that images are resized to, square, by area averaging, 4..512 (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--channels", paramLabel = "1|3", defaultValue = "1",
            description = "Image folders: 1 = grey-scale luminance (ITU-R BT.601), 3 = RGB (default: ${DEFAULT-VALUE}).")
    int channels;

    /**
     * {@code base} with these image settings.
     *
     * @throws IllegalArgumentException naming the option out of range
     */
    DatasetOptions apply(DatasetOptions base) {
        try {
            return base.withImage(imageSize, channels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((imageSize < 4 || imageSize > 512 ? "--image-size: " : "--channels: ") + e.getMessage(), e);
        }
    }
}
