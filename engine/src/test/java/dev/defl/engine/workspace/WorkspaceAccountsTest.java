package dev.defl.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.ledger.AccountStore;
import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.PendingTransaction;
import dev.defl.engine.ledger.TransactionSender;
import dev.defl.engine.ledger.ScryptCost;
import dev.defl.engine.ledger.StoredAccount;
import java.math.BigInteger;
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
            assertThat(workspace.pendingJournal().directory()).isEqualTo(workspace.dataDir().resolve("chain/pending/31337"));
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

    @Test
    void aTransactionJournaledBeforeTheLastStopIsSentWhenTheWorkspaceOpens() throws Exception {
        PendingTransaction signed;
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            signed = TransactionSender.create(workspace.chain(), DevAccounts.account(16), workspace.pendingJournal())
                    .sign(DevAccounts.account(17).getAddress(), "0x", BigInteger.ONE, BigInteger.valueOf(21_000));
        }
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            var receipt = workspace.chain().receiptProcessor().waitForTransactionReceipt(signed.hash());
            assertThat(receipt.isStatusOK()).isTrue();
            assertThat(workspace.recoverPendingTransactions())
                    .containsExactly(new TransactionSender.Recovery(signed, TransactionSender.Outcome.MINED));
            assertThat(workspace.pendingJournal().accounts()).isEmpty();
        }
    }

    @Test
    void aRecordedDeploymentIsVerifiedWhenTheWorkspaceOpens() throws Exception {
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            // init code of a contract whose 10-byte runtime returns 42
            var receipt = TransactionSender.create(workspace.chain(), DevAccounts.account(18), workspace.pendingJournal())
                    .sendAndAwait(null, "0x69602a60005260206000f3600052600a6016f3", BigInteger.ZERO,
                            BigInteger.valueOf(100_000));
            DeploymentRecord.capture(workspace.chain(), receipt.getContractAddress(),
                    receipt.getBlockNumber().longValueExact()).save(workspace.deploymentRecordFile());
        }
        try (Workspace workspace = Workspace.openEmbedded(dir)) {
            workspace.verifyRecordedDeployment();
        }
        Files.delete(dir.resolve("chain/anvil-state.json"));

        assertThatThrownBy(() -> Workspace.openEmbedded(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no contract code at ")
                .hasMessageContaining("recorded in " + dir.toAbsolutePath().resolve("chain/deployment.json"));
    }
}
