package dev.defl.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.ScryptCost;
import dev.defl.engine.ledger.StoredAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace's keystore is funded on the managed dev chain; a broken keystore file stops the start with its path. */
class WorkspaceAccountsTest {
    @TempDir
    Path dir;

    @Test
    void keystoreAccountsAreFundedOnTheManagedDevChain() throws Exception {
        StoredAccount account = AccountStore.open(dir, ScryptCost.LIGHT).create("pw".toCharArray());

        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            assertThat(workspace.chain().balance(account.address())).isEqualTo(Workspace.DEV_FUNDING_WEI);
            assertThat(workspace.accounts().list()).containsExactly(account);
            assertThat(workspace.managedChain()).isPresent();
            assertThat(workspace.pendingJournal().directory()).isEqualTo(workspace.dataDir().resolve("chain/pending"));
            assertThat(workspace.deploymentRecordFile()).isEqualTo(workspace.dataDir().resolve("chain/deployment.json"));
        }
    }

    @Test
    void aMalformedKeystoreFileStopsTheStartNamingTheFile() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("keystore")).resolve("UTC--broken");
        Files.writeString(broken, "not json");

        assertThatThrownBy(() -> Workspace.openEmbedded(dir))
                .hasMessageStartingWith("malformed keystore file " + broken.toAbsolutePath());
        // the data directory is released and anvil stopped: a second open gets as far as the same check
        assertThatThrownBy(() -> Workspace.openEmbedded(dir)).hasMessageContaining("malformed keystore file");
    }
}
