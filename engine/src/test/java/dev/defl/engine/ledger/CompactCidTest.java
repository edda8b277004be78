package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.Multihash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactCidTest {
    private static final byte[] BLOCK = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void rawAndDagPbCidsRoundTripThroughDigestAndCodec() {
        for (long codec : new long[] {Cid.RAW, Cid.DAG_PB}) {
            Cid cid = Cid.of(1, codec, BLOCK);
            CompactCid compact = CompactCid.of(cid);
            assertThat(compact.digest()).isEqualTo(Multihash.sha256(BLOCK).digest()).hasSize(32);
            assertThat(compact.codec()).isEqualTo(codec);
            assertThat(compact.toCid()).isEqualTo(cid);
            assertThat(compact.toCid().toString()).isEqualTo(cid.toString());
        }
    }

    @Test
    void cidV0ComesBackAsItsCidV1() {
        Cid v0 = Cid.of(0, Cid.DAG_PB, BLOCK);
        assertThat(CompactCid.of(v0).toCid()).isEqualTo(v0.toV1());
    }

    @Test
    void cidsTheContractCannotStoreAreRefusedNamingTheCid() {
        Cid dagCbor = Cid.of(1, 0x71, BLOCK);
        assertThatThrownBy(() -> CompactCid.of(dagCbor)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CID " + dagCbor + " cannot go on chain: codec 0x71 is neither raw (0x55) nor dag-pb (0x70)");
        Cid identity = new Cid(1, Cid.RAW, new Multihash(Multihash.IDENTITY, BLOCK));
        assertThatThrownBy(() -> CompactCid.of(identity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CID " + identity + " cannot go on chain: its multihash is not sha2-256 (code 0x0)");
        assertThatThrownBy(() -> new CompactCid(new byte[32], Cid.RAW)).hasMessageContaining("all zero");
        assertThatThrownBy(() -> new CompactCid(new byte[31], Cid.RAW)).hasMessageContaining("32 bytes, got 31");
    }

    @Test
    void equalityIsByDigestAndCodec() {
        assertThat(CompactCid.of(Cid.of(1, Cid.RAW, BLOCK))).isEqualTo(CompactCid.of(Cid.of(1, Cid.RAW, BLOCK)))
                .hasSameHashCodeAs(CompactCid.of(Cid.of(1, Cid.RAW, BLOCK)))
                .isNotEqualTo(CompactCid.of(Cid.of(1, Cid.DAG_PB, BLOCK)));
    }
}
