package dev.defl.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidTest {
    // "hello world\n" (see STACK.md): plain `ipfs add` gives the v0 dag-pb CID,
    // `ipfs add --cid-version=1` the raw-leaf CID.
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_V1 = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
    private static final byte[] HELLO = "hello world\n".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {HELLO_V0, HELLO_V1,
            "bafybeiclphklsx6bfzfb5aezogjldbkeicyyvma6wrfnielfg7haplwahy",
            "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"})
    void parseThenToStringGivesTheSameText(String text) {
        assertThat(Cid.parse(text).toString()).isEqualTo(text);
    }

    @Test
    void v1RawCidHasVersionCodecAndSha256OfTheBlock() {
        Cid cid = Cid.parse(HELLO_V1);
        assertThat(cid.version()).isEqualTo(1);
        assertThat(cid.codec()).isEqualTo(Cid.RAW);
        assertThat(cid.multihash()).isEqualTo(Multihash.sha256(HELLO));
        assertThat(cid).isEqualTo(Cid.of(1, Cid.RAW, HELLO));
        assertThat(cid.matches(HELLO)).isTrue();
        assertThat(cid.matches("hello world".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void v0CidIsDagPbWithABareMultihash() {
        Cid cid = Cid.parse(HELLO_V0);
        assertThat(cid.version()).isZero();
        assertThat(cid.codec()).isEqualTo(Cid.DAG_PB);
        assertThat(cid.toBytes()).hasSize(34).startsWith(0x12, 0x20);
        assertThat(cid.toBytes()).isEqualTo(cid.multihash().toBytes());
    }

    @Test
    void binaryFormRoundTripsForBothVersions() {
        for (String text : new String[] {HELLO_V0, HELLO_V1}) {
            Cid cid = Cid.parse(text);
            assertThat(Cid.fromBytes(cid.toBytes())).isEqualTo(cid);
        }
        assertThat(HexFormat.of().formatHex(Cid.parse(HELLO_V1).toBytes())).startsWith("01551220");
    }

    @Test
    void v1CanBeWrittenInBase58AndUpperCaseBase32AndParsedBack() {
        Cid cid = Cid.parse(HELLO_V1);
        String base58 = cid.toString(Multibase.BASE58_BTC);
        assertThat(base58).startsWith("zb2rh");
        assertThat(Cid.parse(base58)).isEqualTo(cid);
        String upper = cid.toString(Multibase.BASE32_UPPER);
        assertThat(upper).isEqualTo(HELLO_V1.toUpperCase());
        assertThat(Cid.parse(upper)).isEqualTo(cid);
    }

    @Test
    void v0AndV1ConvertIntoEachOther() {
        Cid v0 = Cid.parse(HELLO_V0);
        Cid v1 = v0.toV1();
        assertThat(v1.toString()).startsWith("bafybei");
        assertThat(v1.toV0()).isEqualTo(v0);
        assertThatThrownBy(() -> Cid.parse(HELLO_V1).toV0()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CIDv0 is only for dag-pb");
    }

    @Test
    void badMultibasePrefixIsRejectedNamingInputAndPrefix() {
        String input = "xafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
        assertThatThrownBy(() -> Cid.parse(input))
                .isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining("unsupported multibase prefix 'x'");
    }

    @Test
    void badBase32CharacterIsRejectedNamingCharacterAndIndex() {
        String input = "bafkreifjjcie6lypi6ny7amxnfftagc1buxndqonfipmb64f2km2devei4";
        assertThatThrownBy(() -> Cid.parse(input))
                .isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining("invalid base32 character '1' at index 32");
    }

    @Test
    void truncatedCidIsRejected() {
        String input = HELLO_V1.substring(0, 40);
        assertThatThrownBy(() -> Cid.parse(input))
                .isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining("truncated");
    }

    @Test
    void badBase58CharacterInCidV0IsRejected() {
        String input = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5O";
        assertThatThrownBy(() -> Cid.parse(input))
                .isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("\"" + input + "\"")
                .hasMessageContaining("invalid base58btc character 'O' at index 45");
    }

    @Test
    void emptyStringAndUnsupportedVersionAreRejected() {
        assertThatThrownBy(() -> Cid.parse("")).isInstanceOf(MalformedCidException.class)
                .hasMessage("malformed CID \"\": empty");
        // version 2: base32 of 0x02 0x55 0x12 0x20 + 32 zero bytes
        byte[] v2 = new byte[36];
        v2[0] = 2;
        v2[1] = 0x55;
        v2[2] = 0x12;
        v2[3] = 0x20;
        String text = Multibase.BASE32.encode(v2);
        assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("unsupported CID version 2");
    }

    @Test
    void trailingBytesAndNonMinimalVarintsAreRejectedInBinaryCids() {
        byte[] valid = Cid.parse(HELLO_V1).toBytes();
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> Cid.fromBytes(trailing)).isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("1 trailing bytes");
        byte[] nonMinimal = new byte[valid.length + 1];
        nonMinimal[0] = (byte) 0x81;
        nonMinimal[1] = 0x00;
        System.arraycopy(valid, 1, nonMinimal, 2, valid.length - 1);
        assertThatThrownBy(() -> Cid.fromBytes(nonMinimal)).isInstanceOf(MalformedCidException.class)
                .hasMessageContaining("not minimally encoded");
    }

    @Test
    void multihashRoundTripsAndRejectsBadInput() {
        Multihash hash = Multihash.sha256(HELLO);
        assertThat(Multihash.fromBytes(hash.toBytes())).isEqualTo(hash).hasSameHashCodeAs(hash);
        byte[] truncated = java.util.Arrays.copyOf(hash.toBytes(), 20);
        assertThatThrownBy(() -> Multihash.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated: digest length 32 but only 18 bytes follow");
        assertThatThrownBy(() -> new Multihash(Multihash.SHA2_256, new byte[31]))
                .hasMessageContaining("sha2-256 digest must be 32 bytes, not 31");
    }

    @Test
    void multihashDigestCannotBeChangedFromOutside() {
        byte[] digest = new byte[32];
        Multihash hash = new Multihash(Multihash.SHA2_256, digest);
        digest[0] = 1;
        hash.digest()[1] = 1;
        assertThat(hash.digest()).containsOnly(0);
    }

    @Test
    void base58KeepsLeadingZeroBytes() {
        byte[] data = {0, 0, 1, 2, 3};
        String text = Multibase.BASE58_BTC.encode(data);
        assertThat(text).startsWith("z11");
        assertThat(Multibase.BASE58_BTC.decode(text)).isEqualTo(data);
    }
}
