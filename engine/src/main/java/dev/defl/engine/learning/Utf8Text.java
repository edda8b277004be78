package dev.defl.engine.learning;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of a text file, naming the line and byte offset of the first malformed sequence. */
final class Utf8Text {
    private Utf8Text() {
    }

    /**
     * {@code bytes} decoded as UTF-8.
     *
     * @param gzipped whether {@code bytes} were gzip-decompressed (then the offset is said to be in the decompressed data)
     * @throws DatasetFormatException {@code "source:line: not UTF-8: byte 0xE9 at byte offset 13 (byte 6 of line 3)…"}:
     *                                the first malformed sequence, its 0-based byte offset and 1-based line (line breaks
     *                                as in the CSV: LF, CRLF or CR)
     */
    static String decode(byte[] bytes, String source, boolean gzipped) throws DatasetFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (!result.isError()) return out.flip().toString();
        int offset = in.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        StringBuilder hex = new StringBuilder();
        int length = Math.max(1, Math.min(result.length(), bytes.length - offset));
        for (int i = offset; i < offset + length; i++) {
            hex.append(i == offset ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xff));
        }
        String hint = offset == 0 && bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE
                || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)
                ? "; the file starts with a UTF-16 byte-order mark: save it as UTF-8"
                : "; save the file as UTF-8 (it may be Latin-1 or Windows-1252)";
        throw new DatasetFormatException(source + ":" + line + ": not UTF-8: byte" + (length > 1 ? "s " : " ") + hex
                + " at byte offset " + offset + " (byte " + (offset - lineStart + 1) + " of line " + line + ")"
                + (gzipped ? " after gzip decompression" : "") + hint);
    }
}
