package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.envelope.Envelope;
import dev.defl.engine.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl run --private-updates} in process on the real engine (embedded anvil and store, digits): the task is
 * private on chain and in its document, every update on chain is an envelope for the two aggregators, and the round
 * finalizes; {@code task create} offers the same option.
 */
class CliPrivateUpdatesTest {
    @TempDir
    Path dir;

    @Test
    void aPrivateRunSealsEveryUpdateForTheAggregatorsAndFinalizes() throws Exception {
        Path data = dir.resolve("data");
        Path report = dir.resolve("report.json");
        CliOutcome run = defl("run", "--dataset", "digits", "--clients", "2", "--aggregators", "2", "--rounds", "1",
                "--private-updates", "--data-dir", data.toString(), "--report", report.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("round 1  accuracy ");
        assertThat(run.stderr()).doesNotContain("left out");

        JsonNode json = new ObjectMapper().readTree(report.toFile());
        long taskId = json.get("taskId").asLong();
        try (Workspace workspace = Workspace.openEmbedded(data)) {
            var task = workspace.taskContract().task(taskId);
            assertThat(task.params().privateUpdates()).isTrue();
            JsonNode updates = json.get("rounds").get(0).get("updates");
            assertThat(updates).hasSize(2);
            for (JsonNode u : updates) {
                byte[] bytes = workspace.content().catBytes(Cid.parse(u.get("cid").asText()));
                assertThat(Envelope.recipients(bytes)).hasSize(2);
            }
        }
    }

    @Test
    void taskCreateOffersPrivateUpdates() {
        CliOutcome help = defl("task", "create", "--help");
        assertThat(help.stdout()).contains("--private-updates");
    }
}
