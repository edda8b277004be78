package dev.defl.app;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defl.engine.content.Cid;
import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import java.util.List;
import java.util.Set;
import dev.defl.engine.ledger.TxResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code defl chain ...} against a real anvil holding a real FederatedTasks contract. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliChainTest {
    private AnvilFixture fixture;
    private AnvilProcess anvil;
    private ChainConnection chain;
    private TaskContract contract;
    private long task;

    @BeforeAll
    void startChain(@TempDir Path dir) {
        fixture = new AnvilFixture(dir);
        anvil = fixture.anvil;
        chain = fixture.chain;
        contract = TaskContract.deploy(chain, DevAccounts.account(0));
        task = contract.createTask(DevAccounts.account(0), TaskParams.of(Cid.of(1, Cid.RAW, new byte[] {0}),
                Cid.of(1, Cid.RAW, new byte[] {1}), 2, 2, 1, 1, 100, 100)).taskId();
    }

    @AfterAll
    void stopChain() {
        fixture.close();
    }

    @Test
    void txPrintsTheDecodedCallReceiptAndEventsWithCids() {
        String client = DevAccounts.account(5).getAddress();
        contract.addParticipants(DevAccounts.account(0), task, List.of(client), Set.of(Role.CLIENT));
        Cid update = Cid.of(1, Cid.RAW, "weights".getBytes(StandardCharsets.UTF_8));
        TxResult tx = contract.submitUpdate(DevAccounts.account(5), task, 1, update, 600);

        CliOutcome out = defl("chain", "tx", tx.txHash(), "--rpc-url", anvil.rpcUrl());

        assertThat(out.exitCode()).as(out.stderr()).isZero();
        assertThat(out.lines()).contains("tx " + tx.txHash(), "from " + client.toLowerCase(), "status success",
                "to " + contract.address().toLowerCase());
        assertThat(out.stdout()).contains("call submitUpdate(taskId=" + task + ", round=1, cid=" + update + ", numSamples=600)")
                .contains("gas used " + tx.gasUsed())
                .contains("UpdateSubmitted(taskId=" + task + ", round=1, client=" + client.toLowerCase() + ", cid=" + update);
    }

    @Test
    void statusAndBlockDescribeTheChain() {
        CliOutcome status = defl("chain", "status", "--rpc-url", anvil.rpcUrl());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.lines()).contains("chain id " + AnvilProcess.CHAIN_ID);
        CliOutcome block = defl("chain", "block", "1", "--rpc-url", anvil.rpcUrl());
        assertThat(block.exitCode()).as(block.stderr()).isZero();
        assertThat(block.stdout()).startsWith("block 1 ").contains("(new contract) deploy");
    }

    @Test
    void badInputIsOneLineAndNonZero() {
        CliOutcome badHash = defl("chain", "tx", "0x1234", "--rpc-url", anvil.rpcUrl());
        assertThat(badHash.exitCode()).isEqualTo(1);
        assertThat(badHash.stderr().strip()).isEqualTo("chain tx: error: not a transaction hash (0x + 64 hex digits): 0x1234");
        CliOutcome unknown = defl("chain", "tx", "0x" + "00".repeat(32), "--rpc-url", anvil.rpcUrl());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("chain tx: error: no transaction 0x0000").hasLineCount(1);
        CliOutcome noBlock = defl("chain", "block", "99999", "--rpc-url", anvil.rpcUrl());
        assertThat(noBlock.stderr()).startsWith("chain block: error: no block 99999 (head is ");
        CliOutcome wrongChain = defl("chain", "status", "--rpc-url", anvil.rpcUrl(), "--chain-id", "1");
        assertThat(wrongChain.exitCode()).isEqualTo(1);
        assertThat(wrongChain.stderr()).contains("serves chain id 31337, but the configuration expects chain id 1")
                .hasLineCount(1);
        CliOutcome rightChain = defl("chain", "status", "--rpc-url", anvil.rpcUrl(), "--chain-id", "31337");
        assertThat(rightChain.exitCode()).as(rightChain.stderr()).isZero();
        CliOutcome dead = defl("chain", "status", "--rpc-url", "http://127.0.0.1:1");
        assertThat(dead.exitCode()).isEqualTo(1);
        assertThat(dead.stderr()).startsWith("chain status: error: no Ethereum JSON-RPC at http://127.0.0.1:1").hasLineCount(1);
    }

    @Test
    void aNegativeBlockNumberIsAnErrorNotBlockZero() {
        CliOutcome block = defl("chain", "block", "-1", "--rpc-url", anvil.rpcUrl());
        assertThat(block.exitCode()).isEqualTo(1);
        assertThat(block.stdout()).isEmpty();
        assertThat(block.stderr().strip()).isEqualTo("chain block: error: block number must be 0 or more, not -1");
    }

    @Test
    void statusDoesNotCreateAMissingDataDirectory(@TempDir Path dir) {
        Path missing = dir.resolve("nonexistent");
        CliOutcome status = defl("chain", "status", "--data-dir", missing.toString());
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.stderr().strip()).startsWith("chain status: error: no data directory " + missing.toAbsolutePath());
        assertThat(missing).doesNotExist();
    }
}
