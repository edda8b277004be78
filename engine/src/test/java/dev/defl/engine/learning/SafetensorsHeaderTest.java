package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The header of a stored update read on its own ({@link SafetensorsCodec#header}), as streaming aggregation reads a
 * peer's file: the offsets it gives are those of a full decode, and a hostile header is refused with a message saying
 * what is wrong, before any tensor byte is read.
 */
class SafetensorsHeaderTest {
    /** The first 8 + N bytes of a file whose header is {@code json}; the file is {@code fileSize} bytes. */
    private static byte[] prefix(String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + j.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(j.length).put(j);
        return b.array();
    }

    private static void refused(String json, long bufferBytes, String message) {
        byte[] p = prefix(json);
        assertThatThrownBy(() -> SafetensorsCodec.header(p, p.length + bufferBytes))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining(message);
    }

    @Test
    void theHeaderAloneGivesTheOffsetsOfAFullDecode() throws Exception {
        ModelWeights w = new ModelWeights(Map.of(
                "b", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                "a", new Tensor(new long[] {1}, new float[] {7})));
        byte[] file = SafetensorsCodec.encode(w, Map.of("k", "v"));
        long n = SafetensorsCodec.headerLength(file, file.length);
        SafetensorsHeader h = SafetensorsCodec.header(java.util.Arrays.copyOf(file, (int) (8 + n)), file.length);
        assertThat(h.headerLength()).isEqualTo(n);
        assertThat(h.metadata()).containsExactly(Map.entry("k", "v"));
        assertThat(h.byName().keySet()).containsExactly("a", "b");
        SafetensorsHeader.Entry b = h.byName().get("b");
        assertThat(b.shape()).containsExactly(2, 3);
        assertThat(b.dtype()).isEqualTo("F32");
        assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (h.dataStart() + b.begin() + 4 * 5))).isEqualTo(6f);
    }

    @Test
    void hostileLengthsAreRefusedBeforeAnythingIsRead() {
        byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
        assertThatThrownBy(() -> SafetensorsCodec.headerLength(huge, 1 << 30))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("header length 18446744073709551615 bytes is beyond the file");
        byte[] big = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).array();
        assertThatThrownBy(() -> SafetensorsCodec.headerLength(big, 1L << 40))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("exceeds 100000000");
        assertThatThrownBy(() -> SafetensorsCodec.headerLength(new byte[8], 5))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("shorter than the 8-byte header length");
        byte[] p = prefix("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        assertThatThrownBy(() -> SafetensorsCodec.header(java.util.Arrays.copyOf(p, p.length - 3), p.length + 4))
                .isInstanceOf(SafetensorsFormatException.class).hasMessageContaining("only");
    }

    @Test
    void hostileEntriesAreRefusedNamingTheTensor() {
        refused("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "tensor 'a': unsupported dtype F16");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                8, "offsets must be contiguous");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                12, "begin at 8 but the previous tensor ends at 4");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "tensors cover 4 bytes but the buffer after the header has 8");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", 4, "overflow");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,400]}}", 4, "out of range of the 4-byte buffer");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "negative dimension");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                4, "not valid JSON");
        refused("{\"__metadata__\":{\"k\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "metadata value of 'k' is not a string");
        refused("[1,2]", 0, "header must begin with '{'");
        refused("{}", 0, "file holds no tensors");
        refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.5]}}", 4, "data_offsets[1] = 4.5 is not an integer");
    }
}
