package dev.defl.engine.ledger.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.ledger.AnvilFixture;
import dev.defl.engine.ledger.ChainConnection;
import dev.defl.engine.ledger.DevAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Real anvil; a 44-byte contract that emits one LOG1 (topic {@code Ping(bytes)}) with the call data on every call. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogIndexTest {
    private static final String TOPIC = Hash.sha3String("Ping(bytes)").substring(2);
    /** Init code (12 bytes: copy 44 bytes of runtime from offset 12 and return them) + runtime. */
    private static final String INIT_CODE = "602c600c60003960" + "2c6000f3"
            + "366000600037" + "7f" + TOPIC + "366000a1" + "00";

    @TempDir
    Path tmp;
    private AnvilFixture fixture;
    private ChainConnection chain;

    @BeforeAll
    void startChain(@TempDir Path chainDir) {
        fixture = new AnvilFixture(chainDir);
        chain = fixture.chain;
    }

    @AfterAll
    void stopChain() {
        fixture.close();
    }

    private TransactionReceipt send(String to, String data) {
        return fixture.sendRaw(DevAccounts.account(0), to, data, 300_000);
    }

    private String deploy() throws IOException {
        return send(null, "0x" + INIT_CODE).getContractAddress();
    }

    @Test
    void indexesEveryLogOnceAndResumesAfterReopen() throws IOException {
        String contract = deploy();
        long deployedAt = chain.blockNumber();
        Path dir = tmp.resolve("a");
        LogIndex index = LogIndex.open(dir, chain, contract, deployedAt);
        List<List<ChainLog>> batches = new ArrayList<>();
        index.addListener(batches::add);
        send(contract, "0x01");
        send(contract, "0x0202");
        assertThat(index.sync()).isEqualTo(2);
        assertThat(index.sync()).isZero();
        assertThat(index.logs()).extracting(ChainLog::data).containsExactly("0x01", "0x0202");
        assertThat(index.logs().getFirst().topics()).containsExactly("0x" + TOPIC);
        assertThat(index.lastIndexedBlock()).isEqualTo(chain.blockNumber());
        assertThat(batches).hasSize(1);

        send(contract, "0x03");
        LogIndex reopened = LogIndex.open(dir, chain, contract, deployedAt);
        assertThat(reopened.logs()).hasSize(2);
        assertThat(reopened.sync()).isEqualTo(1);
        assertThat(reopened.logs()).extracting(ChainLog::data).containsExactly("0x01", "0x0202", "0x03");
    }

    @Test
    void linesPastTheCheckpointFromACrashAreDroppedAndReadAgain() throws IOException {
        String contract = deploy();
        long deployedAt = chain.blockNumber();
        Path dir = tmp.resolve("b");
        LogIndex index = LogIndex.open(dir, chain, contract, deployedAt);
        send(contract, "0x0a");
        index.sync();
        send(contract, "0x0b");
        // Simulate a crash after appending a torn line but before the checkpoint moved.
        Files.writeString(dir.resolve("logs.jsonl"), "{\"blockNumber\":99999,\"blockH", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        LogIndex reopened = LogIndex.open(dir, chain, contract, deployedAt);
        assertThat(reopened.logs()).extracting(ChainLog::data).containsExactly("0x0a");
        reopened.sync();
        assertThat(reopened.logs()).extracting(ChainLog::data).containsExactly("0x0a", "0x0b");
        assertThat(LogIndex.open(dir, chain, contract, deployedAt).logs()).hasSize(2);
    }

    @Test
    void anIndexOfAnotherContractIsRefusedNamingBoth() throws IOException {
        String first = deploy();
        String second = deploy();
        Path dir = tmp.resolve("c");
        LogIndex.open(dir, chain, first, 0).sync();
        assertThatThrownBy(() -> LogIndex.open(dir, chain, second, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(first.toLowerCase()).hasMessageContaining(second.toLowerCase());
    }

    @Test
    void aMalformedCheckpointIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("checkpoint.json"), "{not json");
        assertThatThrownBy(() -> LogIndex.open(dir, chain, "0x00000000000000000000000000000000000000aa", 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checkpoint.json").hasMessageContaining("malformed");
    }

    @Test
    void aChainThatLostTheCheckpointBlockIsReindexed() throws IOException {
        String contract = deploy();
        long deployedAt = chain.blockNumber();
        Path dir = tmp.resolve("e");
        LogIndex index = LogIndex.open(dir, chain, contract, deployedAt);
        send(contract, "0x0c");
        index.sync();
        // Forge a checkpoint whose block hash the chain does not have (as after a reorg or a reset dev chain).
        Path cp = dir.resolve("checkpoint.json");
        String text = Files.readString(cp).replaceAll("\"lastBlockHash\":\"0x[0-9a-f]+\"",
                "\"lastBlockHash\":\"0x" + "11".repeat(32) + "\"");
        Files.writeString(cp, text);
        LogIndex reopened = LogIndex.open(dir, chain, contract, deployedAt);
        reopened.sync();
        assertThat(reopened.logs()).extracting(ChainLog::data).containsExactly("0x0c");
    }
}
