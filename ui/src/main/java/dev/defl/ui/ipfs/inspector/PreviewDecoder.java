package dev.defl.ui.ipfs.inspector;

import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.learning.SafetensorsFile;
import dev.defl.ui.ipfs.IpfsFeedback;
import dev.defl.ui.ipfs.Preview;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the inspector's preview shows for a file's bytes: an image for PNG and JPEG magic numbers, a summary of
 * a safetensors model or update (the format of huggingface/safetensors: 8-byte little-endian header length,
 * then a JSON header), text for UTF-8 (first {@value #TEXT_PREVIEW_BYTES} bytes), else none.
 */
public final class PreviewDecoder {
    /** Text previews show at most this many bytes of a file. */
    public static final int TEXT_PREVIEW_BYTES = 4096;

    private PreviewDecoder() {
    }

    /** The preview of {@code bytes} (see the class comment). */
    public static Preview previewOf(byte[] bytes) {
        if (isPng(bytes) || isJpeg(bytes)) return new Preview(Preview.Kind.IMAGE, "", bytes);
        Preview model = safetensorsPreview(bytes);
        if (model != null) return model;
        int length = Math.min(bytes.length, TEXT_PREVIEW_BYTES);
        // a cut inside a multi-byte sequence: drop up to 3 trailing bytes
        for (int drop = 0; drop <= (length < bytes.length ? 3 : 0) && drop <= length; drop++) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length - drop)).toString();
                if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) break;
                String more = length < bytes.length ? "\n… (first " + (length - drop) + " of " + bytes.length + " bytes)" : "";
                return new Preview(Preview.Kind.TEXT, text + more, new byte[0]);
            } catch (CharacterCodingException e) {
                // try dropping one more byte
            }
        }
        return Preview.none("No preview: " + bytes.length + " bytes of binary data");
    }

    /** A safetensors file summarised; null when it is not one. */
    private static Preview safetensorsPreview(byte[] bytes) {
        if (bytes.length < 10 || bytes[8] != '{') return null;
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > bytes.length - 8) return null;
        SafetensorsFile file;
        try {
            file = SafetensorsCodec.decode(bytes);
        } catch (IOException | RuntimeException e) {
            return Preview.none("Not a valid safetensors file: " + IpfsFeedback.messageOf(e));
        }
        StringBuilder b = new StringBuilder("safetensors · ")
                .append(String.format(Locale.ROOT, "%,d", file.weights().parameterCount()))
                .append(" float32 parameters\n\n");
        file.weights().tensors().forEach((name, t) -> b.append(String.format(Locale.ROOT, "  %-12s %s%n",
                name, Arrays.toString(t.shape()))));
        if (!file.metadata().isEmpty()) {
            b.append("\n__metadata__\n");
            file.metadata().forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        return new Preview(Preview.Kind.TEXT, b.toString(), new byte[0]);
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && Arrays.equals(b, 0, 8, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, 8);
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }
}
