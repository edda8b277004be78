package dev.defl.engine.network;

import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.IidPartitioner;
import dev.defl.engine.learning.LabeledDataset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client's rows: the same IID shard {@code defl node --shard K/N --samples M} trains on. */
class ClientShardTest {

    @Test
    void blankTextsMeanTheWholeTrainingSet() {
        assertThat(ClientShard.parse("", " ")).isEqualTo(ClientShard.ALL);
        assertThat(ClientShard.parse(null, null)).isEqualTo(ClientShard.ALL);
    }

    @Test
    void aShardIsTheTaskSeededIidPartThenCapped() throws Exception {
        LabeledDataset train = Datasets.load("digits", 7).train();
        ClientShard shard = ClientShard.parse(" 1 / 3 ", "50");
        LabeledDataset rows = shard.select(train, 11);
        int[] expected = IidPartitioner.partition(train.size(), 3, 11)[1];
        assertThat(rows.size()).isEqualTo(50);
        assertThat(rows.name()).isEqualTo(train.name() + "/shard-1-of-3");
        assertThat(rows.row(0)).isEqualTo(train.row(expected[0]));
        assertThat(rows.row(49)).isEqualTo(train.row(expected[49]));
        assertThat(shard.salt()).isEqualTo(1);
        assertThat(ClientShard.ALL.select(train, 11).size()).isEqualTo(train.size());
    }

    @Test
    void badTextsAreQuoted() {
        assertThatThrownBy(() -> ClientShard.parse("3/3", "")).hasMessageContaining("'3/3'");
        assertThatThrownBy(() -> ClientShard.parse("a/b", "")).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> ClientShard.parse("1", "")).hasMessageContaining("K/N");
        assertThatThrownBy(() -> ClientShard.parse("", "0")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> ClientShard.parse("", "many")).hasMessageContaining("'many'");
    }
}
