package dev.defl.ui.ipfs;

import java.util.Objects;

/**
 * What the inspector's preview area shows for a selected node.
 *
 * @param kind    text, image or nothing
 * @param text    the decoded text (TEXT), else a one-line reason why there is no preview
 * @param image   the image file bytes (IMAGE: PNG or JPEG), else empty
 */
public record Preview(Kind kind, String text, byte[] image) {
    /** The kind of preview. */
    public enum Kind { NONE, TEXT, IMAGE }

    public Preview {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        image = image.clone();
    }

    @Override
    public byte[] image() {
        return image.clone();
    }

    public static Preview none(String why) {
        return new Preview(Kind.NONE, why, new byte[0]);
    }
}
