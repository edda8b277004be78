package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The managed anvil stopped between steps and restarted from its state file: journaled transactions
 * are looked up by hash before re-sending, and the recorded contract code is verified.
 */
class ChainConnectionRestartTest {
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);
    /** Init code returning the 10-byte runtime {@code PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN}. */
    private static final String RETURNS_42 = "0x69602a60005260206000f3600052600a6016f3";
    /** Init code returning the runtime that returns 43 instead. */
    private static final String RETURNS_43 = "0x69602b60005260206000f3600052600a6016f3";

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("chain").resolve("anvil-state.json");
    }

    private PendingJournal journal() {
        return PendingJournal.open(dir.resolve("chain").resolve("pending"));
    }

    private static ChainConnection connect(AnvilProcess anvil) {
        return ChainConnection.connect(ChainSettings.of(anvil.rpcUrl()).withExpectedChainId(AnvilProcess.CHAIN_ID));
    }

    private static long sentCount(ChainConnection chain, String from) throws Exception {
        return chain.web3j().ethGetTransactionCount(from, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
    }

    @Test
    void aTransactionJournaledButNeverBroadcastBeforeTheCrashIsResent() throws Exception {
        Credentials account = DevAccounts.account(11);
        PendingTransaction signed;
        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            signed = TransactionSender.create(chain, account, journal())
                    .sign(DevAccounts.account(12).getAddress(), "0x", BigInteger.TWO, TRANSFER_GAS);
        }
        assertThat(journal().pending(account.getAddress())).containsExactly(signed);

        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            TransactionSender sender = TransactionSender.create(chain, account, journal());
            List<TransactionSender.Recovery> recovered = sender.recover();

            assertThat(recovered).containsExactly(new TransactionSender.Recovery(signed, TransactionSender.Outcome.RESENT));
            TransactionReceipt receipt = sender.awaitReceipt(signed);
            assertThat(receipt.getTransactionHash()).isEqualTo(signed.hash());
            assertThat(journal().pending(account.getAddress())).isEmpty();
            // the nonce counter continues after the re-sent transaction
            assertThat(sender.sendAndAwait(DevAccounts.account(12).getAddress(), "0x", BigInteger.ONE, TRANSFER_GAS)
                    .isStatusOK()).isTrue();
            assertThat(sentCount(chain, sender.from())).isEqualTo(2);
        }
    }

    @Test
    void aMinedTransactionWhoseReceiptWasNotSeenIsFoundByHashAndNotResent() throws Exception {
        Credentials account = DevAccounts.account(13);
        PendingTransaction sent;
        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            sent = TransactionSender.create(chain, account, journal())
                    .send(DevAccounts.account(12).getAddress(), "0x", BigInteger.ONE, TRANSFER_GAS);
            // mined, but the "crash" comes before this process recorded the receipt (the journal keeps it)
            chain.receiptProcessor().waitForTransactionReceipt(sent.hash());
        }
        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            TransactionSender sender = TransactionSender.create(chain, account, journal());

            assertThat(sender.recover()).containsExactly(
                    new TransactionSender.Recovery(sent, TransactionSender.Outcome.MINED));
            assertThat(sentCount(chain, sender.from())).isEqualTo(1);
            assertThat(journal().pending(account.getAddress())).isEmpty();
        }
    }

    @Test
    void aLostTransactionWhoseNonceWasTakenIsReportedReplacedAndDropped() throws Exception {
        Credentials account = DevAccounts.account(14);
        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            PendingTransaction lost = TransactionSender.create(chain, account, journal())
                    .sign(DevAccounts.account(12).getAddress(), "0x", BigInteger.TEN, TRANSFER_GAS);
            // another process (no journal) uses the same nonce
            TransactionSender.create(chain, account, null)
                    .sendAndAwait(DevAccounts.account(12).getAddress(), "0x", BigInteger.ONE, TRANSFER_GAS);

            assertThat(journal().accounts()).containsExactly(account.getAddress().toLowerCase());
            // recovery needs no key: the journal holds the signed bytes
            assertThat(TransactionSender.recover(chain, journal(), account.getAddress()))
                    .containsExactly(new TransactionSender.Recovery(lost, TransactionSender.Outcome.REPLACED));
            assertThat(journal().accounts()).isEmpty();
            assertThat(journal().pending(account.getAddress())).isEmpty();
        }
    }

    @Test
    void theRecordedContractCodeIsVerifiedAfterRestartAndALostOrForeignStateIsRefused() throws Exception {
        Path recordFile = dir.resolve("chain").resolve(DeploymentRecord.FILE_NAME);
        Credentials deployer = DevAccounts.account(15);
        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            TransactionReceipt receipt = TransactionSender.create(chain, deployer, journal())
                    .sendAndAwait(null, RETURNS_42, BigInteger.ZERO, BigInteger.valueOf(100_000));
            DeploymentRecord.capture(chain, receipt.getContractAddress(), receipt.getBlockNumber().longValueExact())
                    .save(recordFile);
        }
        DeploymentRecord record = DeploymentRecord.load(recordFile).orElseThrow();

        try (AnvilProcess anvil = AnvilProcess.start(state(), 0); ChainConnection chain = connect(anvil)) {
            record.verify(chain);
        }

        Path otherState = dir.resolve("other").resolve("anvil-state.json");
        try (AnvilProcess anvil = AnvilProcess.start(otherState, 0); ChainConnection chain = connect(anvil)) {
            assertThatThrownBy(() -> record.verify(chain))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("no contract code at " + record.address() + " on " + anvil.rpcUrl())
                    .hasMessageContaining("the chain state was lost");

            // the same deployer and nonce on the other chain put different code at the same address
            TransactionSender.create(chain, deployer, null)
                    .sendAndAwait(null, RETURNS_43, BigInteger.ZERO, BigInteger.valueOf(100_000));
            assertThatThrownBy(() -> record.verify(chain))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("contract code at " + record.address())
                    .hasMessageContaining("but hash " + record.codeHash() + " was recorded");
        }
    }

    @Test
    void malformedJournalAndRecordFilesAreNamed() throws Exception {
        Path journalDir = dir.resolve("chain").resolve("pending");
        Files.createDirectories(journalDir);
        String from = DevAccounts.account(1).getAddress().toLowerCase();
        Files.writeString(journalDir.resolve(from + ".json"), "{}");
        assertThatThrownBy(() -> journal().pending(from))
                .hasMessage("malformed pending-transaction journal " + journalDir.resolve(from + ".json")
                        + ": not a JSON array");

        Path recordFile = dir.resolve(DeploymentRecord.FILE_NAME);
        Files.writeString(recordFile, "{\"address\": 1}");
        assertThatThrownBy(() -> DeploymentRecord.load(recordFile))
                .hasMessageStartingWith("malformed deployment record " + recordFile);
        assertThat(DeploymentRecord.load(dir.resolve("none.json"))).isEmpty();
    }
}
