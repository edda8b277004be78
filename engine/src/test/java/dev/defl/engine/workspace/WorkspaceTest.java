package dev.defl.engine.workspace;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workspace: one process per data directory, and content and chain state survive a restart. */
class WorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void aSecondWorkspaceOnTheSameDirectoryIsRefusedWithTheDirectoryNamed() throws Exception {
        try (Workspace first = Workspace.openEmbedded(dir)) {
            assertThatThrownBy(() -> Workspace.openEmbedded(dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("in use");
            assertThat(first.status().blockNumber()).isGreaterThanOrEqualTo(0);
        }
        try (Workspace again = Workspace.openEmbedded(dir)) {
            assertThat(again.managesChain()).isTrue();
        }
    }

    @Test
    void contentAndChainStateSurviveAClose() throws Exception {
        Cid cid;
        String contract;
        try (Workspace ws = Workspace.openEmbedded(dir)) {
            cid = ws.content().add("initial model".getBytes(StandardCharsets.UTF_8));
            TaskContract tasks = TaskContract.deploy(ws.chain(), DevAccounts.account(0));
            tasks.createTask(DevAccounts.account(0), TaskParams.of(cid, cid, 1, 1, 1, 1, 100, 100));
            contract = tasks.address();
        }
        assertThat(Files.exists(dir.resolve("chain/anvil-state.json"))).isTrue();
        try (Workspace ws = Workspace.openEmbedded(dir)) {
            assertThat(new String(ws.content().catBytes(cid), StandardCharsets.UTF_8)).isEqualTo("initial model");
            TaskContract reopened = TaskContract.at(ws.chain(), contract);
            assertThat(reopened.task(1).currentRound()).isEqualTo(1);
            assertThat(reopened.globalModel(1, 0)).contains(cid);
            WorkspaceStatus status = ws.status();
            assertThat(status.storePath()).isEqualTo(ws.content().root());
            assertThat(status.blockCount()).isEqualTo(1);
            assertThat(status.device()).startsWith("CPU");
        }
    }

    @Test
    void theTaskContractIsDeployedOnceRecordedAndItsEventsIndexedAcrossRestarts() throws Exception {
        String address;
        Cid cid;
        try (Workspace ws = Workspace.openEmbedded(dir)) {
            cid = ws.content().add("spec".getBytes(StandardCharsets.UTF_8));
            TaskContract tasks = ws.taskContract();
            assertThat(ws.taskContract()).isSameAs(tasks);
            address = tasks.address();
            assertThat(Files.readString(ws.deploymentRecordFile())).containsIgnoringCase(address.substring(2));
            tasks.createTask(DevAccounts.account(0), TaskParams.of(cid, cid, 1, 1, 1, 1, 100, 100));
            var index = ws.eventIndex();
            assertThat(index.sync()).isGreaterThanOrEqualTo(2); // TaskCreated, RoundOpened
        }
        try (Workspace ws = Workspace.openEmbedded(dir)) {
            assertThat(ws.taskContract().address()).isEqualTo(address);
            assertThat(ws.taskContract().taskCount()).isEqualTo(1);
            var index = ws.eventIndex();
            int before = index.logs().size();
            assertThat(before).isGreaterThanOrEqualTo(2);
            ws.taskContract().createTask(DevAccounts.account(0), TaskParams.of(cid, cid, 1, 1, 1, 1, 100, 100));
            assertThat(index.sync()).isGreaterThanOrEqualTo(2);
            assertThat(index.logs()).hasSizeGreaterThanOrEqualTo(before + 2);
        }
    }
}
