package dev.defl.engine.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeCheckpointsTest {
    @TempDir
    Path dir;

    private static RoundCheckpoint trained(long round) {
        return new RoundCheckpoint(round, RoundCheckpoint.Phase.TRAINED, round - 1, "bafybase" + round, "bafyupdate" + round,
                100, null);
    }

    @Test
    void aSavedCheckpointReadsBackAndAdvancesInPlace() throws Exception {
        NodeCheckpoints checkpoints = new NodeCheckpoints(dir, 3);
        checkpoints.save(trained(1));
        checkpoints.save(trained(1).advance(RoundCheckpoint.Phase.SUBMITTED, "0xabc"));

        assertThat(checkpoints.round(1)).contains(trained(1).advance(RoundCheckpoint.Phase.SUBMITTED, "0xabc"));
        assertThat(new NodeCheckpoints(dir, 3).latest()).contains(trained(1).advance(RoundCheckpoint.Phase.SUBMITTED, "0xabc"));
        assertThat(checkpoints.round(2)).isEmpty();
    }

    @Test
    void savingKeepsTheNewestNRounds() throws Exception {
        NodeCheckpoints checkpoints = new NodeCheckpoints(dir, 2);
        checkpoints.save(trained(1));
        checkpoints.save(trained(2));
        assertThat(checkpoints.save(trained(3))).as("the checkpoints pruned").containsExactly(trained(1));
        for (long r = 4; r <= 5; r++) checkpoints.save(trained(r));

        assertThat(checkpoints.rounds()).containsExactly(4L, 5L);
        assertThat(checkpoints.latest()).contains(trained(5));
    }

    @Test
    void aLeftoverTemporaryFileFromAKilledWriteIsIgnored() throws Exception {
        NodeCheckpoints checkpoints = new NodeCheckpoints(dir, 5);
        checkpoints.save(trained(1));
        Files.writeString(dir.resolve("round-000002.json.tmp"), "{\"round\": 2, \"pha");

        assertThat(checkpoints.rounds()).containsExactly(1L);
        assertThat(checkpoints.latest()).contains(trained(1));
    }

    @Test
    void theLastSeenBlockStartsAtMinusOneAndPersists() throws Exception {
        NodeCheckpoints checkpoints = new NodeCheckpoints(dir, 5);
        assertThat(checkpoints.lastSeenBlock()).isEqualTo(-1);
        checkpoints.saveLastSeenBlock(42);
        assertThat(new NodeCheckpoints(dir, 5).lastSeenBlock()).isEqualTo(42);
    }

    @Test
    void aDamagedCheckpointIsNamed() throws Exception {
        NodeCheckpoints checkpoints = new NodeCheckpoints(dir, 5);
        Files.writeString(dir.resolve("round-000007.json"), "not json");
        assertThatThrownBy(() -> checkpoints.round(7)).hasMessageStartingWith("checkpoint " + dir.resolve("round-000007.json"));
        assertThatThrownBy(() -> new NodeCheckpoints(dir, 0)).hasMessage("checkpoints kept must be >= 1, not 0");
    }
}
